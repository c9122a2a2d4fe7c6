// Package safe is the boundary between untrusted text and the operator's
// terminal. Step output, HTTP bodies, DNS answers and even names from a
// runbook can carry escape sequences that would set the clipboard, rename
// the window, move the cursor, clear the screen or ask the terminal to
// answer a query. Everything shown by golive passes through this package.
//
// Text keeps colours (SGR) and line breaks and drops every other control
// sequence whole, payload included. Plain also drops colours and folds the
// text onto one line. Scanner is the streaming tokenizer both are built on;
// the output pane uses it directly so that it can apply carriage returns,
// backspaces and simple line rewrites itself.
//
// The tokenizer is written here rather than taken from x/ansi's
// DecodeSequence because that decoder indexes its parameter array without a
// bound (a CSI with more than 32 parameters panics), lets an unterminated
// string swallow all that follows, and does not treat the UTF-8 encodings
// of the C1 controls (U+0080 to U+009F) as controls. Widths still come from
// x/ansi.
package safe
