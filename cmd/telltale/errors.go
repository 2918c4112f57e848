package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/telltale-ml/telltale/dataset"
)

// Exit codes of the telltale command.
const (
	exitOK          = 0 // success; warnings allowed
	exitTestsFailed = 1 // at least one test FAILed or ERRORed
	exitBadInput    = 2 // bad usage or unreadable input
)

// usageError is a mistake in the command line. main prints it with a hint
// on how to get help and exits with code 2.
type usageError struct {
	cmd string // the subcommand, "" for the top level
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a usageError for the subcommand cmd.
func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// errTestsFailed is returned by commands whose tests ran and at least one
// FAILed or ERRORed; main exits with code 1. The command has already printed
// the outcomes.
var errTestsFailed = errors.New("at least one test failed")

// exitCode maps the error returned by run to the process exit code and
// prints it to stderr.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errTestsFailed):
		return exitTestsFailed
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "telltale: %v\n", err)
		if ue.cmd != "" {
			fmt.Fprintf(stderr, "Try: telltale %s --help\n", ue.cmd)
		} else {
			fmt.Fprintln(stderr, "Try: telltale help")
		}
		return exitBadInput
	default:
		fmt.Fprintf(stderr, "telltale: %v\n", err)
		var le *dataset.LimitError
		if errors.As(err, &le) {
			switch le.Limit {
			case dataset.LimitInputBytes:
				fmt.Fprintln(stderr, "If the file is meant to be that large, raise the limit with --max-input-size SIZE (0 for none).")
			case dataset.LimitCompressionRatio:
				fmt.Fprintln(stderr, "If the file is meant to expand that much, raise the limit with --max-compression-ratio TIMES (0 for none).")
			}
		}
		return exitBadInput
	}
}
