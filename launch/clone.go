package launch

import "time"

// Clone returns a deep copy of s that shares nothing with it, so one
// goroutine may keep folding events into s while another reads the copy.
func (s *State) Clone() *State {
	if s == nil {
		return nil
	}
	c := *s
	if s.Launch.Params != nil {
		c.Launch.Params = make(map[string]string, len(s.Launch.Params))
		for k, v := range s.Launch.Params {
			c.Launch.Params[k] = v
		}
	}
	if s.Launch.Expected != nil {
		c.Launch.Expected = make(map[string]int64, len(s.Launch.Expected))
		for k, v := range s.Launch.Expected {
			c.Launch.Expected[k] = v
		}
	}
	c.Items = make([]*Item, len(s.Items))
	for i, it := range s.Items {
		c.Items[i] = it.clone()
	}
	c.Gate.Votes = append([]VoteRec(nil), s.Gate.Votes...)
	c.Gate.Overrides = append([]NoteRec(nil), s.Gate.Overrides...)
	c.Gate.Unmet = append([]string(nil), s.Gate.Unmet...)
	c.Monitor.Probes = make([]*ProbeState, len(s.Monitor.Probes))
	for i, p := range s.Monitor.Probes {
		c.Monitor.Probes[i] = p.clone()
	}
	c.Notes = append([]NoteRec(nil), s.Notes...)
	c.Notifies = append([]NoteRec(nil), s.Notifies...)
	c.Decisions = append([]DecisionRec(nil), s.Decisions...)
	c.Resumes = append([]NoteRec(nil), s.Resumes...)
	c.Disorder = append([]string(nil), s.Disorder...)
	c.Room = s.Room.clone()
	if s.Pending != nil {
		p := *s.Pending
		c.Pending = &p
	}
	return &c
}

func (it *Item) clone() *Item {
	c := *it
	c.Exit = copyInt(it.Exit)
	c.Value = copyFloat(it.Value)
	c.Manual = append([]string(nil), it.Manual...)
	c.Ticked = append([]string(nil), it.Ticked...)
	c.Stages = cloneStages(it.Stages)
	if it.Fleet != nil {
		c.Fleet = it.Fleet.Clone()
	}
	c.FleetRetry = append([]string(nil), it.FleetRetry...)
	if it.Waiver != nil {
		w := *it.Waiver
		c.Waiver = &w
	}
	return &c
}

func (p *ProbeState) clone() *ProbeState {
	c := *p
	c.Last = copyFloat(p.Last)
	c.History = append([]float64(nil), p.History...)
	c.Levels = append([]string(nil), p.Levels...)
	c.Times = append([]time.Time(nil), p.Times...)
	return &c
}
