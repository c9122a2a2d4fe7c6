package serve

import (
	"testing"
	"time"
)

func TestLockoutCountsRefusedKeysPerHostAndForgets(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLockout(3, time.Minute)
	for i := 0; i < 2; i++ {
		l.fail("10.0.0.1", start)
	}
	if locked, _ := l.locked("10.0.0.1", start); locked {
		t.Fatal("locked after 2 of 3 refused keys")
	}
	l.fail("10.0.0.1", start.Add(10*time.Second))
	locked, left := l.locked("10.0.0.1", start.Add(20*time.Second))
	if !locked || left != 50*time.Second {
		t.Fatalf("after 3 refused keys: locked %v for %s; want locked for 50s", locked, left)
	}
	if locked, _ := l.locked("10.0.0.2", start); locked {
		t.Fatal("another host is locked out too")
	}
	if locked, _ := l.locked("10.0.0.1", start.Add(71*time.Second)); locked {
		t.Fatal("still locked a minute after the last refused key")
	}
	l.fail("10.0.0.1", start.Add(72*time.Second))
	if locked, _ := l.locked("10.0.0.1", start.Add(72*time.Second)); locked {
		t.Fatal("old failures were counted again after the lockout expired")
	}
}
