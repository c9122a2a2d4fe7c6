package launch

// Unticking a checklist item: a tick can be taken back while the step
// still waits (its last tick ends the step, and the cockpit asks before
// sending that one).
const (
	// CmdUntick takes back the tick of item Index of step ID; Who.
	CmdUntick CommandKind = "untick"
	// ItemUnticked: Phase, ID. Body: ItemUntickedBody (the item's number
	// from 1, its text, who).
	ItemUnticked Type = "item_unticked"
)

// untick applies CmdUntick to a waiting checklist whose ticks are in
// ticked; it reports whether the tick was taken back.
func (e *Engine) untick(c Command, id string, manual []string, ticked []bool) bool {
	if c.Kind != CmdUntick || c.ID != id || c.Index < 0 || c.Index >= len(ticked) || !ticked[c.Index] {
		return false
	}
	ticked[c.Index] = false
	e.emit(Event{Phase: PhaseCutover, ID: id, Body: ItemUntickedBody{Item: c.Index + 1, Text: manual[c.Index], Who: c.Who}})
	return true
}
