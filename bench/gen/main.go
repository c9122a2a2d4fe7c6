// Command gen prints coloured progress output for the flood benchmark:
// each line is a progress bar redrawn with '\r' ten times, then finished,
// as package managers and image pulls print.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	lines := flag.Int("lines", 200000, "how many finished lines to print")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 64<<10)
	const bar = "##########"
	for i := range *lines {
		for p := 0; p <= 100; p += 10 {
			fmt.Fprintf(w, "\r\x1b[1;34mitem %6d\x1b[0m [\x1b[32m%-10s\x1b[0m] %3d%%", i, bar[:p/10], p)
		}
		w.WriteString("\x1b[K\n")
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
