package launch

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The sessions and driver changes of golive serve fold into State.Room
// and come out of the report as "Who was there", in JSON and Markdown.
func TestRoomFoldsIntoTheReport(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	alice := &SessionInfo{ID: 1, Person: "alice", Role: "driver", Key: "SHA256:abc", Addr: "127.0.0.1:5000", Cols: 80, Rows: 24}
	bob := &SessionInfo{ID: 2, Person: "bob", Role: "approver", Key: "SHA256:def", Addr: "127.0.0.1:5001", Cols: 200, Rows: 50}
	evs := []Event{
		{Seq: 1, Time: t0, Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "x", Name: "demo"}}},
		{Seq: 2, Time: t0.Add(time.Second), Body: SessionOpenedBody{Who: "alice", Session: alice}},
		{Seq: 3, Time: t0.Add(time.Second), Body: DriverChangedBody{Who: "alice", Reason: "the first driver to connect", Session: alice}},
		{Seq: 4, Time: t0.Add(2 * time.Second), Body: SessionOpenedBody{Who: "bob", Session: bob}},
		{Seq: 5, Time: t0.Add(3 * time.Second), Body: SessionClosedBody{Who: "alice", Session: &SessionInfo{ID: 1, Person: "alice", Cols: 100, Rows: 30}}},
		{Seq: 6, Time: t0.Add(3 * time.Second), Body: DriverChangedBody{Reason: "alice's session closed"}},
	}
	st := NewState(nil)
	for _, e := range evs {
		st.Apply(e)
	}
	c := st.Clone()
	st.Room.Sessions[0].Person = "changed"
	if c.Room.Sessions[0].Person != "alice" {
		t.Fatal("Clone shares the room's sessions")
	}
	if c.Room.Driver != "" || len(c.Room.Drivers) != 2 {
		t.Errorf("room %+v: want nobody driving after two changes", c.Room)
	}
	rep := BuildReport(c)
	var buf bytes.Buffer
	if err := WriteReportJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Room struct {
			Sessions []struct {
				Person string
				Key    string
				Cols   int
				Closed *time.Time
			}
			Drivers []DriverRec
		} `json:"who_was_there"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	s := got.Room.Sessions
	if len(s) != 2 || s[0].Key != "SHA256:abc" || s[0].Cols != 100 || s[0].Closed == nil || s[1].Closed != nil {
		t.Errorf("sessions %+v", s)
	}
	buf.Reset()
	if err := WriteReportMarkdown(&buf, rep); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{"## Who was there", "`SHA256:def`", "still connected at the end", "alice drives", "nobody drives"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if line := FormatLine(evs[1], time.UTC); line != "22:00:01 launch - session-opened 1 alice role=driver key=SHA256:abc from=127.0.0.1:5000 size=80x24" {
		t.Errorf("headless line %q", line)
	}
	if BuildReport(NewState(nil)).Room != nil {
		t.Error("a launch nobody served has a Who was there section")
	}
}
