package startpages

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Release drops the resident pages of the executable's read-only mappings
// and returns how many bytes of them were resident. It is safe to call at
// any time; it does nothing where /proc cannot be read.
func Release() int64 {
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return 0
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0
	}
	spans, err := droppable(f, exe)
	f.Close()
	if err != nil {
		return 0
	}
	var released int64
	for _, s := range spans {
		_, _, errno := unix.Syscall(unix.SYS_MADVISE, s.start, s.end-s.start, unix.MADV_DONTNEED)
		if errno == 0 {
			released += s.rss
		}
	}
	return released
}

// span is one mapping of the executable that may be dropped: its address
// range and how many bytes of it were resident.
type span struct {
	start, end uintptr
	rss        int64
}

// droppable reads smaps (the format of /proc/PID/smaps) and returns the
// mappings of the file exe that are read-only, private and hold no
// anonymous (copied) pages.
func droppable(r io.Reader, exe string) ([]span, error) {
	var (
		out  []span
		cur  span
		keep bool // cur is a read-only mapping of exe, so far
	)
	flush := func() {
		if keep && cur.rss > 0 {
			out = append(out, cur)
		}
		keep = false
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Bytes()
		if start, end, perms, path, ok := header(line); ok {
			flush()
			cur = span{start: start, end: end}
			keep = path == exe && (perms == "r-xp" || perms == "r--p")
			continue
		}
		if !keep {
			continue
		}
		name, kb, ok := field(line)
		if !ok {
			continue
		}
		switch name {
		case "Rss":
			cur.rss = kb << 10
		case "Anonymous", "Locked":
			if kb != 0 {
				keep = false
			}
		}
	}
	flush()
	return out, sc.Err()
}

// header parses a mapping's first line in smaps,
// "START-END PERMS OFFSET DEV INODE [PATH]".
func header(line []byte) (start, end uintptr, perms, path string, ok bool) {
	f := bytes.Fields(line)
	if len(f) < 5 || bytes.HasSuffix(f[0], []byte(":")) {
		return 0, 0, "", "", false
	}
	a, b, found := bytes.Cut(f[0], []byte("-"))
	if !found {
		return 0, 0, "", "", false
	}
	s, err1 := strconv.ParseUint(string(a), 16, 64)
	e, err2 := strconv.ParseUint(string(b), 16, 64)
	if err1 != nil || err2 != nil || e <= s {
		return 0, 0, "", "", false
	}
	if len(f) >= 6 {
		// The path is the rest of the line after five fields: it may
		// hold spaces.
		rest := line
		for range 5 {
			rest = bytes.TrimLeft(rest, " \t")
			rest = rest[bytes.IndexAny(rest, " \t"):]
		}
		path = string(bytes.TrimLeft(rest, " \t"))
	}
	return uintptr(s), uintptr(e), string(f[1]), path, true
}

// field parses an smaps line "Name:   N kB".
func field(line []byte) (name string, kb int64, ok bool) {
	n, rest, found := bytes.Cut(line, []byte(":"))
	if !found {
		return "", 0, false
	}
	f := bytes.Fields(rest)
	if len(f) != 2 || string(f[1]) != "kB" {
		return "", 0, false
	}
	v, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil {
		return "", 0, false
	}
	return string(n), v, true
}
