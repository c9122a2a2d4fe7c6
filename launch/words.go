package launch

import "strings"

// Words is the status as a person reads it: "rolled back", not
// "rolled_back". JSON keeps the machine form; screens and Markdown use
// this one.
func (s ItemStatus) Words() string { return strings.ReplaceAll(string(s), "_", " ") }

// OutcomeWords is an outcome or verdict as a person reads it.
func OutcomeWords(o string) string { return strings.ReplaceAll(o, "_", " ") }
