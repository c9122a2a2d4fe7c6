// Command fleet measures golive's fleet runner against ansible-playbook
// alone: 200 hosts on Ansible's local connection, forks 50, a three-task
// playbook. Each round runs ansible-playbook by itself, then the same
// playbook through golive's runner (callback plugin, event stream, fold,
// and a grid snapshot per event as the cockpit takes them), alternating so
// a busy machine weighs on both alike. It prints the median wall times and
// their ratio, golive's own CPU beside Ansible's, golive's peak RSS, and
// the median time of the host grid's View at that size.
//
// Usage (from the repository root): go run ./bench/fleet [-hosts 200] [-forks 50] [-rounds 3]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"golive/checks"
	"golive/runbook"
	"golive/ui/fleet"
)

const playbook = `- name: Three tasks
  hosts: all
  gather_facts: false
  tasks:
    - name: check
      ansible.builtin.command: /bin/true
      changed_when: false
    - name: write
      ansible.builtin.copy:
        dest: "{{ out_dir }}/{{ inventory_hostname }}"
        content: "{{ version }}\n"
    - name: verify
      ansible.builtin.stat:
        path: "{{ out_dir }}/{{ inventory_hostname }}"
`

func main() {
	hosts := flag.Int("hosts", 200, "hosts in the inventory")
	forks := flag.Int("forks", 50, "ansible forks")
	rounds := flag.Int("rounds", 3, "rounds of (ansible alone, golive)")
	flag.Parse()
	if err := run(*hosts, *forks, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func run(hosts, forks, rounds int) error {
	dir, err := os.MkdirTemp("", "golive-fleet-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var inv strings.Builder
	for i := 1; i <= hosts; i++ {
		fmt.Fprintf(&inv, "host%03d ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n", i)
	}
	for name, text := range map[string]string{"hosts.ini": inv.String(), "play.yml": playbook} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	spec := &runbook.Ansible{
		Playbook: filepath.Join(dir, "play.yml"), Inventory: filepath.Join(dir, "hosts.ini"), Forks: forks,
		ExtraVars: map[string]any{"out_dir": dir, "version": "v2"},
	}
	env := append(os.Environ(), "ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, "tmp"))

	var alone, golive, ownCPU, ansibleCPU []time.Duration
	var views []time.Duration
	for r := 1; r <= rounds; r++ {
		// The version changes each round so every round writes.
		spec.ExtraVars["version"] = fmt.Sprintf("v%d", r)
		wall, err := ansibleAlone(spec, dir, env)
		if err != nil {
			return err
		}
		alone = append(alone, wall)
		spec.ExtraVars["version"] = fmt.Sprintf("w%d", r)
		res, wall, self, kids, err := throughGolive(spec, dir, env)
		if err != nil {
			return err
		}
		golive, ownCPU, ansibleCPU = append(golive, wall), append(ownCPU, self), append(ansibleCPU, kids)
		views = append(views, viewTime(res.Fleet))
		fmt.Fprintf(os.Stderr, "round %d: ansible alone %s, golive %s (%s)\n", r, alone[r-1].Round(time.Millisecond), wall.Round(time.Millisecond), res.Fleet.Summary())
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	a, g := median(alone), median(golive)
	fmt.Printf("hosts %d, forks %d, rounds %d (medians)\n", hosts, forks, rounds)
	fmt.Printf("ansible-playbook alone   %s\n", a.Round(time.Millisecond))
	fmt.Printf("through golive's runner  %s  (%.2fx)\n", g.Round(time.Millisecond), float64(g)/float64(a))
	fmt.Printf("golive's own CPU         %s  (%.1f%% of Ansible's %s)\n", median(ownCPU).Round(time.Millisecond),
		100*float64(median(ownCPU))/float64(median(ansibleCPU)), median(ansibleCPU).Round(time.Millisecond))
	fmt.Printf("golive's peak RSS        %.1f MB\n", float64(ru.Maxrss)/1024)
	fmt.Printf("grid View (%d hosts)     %s\n", hosts, median(views))
	return nil
}

// ansibleAlone runs the playbook with no golive in the way, its output
// thrown away as a terminal nobody reads would.
func ansibleAlone(spec *runbook.Ansible, dir string, env []string) (time.Duration, error) {
	vars := filepath.Join(dir, "vars.json")
	if err := os.WriteFile(vars, fmt.Appendf(nil, `{"out_dir":%q,"version":%q}`, dir, spec.ExtraVars["version"]), 0o600); err != nil {
		return 0, err
	}
	cmd := exec.Command("ansible-playbook", "-i", spec.Inventory, "--forks", fmt.Sprint(spec.Forks), "-e", "@"+vars, spec.Playbook)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, io.Discard, io.Discard
	start := time.Now()
	err := cmd.Run()
	if err != nil {
		return 0, fmt.Errorf("ansible-playbook alone: %w", err)
	}
	return time.Since(start), nil
}

// throughGolive runs the playbook through the runner, taking a grid
// snapshot per event as the cockpit's relay would at most.
func throughGolive(spec *runbook.Ansible, dir string, env []string) (checks.AnsibleResult, time.Duration, time.Duration, time.Duration, error) {
	var before, kidsBefore syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kidsBefore)
	grid := fleet.New()
	grid.SetSize(120, 40)
	last := time.Time{}
	start := time.Now()
	res := checks.RunAnsible(context.Background(), checks.AnsibleRun{Spec: spec, Dir: dir, Env: env}, checks.AnsibleIO{
		Output: io.Discard,
		OnEvent: func(e checks.FleetEvent, _ []checks.HostChange, f *checks.Fleet) {
			// The cockpit redraws at most ~30 times a second.
			if now := time.Now(); now.Sub(last) > 33*time.Millisecond {
				last = now
				grid.SetFleet(f.Clone(), now)
				_ = grid.View()
			}
		},
	})
	wall := time.Since(start)
	var after, kidsAfter syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kidsAfter)
	if !res.Passed {
		return res, 0, 0, 0, fmt.Errorf("golive run failed: %s", res.Reason)
	}
	return res, wall, cpu(after) - cpu(before), cpu(kidsAfter) - cpu(kidsBefore), nil
}

func cpu(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// viewTime is the median time of the grid's View over the final fleet.
func viewTime(f *checks.Fleet) time.Duration {
	grid := fleet.New()
	grid.SetSize(120, 40)
	grid.SetFleet(f, time.Now())
	var ds []time.Duration
	for range 500 {
		start := time.Now()
		_ = grid.View()
		ds = append(ds, time.Since(start))
	}
	return median(ds)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
