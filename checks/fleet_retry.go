package checks

// Reset puts hosts back to pending before a run that covers them again (a
// retry of the failed hosts, or a re-run of the whole step), so that their
// new results decide their status rather than the failure they had. What
// a host went through stays: its earlier results, and whether a task
// changed it (a rollback must still undo that). Hosts not in the fleet are
// added as pending; no hosts at all resets every host.
func (f *Fleet) Reset(hosts ...string) {
	if len(hosts) == 0 {
		for _, h := range f.Hosts {
			hosts = append(hosts, h.Name)
		}
	}
	f.Done, f.Task, f.Current = false, "", nil
	for _, name := range hosts {
		h := f.host(name)
		f.setStatus(h, HostPending, "", "", h.Updated)
		h.Running, h.FailedTask, h.Msg = false, "", ""
	}
}

// Finished names the hosts whose run is over after a run that did not end
// (the driver died mid-playbook): those with a result that are neither
// failed nor in the batch that was running. Interrupted names the others.
func (f *Fleet) Finished() []string {
	var out []string
	for _, h := range f.Hosts {
		if !f.interrupted(h) {
			out = append(out, h.Name)
		}
	}
	return out
}

// Interrupted names the hosts a retry of an interrupted run must cover:
// the failed, unreachable and pending hosts, and, unless the play recap
// arrived, the hosts of the batch that was running (their remaining tasks
// never ran).
func (f *Fleet) Interrupted() []string {
	var out []string
	for _, h := range f.Hosts {
		if f.interrupted(h) {
			out = append(out, h.Name)
		}
	}
	return out
}

func (f *Fleet) interrupted(h HostState) bool {
	if h.Status.Bad() || h.Status == HostPending || h.Running {
		return true
	}
	return !f.Done && contains(f.Current, h.Name)
}
