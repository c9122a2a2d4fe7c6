package launch

import (
	"bufio"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// kernelHolder finds the process holding the flock of root in
// /proc/locks, for a refusal whose lock file was deleted: the holder is
// named from the process's owner and start time rather than left unknown.
func kernelHolder(root string) *LockedError {
	var st syscall.Stat_t
	if err := syscall.Stat(root, &st); err != nil {
		return nil
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return nil
	}
	defer f.Close()
	// Lines look like: "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF".
	want := ":" + strconv.FormatUint(st.Ino, 10)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[3] != "WRITE" || !strings.HasSuffix(fields[5], want) {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil || !sameDevice(fields[5], st.Dev) {
			continue
		}
		return &LockedError{Holder: processOwner(pid), PID: pid, Since: processStart(pid)}
	}
	return nil
}

// sameDevice compares the MAJ:MIN:INODE field of /proc/locks with dev.
func sameDevice(field string, dev uint64) bool {
	parts := strings.Split(field, ":")
	if len(parts) != 3 {
		return false
	}
	maj, err1 := strconv.ParseUint(parts[0], 16, 32)
	mnr, err2 := strconv.ParseUint(parts[1], 16, 32)
	if err1 != nil || err2 != nil {
		return false
	}
	// Linux's new_encode_dev layout, as stat(2) returns it.
	gotMaj := (dev >> 8) & 0xfff
	gotMin := (dev & 0xff) | ((dev >> 12) & 0xfff00)
	return maj == gotMaj && mnr == gotMin
}

// processOwner is USER@HOST of a local process.
func processOwner(pid int) string {
	host, _ := os.Hostname()
	var st syscall.Stat_t
	name := "unknown"
	if syscall.Stat(fmt.Sprintf("/proc/%d", pid), &st) == nil {
		name = "uid" + strconv.Itoa(int(st.Uid))
		if u, err := user.LookupId(strconv.Itoa(int(st.Uid))); err == nil {
			name = u.Username
		}
	}
	return name + "@" + host
}

// clockTicks is USER_HZ, which Linux fixes at 100 for /proc.
const clockTicks = 100

// processStart is when a process started, RFC 3339, from its start time
// in /proc/PID/stat (field 22, ticks since boot) and the boot time.
func processStart(pid int) string {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "unknown"
	}
	// The command name may hold spaces; fields count from after its ')'.
	i := strings.LastIndexByte(string(stat), ')')
	if i < 0 {
		return "unknown"
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 20 {
		return "unknown"
	}
	ticks, err := strconv.ParseInt(fields[19], 10, 64)
	if err != nil {
		return "unknown"
	}
	boot := bootTime()
	if boot.IsZero() {
		return "unknown"
	}
	at := boot.Add(time.Duration(ticks) * time.Second / clockTicks)
	return at.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func bootTime() time.Time {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return time.Time{}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return time.Unix(n, 0)
			}
		}
	}
	return time.Time{}
}
