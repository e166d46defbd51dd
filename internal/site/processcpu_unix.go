//go:build unix

package site

import (
	"syscall"
	"time"
)

// processCPU is the user and system CPU time of the process so far, and
// its peak resident set size (in the unit of the system's getrusage:
// kilobytes on Linux, bytes on macOS).
func processCPU() (time.Duration, int64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), int64(ru.Maxrss)
}
