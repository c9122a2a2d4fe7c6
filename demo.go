package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// demoServiceCmd is a hidden subcommand: the small local service the demo
// runbook starts as "the new system", so the demo runs anywhere with no
// network beyond loopback.
const demoServiceCmd = "demo-service"

func cmdDemoService(args []string) (int, error) {
	fs := newFlags(demoServiceCmd)
	addr := fs.String("addr", "127.0.0.1:18473", "loopback address to listen on")
	ver := fs.String("version", "v2", "the version it reports")
	if _, err := parseInterspersed(fs, args); err != nil {
		return exitUsage, err
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(host).IsLoopback() {
		return exitUsage, usagef("--addr %q: the demo service listens on loopback only (127.0.0.1:PORT)", *addr)
	}
	started := time.Now()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ok %s\n", *ver)
	})
	// /load wanders gently so the monitor's sparklines have something to
	// show, well below the demo's warn threshold.
	mux.HandleFunc("/load", func(w http.ResponseWriter, r *http.Request) {
		t := time.Since(started).Seconds()
		fmt.Fprintf(w, "%.1f\n", 35+15*math.Sin(t/3)+5*math.Sin(t*1.7))
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return exitFailed, fmt.Errorf("demo service: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	fmt.Printf("demo service %s listening on http://%s\n", *ver, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return exitFailed, err
	}
	fmt.Println("demo service stopped")
	return exitOK, nil
}
