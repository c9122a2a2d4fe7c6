package checks

import (
	"golive/runbook"
)

// defaultExpect is what a check without expect must satisfy, by kind:
// run exit == 0; http status < 400; tcp connects; dns at least one
// answer; tls days_left > 0 (the chain and host name are verified by the
// check itself unless insecure); prometheus exactly one value (the query
// itself fails on no series or several).
func defaultExpect(c *runbook.Check) []runbook.Condition {
	num := func(subj runbook.Subject, op runbook.Op, n float64, src string) runbook.Condition {
		return runbook.Condition{Source: src, Subject: subj, Op: op,
			Operand: runbook.Operand{Kind: runbook.OperandNumber, Num: n}}
	}
	switch c.Kind {
	case runbook.KindRun:
		return []runbook.Condition{num(runbook.SubjExit, runbook.OpEq, 0, "exit == 0")}
	case runbook.KindHTTP:
		return []runbook.Condition{num(runbook.SubjStatus, runbook.OpLt, 400, "status < 400")}
	case runbook.KindTCP:
		return []runbook.Condition{{Source: "connects == true", Subject: runbook.SubjConnects, Op: runbook.OpEq,
			Operand: runbook.Operand{Kind: runbook.OperandBool, Bool: true}}}
	case runbook.KindDNS:
		return []runbook.Condition{num(runbook.SubjCount, runbook.OpGe, 1, "count >= 1")}
	case runbook.KindTLS:
		return []runbook.Condition{num(runbook.SubjDaysLeft, runbook.OpGt, 0, "days_left > 0")}
	}
	return nil
}
