package launch

import (
	"context"
	"fmt"
	"time"

	"golive/checks"
	"golive/runbook"
)

// inventoryTimeout bounds ansible-inventory --list when plan counts hosts.
const inventoryTimeout = 30 * time.Second

// writeFleetPlan shows a fleet step's playbook, inventory, limit, failure
// budget and host count (from ansible-inventory --list). An inventory that cannot be read costs the count,
// not the plan.
func writeFleetPlan(p func(string, ...any), rb *runbook.Runbook, s *runbook.Step, mask func(string) string) {
	a := s.Ansible
	const in = "        "
	p("%sansible:  %s\n", in, oneLine(mask(a.Target())))
	p("%splaybook: %s\n", in, plain(a.PlaybookSrc))
	if a.InventorySrc != "" {
		p("%sinventory: %s\n", in, plain(a.InventorySrc))
	}
	if a.Limit != "" {
		p("%slimit:    %s\n", in, plain(a.Limit))
	}
	if s.MaxFail.Src != "" {
		p("%smax_fail: %s\n", in, s.MaxFail)
	}
	if s.RehearseCheck {
		p("%srehearse: check mode (--check --diff) under --rehearse\n", in)
	}
	p("%shosts:    %s\n", in, hostCount(rb, s))
}

// hostCount says how many hosts the step's limit selects.
func hostCount(rb *runbook.Runbook, s *runbook.Step) string {
	ctx, cancel := context.WithTimeout(context.Background(), inventoryTimeout)
	defer cancel()
	inv, err := checks.LoadInventory(ctx, s.Ansible, firstNonEmpty(s.Workdir, rb.Dir), nil)
	if err != nil {
		return "unknown (" + oneLine(err.Error()) + ")"
	}
	count := func(limit string) string {
		hosts, err := inv.Select(limit)
		if err != nil {
			return "unknown (" + oneLine(err.Error()) + ")"
		}
		return fmt.Sprintf("%d (%s)", len(hosts), hostList(hosts))
	}
	if s.Ansible.UsesStage() {
		return "chosen per stage by the limit " + plain(s.Ansible.Limit) + "; the whole inventory has " + count("")
	}
	return count(s.Ansible.LimitFor("", ""))
}

// fleetRemaining is what plan --remaining adds to a fleet step that has
// not completed: the hosts that had finished and those left to run.
func fleetRemaining(it *Item) string {
	if it.Fleet == nil || len(it.Fleet.Hosts) == 0 {
		return ""
	}
	return fmt.Sprintf("\n      hosts finished: %s\n      hosts left: %s", hostList(it.Fleet.Finished()), hostList(it.Fleet.Interrupted()))
}
