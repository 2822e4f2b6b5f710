//go:build !(linux || darwin || freebsd)

package cpuclock

import "time"

// Supported reports whether Thread measures anything on this system.
const Supported = false

// Thread returns 0 where the thread CPU clock is not available.
func Thread() time.Duration { return 0 }
