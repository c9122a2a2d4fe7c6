package runbook

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// index maps the key paths of a runbook's source to where they are written.
// BurntSushi/toml keeps no positions for decoded keys, so this small
// scanner walks the text itself: table and array-of-table headers, dotted
// and quoted keys, inline tables and arrays. It only runs on text the TOML
// parser accepted, but it never panics on anything else either.
//
// A path is the chain of keys from the root with the index of every
// array-of-tables or array element, e.g. preflight/2/http/url or
// preflight/0/expect/1.
type index struct {
	file  string
	src   string
	lines []int          // byte offset where each line starts
	keys  map[string]int // path -> offset of its key (or table header)
	vals  map[string]int // path -> offset of its value
}

const pathSep = "\x00"

func joinPath(path []string) string { return strings.Join(path, pathSep) }

// child returns path extended by keys, never sharing path's backing array.
func child(path []string, keys ...string) []string {
	out := make([]string, 0, len(path)+len(keys))
	return append(append(out, path...), keys...)
}

func newIndex(file, src string) *index {
	ix := &index{file: file, src: src, lines: []int{0}, keys: map[string]int{}, vals: map[string]int{}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			ix.lines = append(ix.lines, i+1)
		}
	}
	sc := &scanner{ix: ix, src: src, arrays: map[string]int{}}
	if strings.HasPrefix(src, "\uFEFF") {
		sc.i = 3
	}
	sc.run()
	return ix
}

// pos turns a byte offset into a 1-based line and character column.
func (ix *index) pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(ix.src) {
		off = len(ix.src)
	}
	lo, hi := 0, len(ix.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	start := ix.lines[lo]
	col := utf8.RuneCountInString(ix.src[start:off]) + 1
	if lo == 0 && strings.HasPrefix(ix.src, "\uFEFF") && col > 1 {
		col-- // the byte order mark is not a column anyone can see
	}
	return Pos{File: ix.file, Line: lo + 1, Col: col}
}

// key returns where path's key is written, falling back to its nearest
// written ancestor (and to the top of the file).
func (ix *index) key(path []string) Pos {
	for n := len(path); n > 0; n-- {
		if off, ok := ix.keys[joinPath(path[:n])]; ok {
			return ix.pos(off)
		}
	}
	return Pos{File: ix.file, Line: 1, Col: 1}
}

// val returns where path's value starts (its key when unknown).
func (ix *index) val(path []string) Pos {
	if off, ok := ix.vals[joinPath(path)]; ok {
		return ix.pos(off)
	}
	return ix.key(path)
}

// find returns the position of the first needle at or after path's value,
// or the value's own position when it is not there.
func (ix *index) find(path []string, needle string) Pos {
	off, ok := ix.vals[joinPath(path)]
	if !ok {
		return ix.key(path)
	}
	if i := strings.Index(ix.src[off:], needle); i >= 0 {
		return ix.pos(off + i)
	}
	return ix.pos(off)
}

// keyOffset reports the offset of path's key, for ordering keys as written.
func (ix *index) keyOffset(path []string) int {
	if off, ok := ix.keys[joinPath(path)]; ok {
		return off
	}
	return len(ix.src)
}

// scanner is the cursor that fills an index.
type scanner struct {
	ix     *index
	src    string
	i      int
	table  []string       // the path of the current [table] or [[array]] element
	arrays map[string]int // resolved path of an array of tables -> elements seen
}

func (s *scanner) run() {
	for s.i < len(s.src) {
		start := s.i
		s.skipSpace(true)
		if s.i >= len(s.src) {
			return
		}
		switch c := s.src[s.i]; {
		case c == '[':
			s.header()
		case c == '#':
			s.skipLine()
		default:
			s.keyValue(s.table)
		}
		s.skipLine()
		if s.i == start {
			s.i++ // never stall on text the scanner does not understand
		}
	}
}

// header reads [a.b] or [[a.b]] and makes it the current table.
func (s *scanner) header() {
	start := s.i
	array := strings.HasPrefix(s.src[s.i:], "[[")
	if array {
		s.i += 2
	} else {
		s.i++
	}
	segs := s.keySegments()
	var path []string
	for j, seg := range segs {
		path = append(path, seg)
		k := joinPath(path)
		if _, ok := s.ix.keys[k]; !ok {
			s.ix.keys[k] = start // implicit parents point at their first child
		}
		if j == len(segs)-1 && array {
			n := s.arrays[k]
			s.arrays[k] = n + 1
			path = append(path, strconv.Itoa(n))
			s.ix.keys[joinPath(path)] = start
		} else if n, ok := s.arrays[k]; ok && n > 0 {
			path = append(path, strconv.Itoa(n-1))
		}
	}
	if !array && len(segs) > 0 {
		s.ix.keys[joinPath(path)] = start
	}
	s.table = path
}

// keyValue reads `dotted.key = value` under the table at path.
func (s *scanner) keyValue(path []string) {
	start := s.i
	segs := s.keySegments()
	if len(segs) == 0 {
		return
	}
	full := child(path, segs...)
	for j := len(path) + 1; j < len(full); j++ {
		k := joinPath(full[:j])
		if _, ok := s.ix.keys[k]; !ok {
			s.ix.keys[k] = start
		}
	}
	s.ix.keys[joinPath(full)] = start
	s.skipSpace(false)
	if s.i < len(s.src) && s.src[s.i] == '=' {
		s.i++
		s.skipSpace(false)
		s.value(full)
	}
}

// keySegments reads a (possibly dotted, possibly quoted) key.
func (s *scanner) keySegments() []string {
	var segs []string
	for s.i < len(s.src) {
		s.skipSpace(false)
		if s.i >= len(s.src) {
			break
		}
		switch c := s.src[s.i]; {
		case c == '"' || c == '\'':
			raw := s.stringToken()
			segs = append(segs, unquoteKey(raw))
		case isBare(c):
			j := s.i
			for j < len(s.src) && isBare(s.src[j]) {
				j++
			}
			segs = append(segs, s.src[s.i:j])
			s.i = j
		default:
			return segs
		}
		s.skipSpace(false)
		if s.i < len(s.src) && s.src[s.i] == '.' {
			s.i++
			continue
		}
		return segs
	}
	return segs
}

func unquoteKey(raw string) string {
	if strings.HasPrefix(raw, "'") {
		return strings.Trim(raw, "'")
	}
	if u, err := strconv.Unquote(raw); err == nil {
		return u
	}
	return strings.Trim(raw, `"`)
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// value reads one value at path, recording where it starts.
func (s *scanner) value(path []string) {
	if s.i >= len(s.src) {
		return
	}
	s.ix.vals[joinPath(path)] = s.i
	switch s.src[s.i] {
	case '"', '\'':
		s.stringToken()
	case '{':
		s.inlineTable(path)
	case '[':
		s.array(path)
	default:
		for s.i < len(s.src) && !strings.ContainsRune(",]}#\n", rune(s.src[s.i])) {
			s.i++
		}
	}
}

func (s *scanner) inlineTable(path []string) {
	s.i++ // {
	for s.i < len(s.src) {
		s.skipSpace(true)
		if s.i >= len(s.src) {
			return
		}
		switch s.src[s.i] {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		case '#':
			s.skipComment()
			continue
		}
		start := s.i
		s.keyValue(path)
		if s.i == start {
			s.i++
		}
	}
}

func (s *scanner) array(path []string) {
	s.i++ // [
	n := 0
	for s.i < len(s.src) {
		s.skipSpace(true)
		if s.i >= len(s.src) {
			return
		}
		switch s.src[s.i] {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			continue
		case '#':
			s.skipComment()
			continue
		}
		start := s.i
		elem := child(path, strconv.Itoa(n))
		s.ix.keys[joinPath(elem)] = s.i
		s.value(elem)
		n++
		if s.i == start {
			s.i++
		}
	}
}

// stringToken skips one basic, literal or multi-line string and returns
// its raw text.
func (s *scanner) stringToken() string {
	start := s.i
	q := s.src[s.i]
	if strings.HasPrefix(s.src[s.i:], strings.Repeat(string(q), 3)) {
		s.i += 3
		end := string([]byte{q, q, q})
		for s.i < len(s.src) {
			if q == '"' && s.src[s.i] == '\\' {
				s.i += 2
				continue
			}
			if strings.HasPrefix(s.src[s.i:], end) {
				s.i += 3
				for s.i < len(s.src) && s.src[s.i] == q { // up to two quotes may end the content
					s.i++
				}
				break
			}
			s.i++
		}
	} else {
		s.i++
		for s.i < len(s.src) && s.src[s.i] != '\n' {
			c := s.src[s.i]
			if q == '"' && c == '\\' {
				s.i += 2
				continue
			}
			s.i++
			if c == q {
				break
			}
		}
	}
	if s.i > len(s.src) {
		s.i = len(s.src)
	}
	return s.src[start:s.i]
}

// skipSpace skips blanks, and newlines and comments too when lines is set.
func (s *scanner) skipSpace(lines bool) {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			if !lines {
				return
			}
			s.i++
		case '#':
			if !lines {
				return
			}
			s.skipComment()
		default:
			return
		}
	}
}

func (s *scanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipLine moves past the end of the current line.
func (s *scanner) skipLine() {
	s.skipComment()
	if s.i < len(s.src) {
		s.i++
	}
}
