// Command telltale compares a current dataset with a reference one and
// reports what drifted, which data went bad and how a model's quality moved.
//
// Run "telltale help" for the list of commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/telltale-ml/telltale/internal/oneshot"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	caught := make(chan os.Signal, 1)
	go onSignals(sigs, cancel, caught, os.Exit, os.Stderr)
	oneshot.SetGCPolicy()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	signal.Stop(sigs)
	select {
	case s := <-caught:
		// A command cut short by a signal exits as a shell expects (130
		// for Ctrl-C, 143 for SIGTERM); one that stopped cleanly on it (a
		// server shutting down) exits 0.
		if err != nil {
			fmt.Fprintln(os.Stderr, "telltale: stopped")
			os.Exit(signalExit(s))
		}
	default:
	}
	os.Exit(exitCode(err, os.Stderr))
}

// onSignals cancels the run at the first signal, which stops reading and
// computing at the next check, and exits at once at the second.
func onSignals(sigs <-chan os.Signal, cancel func(), caught chan<- os.Signal, exit func(int), stderr io.Writer) {
	s, ok := <-sigs
	if !ok {
		return
	}
	caught <- s
	fmt.Fprintf(stderr, "telltale: %v: stopping (send it again to stop at once)\n", s)
	cancel()
	s, ok = <-sigs
	if !ok {
		return
	}
	exit(signalExit(s))
}

// signalExit is the exit code of a process ended by s: 128 + its number.
func signalExit(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitBadInput
}
