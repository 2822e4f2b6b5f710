//go:build linux || darwin || freebsd

package cpuclock

import (
	"time"

	"golang.org/x/sys/unix"
)

// Supported reports whether Thread measures anything on this system.
const Supported = true

// Thread returns the CPU time the calling thread has used (user and system).
func Thread() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
