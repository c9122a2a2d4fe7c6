package launch

// Journal is the append-only record of one launch: journal.jsonl, one
// Event a line. Urgent events are fsynced before Append returns; probe
// samples are batched and synced at least once a second.
type Journal struct{}

// CreateJournal creates journal.jsonl in the launch directory dir.
func CreateJournal(dir string) (*Journal, error) { panic("to be written") }

// OpenJournal reopens the journal of dir for appending (resume), first
// cutting a torn last line.
func OpenJournal(dir string) (*Journal, error) { panic("to be written") }

// Append writes e; see Journal for when it is synced.
func (j *Journal) Append(e Event) error { panic("to be written") }

// Close syncs and closes the journal.
func (j *Journal) Close() error { panic("to be written") }

// ReadJournal reads the events of a journal file. A torn last line (a
// crash mid-write) is ignored; any other bad line is an error naming it.
func ReadJournal(path string) ([]Event, error) { panic("to be written") }
