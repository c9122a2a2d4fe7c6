#!/bin/sh
# flood.sh: how fast golive's cockpit takes a flood of step output, beside
# a bare tmux pane and `script`, in the same run.
#
# Usage (from the repository root):
#   [ONLY=seq|progress] [BASE=GOLIVE] bench/flood.sh [RUNS]
#
# Two workloads, `seq 1 2000000` and 200,000 coloured '\r' progress lines
# (bench/gen), each run RUNS times (default 5) in four ways, alternating
# (the order rotates from one round to the next, so a burst of load on a
# shared machine does not fall on one way alone). Every way runs as the
# command of a fresh tmux pane of COLSxROWS, so all start alike:
#   cockpit   golive's cockpit: the workload is the cutover step of a
#             rehearsal, golive's stdout is the pane, and --yes --exit end
#             it by itself. golive reads the step's PTY, writes every byte
#             to the step's log file, and draws at most 30 frames a second
#             into the pane (10 while the flood lasts). It fails loudly if golive went headless or
#             the step's log lacks a line.
#   headless  the same launch with --headless and stdout to /dev/null:
#             the PTY, the log file and the engine, without the pane.
#   tmux      the workload alone with the pane as its terminal: tmux
#             parses and draws every byte.
#   script    `script -qfc CMD FILE >/dev/null`: a PTY copier that writes
#             every byte to a log file, as golive does, and to /dev/null.
#             Nothing is drawn, so this is the floor for reading a PTY and
#             keeping a log, not a terminal a person could watch.
#   was       only with BASE: the cockpit of another golive binary (an
#             older build, for a before/after in the same run).
# Every golive row includes golive's start, the runbook, the journal and
# the exit (about 0.05 s); the others are the workload alone.
#
# Two figures per run, both from /usr/bin/time inside the pane: wall
# seconds, and CPU seconds (user + system of the command and everything
# it waited for, the workload included). For the rows drawn into the pane
# (cockpit, tmux) the CPU the tmux server spent meanwhile is added, read
# from /proc: drawing is part of their cost. On a loaded shared machine
# the CPU figure moves much less than the wall one.
#
# It prints the medians, the ratios of wall and CPU medians against tmux
# and script, golive's median peak RSS, and the load average before and
# after. It uses its own tmux server socket and temporary directory, and
# removes both at the end.
set -eu

runs=${1:-5}
cols=${COLS:-200}
rows=${ROWS:-50}
work=$(mktemp -d)
sock="$work/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

die() {
	echo "flood.sh: $*" >&2
	exit 1
}

[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v tmux >/dev/null || die "tmux is missing"
command -v script >/dev/null || die "script is missing (util-linux)"

go build -o "$work/golive" .
go build -o "$work/gen" ./bench/gen

# A server of our own that stays up between the panes, with no status
# line, so that a pane is the whole COLSxROWS window.
tmux -S "$sock" -f /dev/null start-server \; set-option -g exit-empty off \; set-option -g status off

server=$(tmux -S "$sock" display-message -p '#{pid}')
[ -n "$server" ] && [ -r "/proc/$server/stat" ] || die "cannot find the tmux server's pid"
tick=$(getconf CLK_TCK)

# server_ticks: the CPU clock ticks (user + system) the tmux server has
# used so far.
server_ticks() {
	sed 's/^.*) //' "/proc/$server/stat" | awk '{ print $12 + $13 }'
}

# in_tmux CMD: run CMD in a fresh detached tmux pane of cols x rows and
# wait until it has ended; $drawn is left holding the CPU seconds the tmux
# server spent meanwhile.
in_tmux() {
	before=$(server_ticks)
	tmux -S "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" "$1; tmux -S '$sock' wait-for -S flood-done"
	tmux -S "$sock" wait-for flood-done
	drawn=$(awk -v a="$before" -v b="$(server_ticks)" -v t="$tick" 'BEGIN { printf "%.2f", (b - a) / t }')
}

# median: the middle of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# timed FILE: the last line of /usr/bin/time's output in FILE (wall
# seconds, CPU seconds, peak RSS in KB), failing when the command exited
# non-zero.
timed() {
	if grep -q "exited with non-zero status" "$1"; then
		die "$(cat "$1")"
	fi
	tail -n 1 "$1" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}

# record DIR WAY EXTRA: append the wall and CPU seconds of the last run
# of WAY, EXTRA CPU seconds added, and its peak RSS.
record() {
	timed "$1/t" >"$1/last"
	read -r s cpu kb <"$1/last"
	echo "$s" >>"$1/$2.s"
	awk -v c="$cpu" -v e="$3" 'BEGIN { printf "%.2f\n", c + e }' >>"$1/$2.cpu"
	echo "$kb" >>"$1/$2.kb"
}

tf="%e %U %S %M"

# one_golive NAME MODE: one launch of the workload NAME, in the cockpit
# (of this build, or of BASE for "was") or headless, appending its wall
# time and peak RSS.
one_golive() {
	name=$1 mode=$2
	dir="$work/$name"
	rm -rf "$dir/.golive"
	if [ "$mode" = cockpit ] || [ "$mode" = was ]; then
		bin="$work/golive"
		[ "$mode" = was ] && bin=$BASE
		in_tmux "/usr/bin/time -f '$tf' -o '$dir/t' '$bin' run --rehearse --yes --exit '$dir/flood.toml' 2>'$dir/err'"
		if grep -q "running headless" "$dir/err"; then
			die "the $mode run went headless: $(cat "$dir/err")"
		fi
		record "$dir" "$mode" "$drawn"
		echo "$drawn" >>"$dir/$mode.draw"
	else
		in_tmux "/usr/bin/time -f '$tf' -o '$dir/t' '$work/golive' run --headless --rehearse --yes --exit '$dir/flood.toml' >/dev/null 2>'$dir/err'"
		record "$dir" headless 0
	fi
	# The step's log keeps every byte: as many lines as the workload
	# printed, whatever the pane dropped.
	got=$(cat "$dir"/.golive/*/*/logs/cutover-flood.log | wc -l)
	[ "$got" -eq "$(cat "$dir/lines")" ] || die "$mode $name: the step log has $got lines, want $(cat "$dir/lines")"
}

one_tmux() {
	dir="$work/$1"
	in_tmux "/usr/bin/time -f '$tf' -o '$dir/t' sh -c '$2'"
	record "$dir" tmux "$drawn"
}

# one_script NAME CMD: script keeps its log (the typescript) in a file
# beside golive's, and its stdout is /dev/null.
one_script() {
	dir="$work/$1"
	rm -f "$dir/typescript"
	in_tmux "/usr/bin/time -f '$tf' -o '$dir/t' script -qfc '$2' '$dir/typescript' >/dev/null"
	record "$dir" script 0
	# The typescript adds a line of its own before and after the output.
	got=$(wc -l <"$dir/typescript")
	[ "$got" -ge "$(cat "$dir/lines")" ] || die "script $1: the typescript has $got lines, want $(cat "$dir/lines")"
}

bench() {
	name=$1 cmd=$2 lines=$3
	dir="$work/$name"
	mkdir -p "$dir"
	echo "$lines" >"$dir/lines"
	cat >"$dir/flood.toml" <<TOML
[launch]
name = "flood-$name"

[[cutover]]
id  = "flood"
run = "$cmd"
TOML
	i=0
	while [ "$i" -lt "$runs" ]; do
		case $((i % 4)) in
		0) order="cockpit headless tmux script" ;;
		1) order="headless tmux script cockpit" ;;
		2) order="tmux script cockpit headless" ;;
		*) order="script cockpit headless tmux" ;;
		esac
		if [ -n "${BASE:-}" ]; then
			# The two cockpits side by side, taking turns to go first.
			if [ $((i % 2)) -eq 0 ]; then
				order=$(echo "$order" | sed 's/cockpit/cockpit was/')
			else
				order=$(echo "$order" | sed 's/cockpit/was cockpit/')
			fi
		fi
		for way in $order; do
			case $way in
			cockpit | headless | was) one_golive "$name" "$way" ;;
			tmux) one_tmux "$name" "$cmd" ;;
			script) one_script "$name" "$cmd" ;;
			esac
		done
		i=$((i + 1))
	done
	kb=$(median <"$dir/cockpit.kb")
	for fig in s cpu; do
		c=$(median <"$dir/cockpit.$fig")
		h=$(median <"$dir/headless.$fig")
		t=$(median <"$dir/tmux.$fig")
		s=$(median <"$dir/script.$fig")
		awk -v n="$name" -v f="$fig" -v c="$c" -v h="$h" -v t="$t" -v s="$s" 'BEGIN {
			printf "%-9s %-4s cockpit %5.2fs  headless %5.2fs  tmux %5.2fs  script %5.2fs | cockpit/tmux %.2fx  cockpit/script %.2fx  headless/script %.2fx\n",
				n, (f == "s" ? "wall" : "cpu"), c, h, t, s, c / t, c / s, h / s
		}'
	done
	if [ -n "${BASE:-}" ]; then
		for fig in s cpu; do
			awk -v n="$name" -v f="$fig" -v c="$(median <"$dir/cockpit.$fig")" -v w="$(median <"$dir/was.$fig")" -v d="$(median <"$dir/was.draw")" 'BEGIN {
				printf "%-9s %-4s cockpit %5.2fs  was (BASE) %5.2fs | cockpit/was %.2fx; was: the tmux server drawing %.2fs\n", n, (f == "s" ? "wall" : "cpu"), c, w, c / w, d
			}'
		done
		printf '%-9s runs (cpu): was %s\n' "$name" "$(tr '\n' ' ' <"$dir/was.cpu")"
	fi
	awk -v n="$name" -v kb="$kb" -v d="$(median <"$dir/cockpit.draw")" 'BEGIN {
		printf "%-9s cockpit peak RSS %.1f MB; of the cockpit'"'"'s CPU, the tmux server drawing its frames: %.2fs\n", n, kb / 1024, d
	}'
	for fig in s cpu; do
		printf '%-9s runs (%s): cockpit %s| headless %s| tmux %s| script %s\n' "$name" "$fig" \
			"$(tr '\n' ' ' <"$dir/cockpit.$fig")" "$(tr '\n' ' ' <"$dir/headless.$fig")" \
			"$(tr '\n' ' ' <"$dir/tmux.$fig")" "$(tr '\n' ' ' <"$dir/script.$fig")"
	done
}

echo "flood benchmark: ${cols}x${rows}, median of $runs alternating runs, $(nproc) CPUs, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
case ${ONLY:-seq,progress} in *seq*) bench seq "seq 1 2000000" 2000000 ;; esac
case ${ONLY:-seq,progress} in *progress*) bench progress "$work/gen -lines 200000" 200000 ;; esac
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
