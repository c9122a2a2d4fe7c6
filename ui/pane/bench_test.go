package pane

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// seqOutput is what `seq 1 n` prints.
func seqOutput(n int) []byte {
	b := make([]byte, 0, n*8)
	for i := 1; i <= n; i++ {
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, '\n')
	}
	return b
}

// progressOutput is n coloured lines, each drawn as a progress bar
// rewritten with '\r' ten times before it is finished.
func progressOutput(n int) []byte {
	var b []byte
	for i := range n {
		for p := 0; p <= 100; p += 10 {
			b = fmt.Appendf(b, "\r\x1b[1;34mitem %6d\x1b[0m [\x1b[32m%-10s\x1b[0m] %3d%%", i, bar[:p/10], p)
		}
		b = append(b, "\x1b[K\n"...)
	}
	return b
}

const bar = "##########"

// writeChunks writes data in reads of 32 KiB, as a PTY reader would.
func writeChunks(b *Buffer, data []byte) {
	for len(data) > 0 {
		n := min(len(data), 32<<10)
		b.Write(data[:n])
		data = data[n:]
	}
}

// BenchmarkWriteSeq is `seq 1 2000000` into a pane: one op is the whole
// stream.
func BenchmarkWriteSeq(b *testing.B) {
	data := seqOutput(2000000)
	b.SetBytes(int64(len(data)))
	cpu := startCPU()
	for b.Loop() {
		writeChunks(NewBuffer(0), data)
	}
	cpu.reportMS(b)
}

// BenchmarkWriteProgress is 200,000 coloured progress lines with '\r'
// rewrites: one op is the whole stream.
func BenchmarkWriteProgress(b *testing.B) {
	data := progressOutput(200000)
	b.SetBytes(int64(len(data)))
	cpu := startCPU()
	for b.Loop() {
		writeChunks(NewBuffer(0), data)
	}
	cpu.reportMS(b)
}

// filledOutput is n coloured lines, one in seven longer than 200 columns
// so that wrapping is part of the cost.
func filledOutput(n int) []byte {
	var data []byte
	for i := range n {
		if i%7 == 0 {
			data = fmt.Appendf(data, "\x1b[33m%08d\x1b[m %0250d\n", i, i)
		} else {
			data = fmt.Appendf(data, "\x1b[32m%08d\x1b[m GET /api/v1/items?id=%d 200 12ms \x1b[2mtrace=%x\x1b[m\n", i, i, i*7919)
		}
	}
	return data
}

// BenchmarkView draws a 200x50 pane over 10k, 100k and 1M buffered lines,
// following and scrolled to the middle with a search highlighted. The
// cost should not depend on the number of lines. Beside the wall time
// (ns/op) it reports the thread's CPU time (cpu-us/op), which a loaded
// machine inflates much less.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{10000, 100000, 1000000} {
		buf := NewBuffer(n)
		writeChunks(buf, filledOutput(n))
		m := New("s", buf, "step.log")
		m.SetSize(200, 50)
		b.Run(fmt.Sprintf("follow/%d", n), func(b *testing.B) {
			cpu := startCPU()
			for b.Loop() {
				_ = m.View()
			}
			cpu.report(b)
		})
		s := m
		s.SetFollow(false)
		s.top = buf.Len() / 2
		s.query = "items"
		b.Run(fmt.Sprintf("scrolled-search/%d", n), func(b *testing.B) {
			cpu := startCPU()
			for b.Loop() {
				_ = s.View()
			}
			cpu.report(b)
		})
	}
}

// threadCPU measures the CPU time of the benchmark's own thread.
type threadCPU struct{ start time.Duration }

// startCPU locks the goroutine to its thread and notes its CPU time.
func startCPU() threadCPU {
	runtime.LockOSThread()
	return threadCPU{cpuNow()}
}

// report adds cpu-us/op and unlocks the thread.
func (c threadCPU) report(b *testing.B) {
	used := cpuNow() - c.start
	runtime.UnlockOSThread()
	b.ReportMetric(float64(used.Nanoseconds())/1000/float64(b.N), "cpu-us/op")
}

// reportMS adds cpu-ms/op and unlocks the thread.
func (c threadCPU) reportMS(b *testing.B) {
	used := cpuNow() - c.start
	runtime.UnlockOSThread()
	b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(rusageThread, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rusageThread is RUSAGE_THREAD: the calling thread alone.
const rusageThread = 1

// BenchmarkKeyWhileFlooding handles a key and draws the frame, as the
// cockpit would, while another goroutine writes output as fast as it can.
// It reports the slowest key as max-ms/key.
func BenchmarkKeyWhileFlooding(b *testing.B) {
	buf := NewBuffer(0)
	data := progressOutput(20000)
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			writeChunks(buf, data)
		}
	}()
	m := New("s", buf, "")
	m.SetSize(200, 50)
	keys := []tea.KeyMsg{{Type: tea.KeyUp}, {Type: tea.KeyPgUp}, {Type: tea.KeyDown}, {Type: tea.KeyRunes, Runes: []rune("f")}}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		m, _ = m.Update(keys[i%len(keys)])
		_ = m.View()
		lat = append(lat, time.Since(start))
		i++
	}
	stop.Store(true)
	<-done
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms/key")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms/key")
}
