//go:build !unix

package site

import "time"

// processCPU is not measured here: -timings shows wall times only.
func processCPU() time.Duration { return 0 }
