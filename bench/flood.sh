#!/bin/sh
# flood.sh: how fast golive's output pane takes a flood, beside a bare tmux
# pane and the `script` pseudo-terminal limit.
#
# Usage (from the repository root): bench/flood.sh [RUNS]
#
# Two workloads, `seq 1 2000000` and 200,000 coloured '\r' progress lines
# (bench/gen), each run RUNS times (default 5) in three ways:
#   golive  as the cutover step of a rehearsal, in the cockpit, inside a
#           tmux pane of COLSxROWS, with --yes --exit so it ends by itself;
#   tmux    the same command alone in a tmux pane of the same size;
#   script  the same command through `script -qfc CMD /dev/null`.
# It prints the median wall time of each, the ratios golive/tmux and
# golive/script, and golive's median peak RSS. It uses its own tmux server
# socket and temporary directory, and removes both at the end.
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

go build -o "$work/golive" .
go build -o "$work/gen" ./bench/gen

# A server of our own that stays up between the panes.
tmux -S "$sock" -f /dev/null start-server \; set-option -g exit-empty off

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

bench() {
	name=$1 cmd=$2
	dir="$work/$name"
	mkdir -p "$dir"
	cat >"$dir/flood.toml" <<TOML
[launch]
name = "flood-$name"

[[cutover]]
id  = "flood"
run = "$cmd"
TOML
	: >"$dir/golive.s" ; : >"$dir/golive.kb" ; : >"$dir/tmux.s" ; : >"$dir/script.s"
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		rm -rf "$dir/.golive"
		in_tmux "/usr/bin/time -f '%e %M' -o '$dir/t' '$work/golive' run --rehearse --yes --exit '$dir/flood.toml' >/dev/null 2>'$dir/err'"
		read -r s kb <"$dir/t"
		echo "$s" >>"$dir/golive.s"
		echo "$kb" >>"$dir/golive.kb"

		in_tmux "/usr/bin/time -f '%e' -o '$dir/t' sh -c '$cmd'"
		tail -n 1 "$dir/t" >>"$dir/tmux.s"

		/usr/bin/time -f '%e' -o "$dir/t" script -qfc "$cmd" /dev/null >/dev/null
		tail -n 1 "$dir/t" >>"$dir/script.s"
	done
	g=$(median <"$dir/golive.s")
	t=$(median <"$dir/tmux.s")
	s=$(median <"$dir/script.s")
	kb=$(median <"$dir/golive.kb")
	awk -v n="$name" -v g="$g" -v t="$t" -v s="$s" -v kb="$kb" 'BEGIN {
		printf "%-9s golive %6.2fs  tmux %6.2fs  script %6.2fs  golive/tmux %.2fx  golive/script %.2fx  golive peak RSS %.1f MB\n",
			n, g, t, s, (t > 0 ? g / t : 0), (s > 0 ? g / s : 0), kb / 1024
	}'
}

echo "flood benchmark: ${cols}x${rows}, median of $runs runs, $(nproc) CPUs"
bench seq "seq 1 2000000"
bench progress "$work/gen -lines 200000"
