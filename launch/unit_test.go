package launch

import "testing"

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{
		{130, "ms", "130ms"},
		{0.25, "", "0.25"},
		{12, "d", "12d"},
		{1796000123, "", "1796000123"}, // a Unix time, as date +%s printed it
		{76344064, "", "76344064"},     // free KiB
		{-42, "", "-42"},
		{1.5e15, "", "1.5e+15"}, // beyond 13 digits: compact
		{123456.789, "", "123457"},
		{3.14159, "", "3.142"},
	} {
		if got := FormatValue(c.v, c.unit); got != c.want {
			t.Errorf("FormatValue(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}
