package launch

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// UnknownBody is the body of an event of a type this golive does not
// know, read from a journal a newer golive wrote. It keeps the line's
// other keys as they were, so the event can be written again unchanged;
// the fold skips it.
type UnknownBody struct {
	Name   Type            // the type named in the journal
	Fields json.RawMessage // the line's keys other than the envelope's, as a JSON object
}

// Type is the type the journal named.
func (b UnknownBody) Type() Type { return b.Name }
func (UnknownBody) isBody()      {}

// envelope is the part of a journal line every event has.
type envelope struct {
	Seq   int64     `json:"seq"`
	Time  time.Time `json:"time"`
	Type  Type      `json:"type"`
	Phase Phase     `json:"phase,omitempty"`
	ID    string    `json:"id,omitempty"`
}

// known reports whether this golive knows (and folds) events of type t.
func known(t Type) bool {
	_, ok := codecs[t]
	return ok
}

// MarshalJSON writes the event as the journal has always had it: one
// flat object, the envelope's keys (seq, time, type, phase, id) and then
// the body's.
func (e Event) MarshalJSON() ([]byte, error) {
	if w, ok := toWire(e); ok {
		return json.Marshal(w)
	}
	head, err := json.Marshal(envelope{Seq: e.Seq, Time: e.Time, Type: e.Type(), Phase: e.Phase, ID: e.ID})
	if err != nil {
		return nil, err
	}
	var body []byte
	switch b := e.Body.(type) {
	case nil:
	case UnknownBody:
		body = b.Fields
	default:
		if body, err = json.Marshal(b); err != nil {
			return nil, err
		}
	}
	body = bytes.TrimSpace(body)
	if len(body) <= 2 { // nothing, or "{}"
		return head, nil
	}
	out := make([]byte, 0, len(head)+len(body))
	out = append(out, head[:len(head)-1]...)
	out = append(out, ',')
	return append(out, body[1:]...), nil
}

// UnmarshalJSON reads a journal line: the envelope, then the body its
// type names. A line of an unknown type gets an UnknownBody; a line
// without a type gets no body.
func (e *Event) UnmarshalJSON(data []byte) error {
	var w wireEvent
	werr := json.Unmarshal(data, &w)
	if werr != nil {
		// A newer golive's line may give a known key another shape: read
		// its envelope alone.
		var env envelope
		if err := json.Unmarshal(data, &env); err != nil {
			return err
		}
		w = wireEvent{Seq: env.Seq, Time: env.Time, Type: env.Type, Phase: env.Phase, ID: env.ID}
	}
	*e = Event{Seq: w.Seq, Time: w.Time, Phase: w.Phase, ID: w.ID}
	if w.Type == "" {
		return nil
	}
	c := codecs[w.Type]
	switch {
	case c == nil:
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &fields); err != nil {
			return err
		}
		for _, k := range []string{"seq", "time", "type", "phase", "id"} {
			delete(fields, k)
		}
		raw, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		e.Body = UnknownBody{Name: w.Type, Fields: raw}
	case werr != nil:
		return werr
	case c.custom:
		p := reflect.New(c.t)
		if err := json.Unmarshal(data, p.Interface()); err != nil {
			return err
		}
		e.Body = p.Elem().Interface().(Body)
	default:
		e.Body = c.fromWire(&w)
	}
	return nil
}

// The bodies whose journal keys are not their fields: a word for a
// bool, one line per condition.

type holdSetWire struct {
	Status string `json:"status,omitempty"`
	Who    string `json:"who,omitempty"`
}

// MarshalJSON writes On as status "on" or "off".
func (b HoldSetBody) MarshalJSON() ([]byte, error) {
	w := holdSetWire{Status: "off", Who: b.Who}
	if b.On {
		w.Status = "on"
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads status "on" as On.
func (b *HoldSetBody) UnmarshalJSON(data []byte) error {
	var w holdSetWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = HoldSetBody{On: w.Status == "on", Who: w.Who}
	return nil
}

// refusedSpent is the status journaled for a GateRefused that spends the
// votes: the quorum's GO was refused by the window or a freeze.
const refusedSpent = "spent"

type gateRefusedWire struct {
	Status string `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	What   string `json:"detail,omitempty"`
	Who    string `json:"who,omitempty"`
	OSUser string `json:"os_user,omitempty"`
}

// MarshalJSON writes Spent as status "spent".
func (b GateRefusedBody) MarshalJSON() ([]byte, error) {
	w := gateRefusedWire{Reason: b.Reason, What: b.What, Who: b.Who, OSUser: b.OSUser}
	if b.Spent {
		w.Status = refusedSpent
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads status "spent" as Spent.
func (b *GateRefusedBody) UnmarshalJSON(data []byte) error {
	var w gateRefusedWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = GateRefusedBody{Spent: w.Status == refusedSpent, Reason: w.Reason, What: w.What, Who: w.Who, OSUser: w.OSUser}
	return nil
}

type gateWaitingWire struct {
	Detail string `json:"detail,omitempty"`
}

// MarshalJSON writes the unmet conditions one a line in detail.
func (b GateWaitingBody) MarshalJSON() ([]byte, error) {
	return json.Marshal(gateWaitingWire{Detail: strings.Join(b.Unmet, "\n")})
}

// UnmarshalJSON reads detail's lines as the unmet conditions.
func (b *GateWaitingBody) UnmarshalJSON(data []byte) error {
	var w gateWaitingWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = GateWaitingBody{}
	if w.Detail != "" {
		b.Unmet = strings.Split(w.Detail, "\n")
	}
	return nil
}

// masked returns b with its free text passed through mask and a number
// read from a secret dropped. Free text is every string field journaled
// as "reason" or "detail", and the unmet conditions of GateWaiting.
func masked(b Body, mask func(string) string, hides func(float64) bool) Body {
	switch x := b.(type) {
	case nil, UnknownBody:
		return b
	case GateWaitingBody:
		if len(x.Unmet) == 0 {
			return b
		}
		un := make([]string, len(x.Unmet))
		for i, s := range x.Unmet {
			un[i] = mask(s)
		}
		x.Unmet = un
		return x
	}
	v := reflect.New(reflect.TypeOf(b)).Elem()
	v.Set(reflect.ValueOf(b))
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "reason" || name == "detail" {
			if f.Type == reflect.TypeFor[string]() {
				v.Field(i).SetString(mask(v.Field(i).String()))
			}
		}
		if name == "value" && f.Type == reflect.TypeFor[*float64]() {
			if p := v.Field(i).Interface().(*float64); p != nil && hides(*p) {
				v.Field(i).Set(reflect.Zero(f.Type))
			}
		}
	}
	return v.Interface().(Body)
}

// Who is who the event names as its actor (the person, the voter, the
// driver), "" when its body has no one.
func (e Event) Who() string { return bodyText(e.Body, "who") }

// Reason is the event's reason, "" when its body has none.
func (e Event) Reason() string { return bodyText(e.Body, "reason") }

// bodyText is the string field of b journaled under key.
func bodyText(b Body, key string) string {
	if b == nil {
		return ""
	}
	v := reflect.ValueOf(b)
	if v.Kind() != reflect.Struct {
		return ""
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key && f.Type == reflect.TypeFor[string]() {
			return v.Field(i).String()
		}
	}
	return ""
}
