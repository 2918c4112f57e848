package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet returns a flag set for the subcommand name that reports errors
// instead of exiting, and prints usage (the synopsis, the description and the
// flags) to w when asked for help.
func newFlagSet(name, synopsis, description string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: telltale %s\n\n%s\n", synopsis, strings.TrimSpace(description))
		printFlags(w, fs)
	}
	return fs
}

// printFlags lists the flags GNU-style, "--name VALUE", with their usage
// and non-empty defaults.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(w, "\nFlags:")
			first = false
		}
		arg, usage := flag.UnquoteUsage(f)
		if arg == "value" {
			arg = "VALUE"
		}
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "[]" {
			usage += fmt.Sprintf(" (default %q)", def)
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, usage)
	})
}

// parseArgs parses args with fs, accepting flags both before and after
// positional arguments ("runs search EXPR --json"), unlike flag.Parse, which
// stops at the first positional argument. A lone "--" ends flag parsing: all
// that follows is positional. It returns the positional arguments in order.
//
// A parse error is returned as a usageError for the subcommand; a request for
// help (-h, --help) returns flag.ErrHelp after the usage has been printed.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	out := fs.Output()
	defer fs.SetOutput(out)
	for {
		fs.SetOutput(io.Discard)
		err := fs.Parse(args)
		fs.SetOutput(out)
		if err == flag.ErrHelp {
			fs.Usage()
			return nil, flag.ErrHelp
		}
		if err != nil {
			return nil, usagef(fs.Name(), "%v", err)
		}
		rest := fs.Args()
		// flag.Parse consumed a "--" terminator if the last thing it saw
		// was one: everything after it is positional.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// listFlag is a flag that may be given several times and also accepts
// comma-separated values: --preset a --preset b,c gives [a b c].
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}
