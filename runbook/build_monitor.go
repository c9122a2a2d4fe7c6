package runbook

import "time"

// The defaults of the monitor's actions on a breach.
const (
	DefaultAutoRollbackDelay = 30 * time.Second
	DefaultAfterRollback     = time.Minute
)

// monitorActions reads what the monitor does on a breach and after a
// rollback: auto_rollback, its countdown, and the post-rollback soak.
func (b *builder) monitorActions(t *table, m *Monitor) {
	if v := t.boolean("auto_rollback"); v != nil {
		m.AutoRollback = *v
	}
	if d := t.duration("auto_rollback_delay"); d != nil {
		if *d == 0 {
			b.d.errorf(t.valPos("auto_rollback_delay"), "auto_rollback_delay must be more than 0: it is the driver's time to cancel")
		} else {
			m.AutoRollbackDelay = *d
		}
		if !t.has("auto_rollback") {
			b.d.errorf(t.keyPos("auto_rollback_delay"), "auto_rollback_delay without auto_rollback = true does nothing: add auto_rollback = true or remove it")
		}
	}
	if d := t.duration("after_rollback"); d != nil {
		m.AfterRollback = *d
	}
}

// description reads the Markdown description of a check or step.
func (b *builder) description(t *table) string {
	s, _ := t.str("description")
	return s
}
