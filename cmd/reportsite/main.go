// Command reportsite publishes Chinese government reports as a bilingual
// open-data website. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
)

func main() {
	// No allocation sampling unless build -memprofile asks for it (it
	// sets its own rate): the samples' stacks took 1.6 MB of a 10-report
	// build's memory.
	runtime.MemProfileRate = 0
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
