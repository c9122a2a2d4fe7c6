package launch

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"golive/ballot"
	"golive/checks"
)

// wireEvent is a journal line as one flat struct: the envelope's keys and
// every key a body writes, in the order golive has always written them.
// Most events are encoded and decoded through it in one pass, their
// body's fields copied by key name; a body with its own JSON methods (a
// word for a bool, one line per condition) goes the slower way.
type wireEvent struct {
	Seq        int64              `json:"seq"`
	Time       time.Time          `json:"time"`
	Type       Type               `json:"type"`
	Phase      Phase              `json:"phase,omitempty"`
	ID         string             `json:"id,omitempty"`
	Attempt    int                `json:"attempt,omitempty"`
	Item       int                `json:"item,omitempty"`
	Attempts   int                `json:"attempts,omitempty"`
	Status     string             `json:"status,omitempty"`
	Level      string             `json:"level,omitempty"`
	Exit       *int               `json:"exit,omitempty"`
	Value      *float64           `json:"value,omitempty"`
	DurationMS int64              `json:"duration_ms,omitempty"`
	Reason     string             `json:"reason,omitempty"`
	Detail     string             `json:"detail,omitempty"`
	Who        string             `json:"who,omitempty"`
	OSUser     string             `json:"os_user,omitempty"`
	Auto       bool               `json:"auto,omitempty"`
	Launch     *LaunchInfo        `json:"launch,omitempty"`
	Stage      string             `json:"stage,omitempty"`
	StageIndex int                `json:"stage_index,omitempty"`
	Fleet      *checks.FleetEvent `json:"fleet,omitempty"`
	Ballot     *ballot.Vote       `json:"ballot,omitempty"`
	Session    *SessionInfo       `json:"session,omitempty"`
}

// bodyCodec says how a body's fields sit in a wireEvent.
type bodyCodec struct {
	t      reflect.Type
	fields [][2]int // body field index, wire field index
	custom bool     // the body has its own JSON methods
}

// codecs maps each known event type to its body's codec.
var codecs = func() map[Type]*bodyCodec {
	wt := reflect.TypeFor[wireEvent]()
	wire := map[string]int{}
	for i := 0; i < wt.NumField(); i++ {
		wire[jsonName(wt.Field(i))] = i
	}
	m := make(map[Type]*bodyCodec, len(bodies))
	for _, b := range bodies {
		t := reflect.TypeOf(b)
		c := &bodyCodec{t: t, custom: t.Implements(reflect.TypeFor[json.Marshaler]()) ||
			reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]())}
		for i := 0; i < t.NumField(); i++ {
			w, ok := wire[jsonName(t.Field(i))]
			if !ok || !t.Field(i).Type.ConvertibleTo(wt.Field(w).Type) {
				if c.custom {
					continue
				}
				panic(fmt.Sprintf("launch: %s.%s has no journal key", t.Name(), t.Field(i).Name))
			}
			c.fields = append(c.fields, [2]int{i, w})
		}
		m[b.Type()] = c
	}
	return m
}()

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// toWire is e as a journal line, false when its body needs its own JSON
// methods (or is unknown).
func toWire(e Event) (wireEvent, bool) {
	c := codecs[e.Type()]
	if c == nil || c.custom || reflect.TypeOf(e.Body) != c.t {
		return wireEvent{}, false
	}
	w := wireEvent{Seq: e.Seq, Time: e.Time, Type: e.Type(), Phase: e.Phase, ID: e.ID}
	wv := reflect.ValueOf(&w).Elem()
	bv := reflect.ValueOf(e.Body)
	for _, f := range c.fields {
		dst := wv.Field(f[1])
		dst.Set(bv.Field(f[0]).Convert(dst.Type()))
	}
	return w, true
}

// fromWire is the body of a journal line decoded as w.
func (c *bodyCodec) fromWire(w *wireEvent) Body {
	bv := reflect.New(c.t).Elem()
	wv := reflect.ValueOf(w).Elem()
	for _, f := range c.fields {
		dst := bv.Field(f[0])
		dst.Set(wv.Field(f[1]).Convert(dst.Type()))
	}
	return bv.Interface().(Body)
}
