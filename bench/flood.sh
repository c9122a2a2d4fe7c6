#!/bin/sh
# flood.sh: how fast golive's cockpit takes a flood of step output, beside
# a bare tmux pane and the `script` pseudo-terminal limit, in the same run.
#
# Usage (from the repository root): bench/flood.sh [RUNS]
#
# Two workloads, `seq 1 2000000` and 200,000 coloured '\r' progress lines
# (bench/gen), each run RUNS times (default 5) in four ways, alternating
# (the order rotates from one round to the next, so a burst of load on a
# shared machine does not fall on one way alone):
#   cockpit   golive's cockpit: the workload is the cutover step of a
#             rehearsal, golive's stdout is a tmux pane of COLSxROWS, and
#             --yes --exit end it by itself. It fails loudly if golive
#             went headless or the step's log lacks a byte.
#   headless  the same launch with --headless and stdout to /dev/null: the
#             engine, the PTY and the log without any drawing.
#   tmux      the same command alone in a tmux pane of the same size.
#   script    the same command through `script -qfc CMD /dev/null`.
# Times are wall seconds from /usr/bin/time, taken inside the pane. It
# prints the median of each, the ratios cockpit/tmux, cockpit/script and
# headless/script, golive's median peak RSS, and the load average before
# and after. It uses its own tmux server socket and temporary directory,
# and removes both at the end.
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

# in_tmux CMD: run CMD in a fresh detached tmux pane of cols x rows and
# wait until it has ended.
in_tmux() {
	tmux -S "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" "$1; tmux -S '$sock' wait-for -S flood-done"
	tmux -S "$sock" wait-for flood-done
}

# median: the middle of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan" } else if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# timed FILE: the last line of /usr/bin/time's output in FILE, failing
# when the command exited non-zero.
timed() {
	if grep -q "exited with non-zero status" "$1"; then
		die "$(cat "$1")"
	fi
	tail -n 1 "$1"
}

# one_golive NAME MODE: one launch of the workload NAME, in the cockpit
# or headless, appending its wall time and peak RSS.
one_golive() {
	name=$1 mode=$2
	dir="$work/$name"
	rm -rf "$dir/.golive"
	if [ "$mode" = cockpit ]; then
		in_tmux "/usr/bin/time -f '%e %M' -o '$dir/t' '$work/golive' run --rehearse --yes --exit '$dir/flood.toml' 2>'$dir/err'"
		if grep -q "running headless" "$dir/err"; then
			die "the cockpit run went headless: $(cat "$dir/err")"
		fi
	else
		in_tmux "/usr/bin/time -f '%e %M' -o '$dir/t' '$work/golive' run --headless --rehearse --yes --exit '$dir/flood.toml' >/dev/null 2>'$dir/err'"
	fi
	timed "$dir/t" >"$dir/last"
	read -r s kb <"$dir/last"
	echo "$s" >>"$dir/$mode.s"
	echo "$kb" >>"$dir/$mode.kb"
	# The step's log keeps every byte: as many lines as the workload
	# printed, whatever the pane dropped.
	got=$(cat "$dir"/.golive/*/*/logs/cutover-flood.log | wc -l)
	[ "$got" -eq "$(cat "$dir/lines")" ] || die "$mode $name: the step log has $got lines, want $(cat "$dir/lines")"
}

one_tmux() {
	dir="$work/$1"
	in_tmux "/usr/bin/time -f '%e' -o '$dir/t' sh -c '$2'"
	timed "$dir/t" >>"$dir/tmux.s"
}

one_script() {
	dir="$work/$1"
	/usr/bin/time -f '%e' -o "$dir/t" script -qfc "$2" /dev/null >/dev/null
	timed "$dir/t" >>"$dir/script.s"
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
		for way in $order; do
			case $way in
			cockpit | headless) one_golive "$name" "$way" ;;
			tmux) one_tmux "$name" "$cmd" ;;
			script) one_script "$name" "$cmd" ;;
			esac
		done
		i=$((i + 1))
	done
	c=$(median <"$dir/cockpit.s")
	h=$(median <"$dir/headless.s")
	t=$(median <"$dir/tmux.s")
	s=$(median <"$dir/script.s")
	kb=$(median <"$dir/cockpit.kb")
	awk -v n="$name" -v c="$c" -v h="$h" -v t="$t" -v s="$s" -v kb="$kb" 'BEGIN {
		printf "%-9s cockpit %5.2fs  headless %5.2fs  tmux %5.2fs  script %5.2fs | cockpit/tmux %.2fx  cockpit/script %.2fx  headless/script %.2fx | cockpit peak RSS %.1f MB\n",
			n, c, h, t, s, c / t, c / s, h / s, kb / 1024
	}'
	printf '%-9s runs (s): cockpit %s | headless %s | tmux %s | script %s\n' "$name" \
		"$(tr '\n' ' ' <"$dir/cockpit.s")" "$(tr '\n' ' ' <"$dir/headless.s")" \
		"$(tr '\n' ' ' <"$dir/tmux.s")" "$(tr '\n' ' ' <"$dir/script.s")"
}

echo "flood benchmark: ${cols}x${rows}, median of $runs alternating runs, $(nproc) CPUs, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench seq "seq 1 2000000" 2000000
bench progress "$work/gen -lines 200000" 200000
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
