package runbook

import (
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Role is what a person may do in a launch.
type Role string

// The roles a person may hold. A person without roles is a watcher.
const (
	RoleDriver   Role = "driver"   // may drive the launch from the cockpit
	RoleApprover Role = "approver" // may vote GO or NO-GO at the gate
	RoleWatcher  Role = "watcher"  // may watch; the default
)

// Roles lists every role, in the order messages name them.
var Roles = []Role{RoleDriver, RoleApprover, RoleWatcher}

// Person is one [[people]] entry: a name and how the system proves it.
// When a runbook has people, launch.approvers names people with the
// approver role, and a vote counts for the person its proven identity maps
// to, never for a name that was typed.
type Person struct {
	Name    string
	Roles   []Role   // at least one; RoleWatcher when none was written
	OSUser  string   // the OS user that proves this person on this host; may be empty
	SSHKeys []SSHKey // the public keys that prove this person over SSH
	Pos     Pos      // position of the [[people]] header
}

// SSHKey is one public key of a person, as written and as fingerprinted.
type SSHKey struct {
	Line        string // the authorized_keys line as written
	Fingerprint string // SHA256:... as ssh-keygen -l prints it
	Comment     string
	Pos         Pos
}

// Has reports whether the person holds role r.
func (p *Person) Has(r Role) bool {
	for _, x := range p.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Person returns the person called name, or nil.
func (r *Runbook) Person(name string) *Person {
	for _, p := range r.People {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// PersonByOSUser returns the person the OS user proves, or nil.
func (r *Runbook) PersonByOSUser(user string) *Person {
	if user == "" {
		return nil
	}
	for _, p := range r.People {
		if p.OSUser == user {
			return p
		}
	}
	return nil
}

// PersonByKey returns the person whose key has the SHA256 fingerprint, or
// nil.
func (r *Runbook) PersonByKey(fingerprint string) *Person {
	for _, p := range r.People {
		for _, k := range p.SSHKeys {
			if k.Fingerprint == fingerprint {
				return p
			}
		}
	}
	return nil
}

var peopleKeys = []string{"name", "roles", "os_user", "ssh_keys"}

// people reads [[people]] and then checks launch.approvers against them.
func (b *builder) people(root *table) {
	names := map[string]Pos{}
	users := map[string]string{}
	keys := map[string]string{}
	for _, t := range root.list("people", "[[people]]", "write [[people]] (double brackets) for each person") {
		p := &Person{Pos: t.pos()}
		if name, ok := t.str("name"); ok {
			p.Name = strings.TrimSpace(name)
			switch first, dup := names[p.Name]; {
			case p.Name == "":
				b.d.errorf(t.valPos("name"), "a person's name is empty: give each [[people]] entry a name")
			case dup:
				b.d.errorf(t.valPos("name"), "person %q is listed twice (first at %s): give each person one entry", p.Name, first)
			default:
				names[p.Name] = t.valPos("name")
			}
		} else if !t.has("name") {
			b.d.errorf(p.Pos, `[[people]] needs a name, e.g. name = "alice"`)
		}
		if roles, paths, ok := t.strs("roles"); ok {
			for i, r := range roles {
				if !containsRole(Roles, Role(r)) {
					b.d.errorf(b.d.ix.val(paths[i]), "unknown role %q for %s; use one of %s", r, orSomeone(p.Name), roleNames())
					continue
				}
				if !p.Has(Role(r)) {
					p.Roles = append(p.Roles, Role(r))
				}
			}
		}
		if len(p.Roles) == 0 {
			p.Roles = []Role{RoleWatcher}
		}
		if u, ok := t.str("os_user"); ok {
			p.OSUser = strings.TrimSpace(u)
			if p.OSUser == "" {
				b.d.errorf(t.valPos("os_user"), "os_user of %s is empty: name the OS user that proves this person, or remove it", orSomeone(p.Name))
			} else if other, dup := users[p.OSUser]; dup {
				b.d.errorf(t.valPos("os_user"), "os_user %q already proves %s: one OS user can prove only one person", p.OSUser, orSomeone(other))
			} else {
				users[p.OSUser] = p.Name
			}
		}
		if lines, paths, ok := t.strs("ssh_keys"); ok {
			for i, line := range lines {
				pos := b.d.ix.val(paths[i])
				k, err := parseSSHKey(line)
				if err != nil {
					b.d.errorf(pos, "ssh key %d of %s is not a public key (%v): paste one line of an authorized_keys or .pub file, e.g. \"ssh-ed25519 AAAA... %s@laptop\"", i+1, orSomeone(p.Name), err, p.Name)
					continue
				}
				if other, dup := keys[k.Fingerprint]; dup {
					b.d.errorf(pos, "ssh key %s already proves %s: one key can prove only one person", k.Fingerprint, orSomeone(other))
					continue
				}
				keys[k.Fingerprint] = p.Name
				k.Pos = pos
				p.SSHKeys = append(p.SSHKeys, k)
			}
		}
		t.finish(peopleKeys...)
		b.r.People = append(b.r.People, p)
	}
	if len(b.r.People) > 0 {
		b.approversArePeople(root)
	}
}

// approversArePeople checks that every name in launch.approvers is a person
// with the approver role, and that the quorum can be reached.
func (b *builder) approversArePeople(root *table) {
	l := &b.r.Launch
	lt, _ := root.m["launch"].(map[string]any)
	raw, _ := lt["approvers"].([]any)
	for i, v := range raw {
		name, ok := v.(string)
		if !ok || name == "" {
			continue // reported by the [launch] reader
		}
		pos := b.d.ix.val([]string{"launch", "approvers", strconv.Itoa(i)})
		switch p := b.r.Person(name); {
		case p == nil:
			b.d.errorf(pos, "approver %q is not one of the [[people]]: add a [[people]] entry named %q with roles = [\"approver\"], or fix the name", name, name)
		case !p.Has(RoleApprover):
			b.d.errorf(pos, "approver %q does not have the approver role: add \"approver\" to the roles of %q at %s", name, name, p.Pos)
		}
	}
	if len(l.Approvers) == 0 {
		n := 0
		for _, p := range b.r.People {
			if p.Has(RoleApprover) {
				n++
			}
		}
		switch {
		case n == 0 && len(b.r.Cutover) > 0:
			b.d.errorf(b.r.People[0].Pos, `nobody among [[people]] has the approver role, so no one could open the gate: add roles = ["approver"] to someone`)
		case l.Quorum > n && lt != nil && lt["quorum"] != nil:
			b.d.errorf(b.d.ix.val([]string{"launch", "quorum"}), "quorum %d is more than the %d people with the approver role: lower the quorum or give more people the approver role", l.Quorum, n)
		}
	}
}

// parseSSHKey parses one authorized_keys line.
func parseSSHKey(line string) (SSHKey, error) {
	pk, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return SSHKey{}, err
	}
	return SSHKey{Line: strings.TrimSpace(line), Fingerprint: ssh.FingerprintSHA256(pk), Comment: comment}, nil
}

func containsRole(rs []Role, r Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func roleNames() string { return joinNames(Roles) }

func orSomeone(name string) string {
	if name == "" {
		return "this person"
	}
	return strconv.Quote(name)
}
