//go:build !unix

package site

import "time"

// processCPU is not measured here: -timings shows wall times only.
func processCPU() (time.Duration, int64) { return 0, 0 }
