// pie drops its start-up pages and then leans on its relocated read-only
// data (type descriptors, interface tables, a table of pointers), built
// position-independent by TestReleaseKeepsAPositionIndependentBuildWhole.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"golive/internal/startpages"
)

type step struct {
	ID    string   `json:"id"`
	Needs []string `json:"needs"`
}

var names = [...]*string{&one, &two, &three}

var one, two, three = "one", "two", "three"

func main() {
	released := startpages.Release()
	var words []string
	for _, p := range names {
		words = append(words, *p)
	}
	sort.Strings(words)
	b, err := json.Marshal([]any{step{ID: "switch", Needs: words}, fmt.Errorf("wrapped: %w", os.ErrNotExist)})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("%d %s %T\n", released, b, step{})
}
