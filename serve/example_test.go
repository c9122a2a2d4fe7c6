package serve_test

import (
	"fmt"
	"log"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"golive/serve"
)

// A server for one person, whose model greets them at their own size.
func Example() {
	alice, _, _, _, err := gossh.ParseAuthorizedKey([]byte(
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ54/aOaiheBtgl/MJinrJgTCWMMJqAY0bMauwjRQEIf alice@laptop"))
	if err != nil {
		log.Fatal(err)
	}
	srv, err := serve.New(serve.Options{
		HostKeyFile: "host_key",
		Lookup: func(key gossh.PublicKey) (serve.Person, bool) {
			if serve.Fingerprint(key) == serve.Fingerprint(alice) {
				return serve.Person{Name: "alice", Roles: []string{"driver"}}, true
			}
			return serve.Person{}, false
		},
		NewModel: func(s serve.Session) tea.Model { return greeting{s} },
		OnOpen: func(s serve.Session) {
			log.Printf("session %d opened: %s from %s at %dx%d", s.ID, s.Person.Name, s.RemoteAddr, s.Width, s.Height)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s, host key %s\n", srv.Addr(), srv.Fingerprint())
	defer srv.Close()
	log.Fatal(srv.Serve())
}

type greeting struct{ s serve.Session }

func (g greeting) Init() tea.Cmd { return nil }

func (g greeting) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "q" {
		return g, tea.Quit
	}
	return g, nil
}

func (g greeting) View() string {
	hello := g.s.Renderer.NewStyle().Bold(true).Render("hello " + g.s.Person.Name)
	return hello + "\n" + strings.Join(g.s.Person.Roles, ", ")
}
