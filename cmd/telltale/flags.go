package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/telltale-ml/telltale/internal/didyoumean"
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
			return nil, usagef(fs.Name(), "%s", flagError(err, fs, args))
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

// flagErrorRe matches the flag package's messages that name a flag as
// "-name": the prefix, the name and the rest.
var flagErrorRe = regexp.MustCompile(`^(flag provided but not defined: |flag needs an argument: |invalid (?:boolean )?value ".*" for (?:flag )?)-([^\s=:]+)(.*)$`)

// flagError rewrites a parse error of fs to name the flag as the user
// typed it ("--x", not the flag package's "-x"), and an unknown flag with
// the closest known one.
func flagError(err error, fs *flag.FlagSet, args []string) string {
	m := flagErrorRe.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	prefix, name, rest := m[1], m[2], m[3]
	typed := "--" + name
	for _, a := range args {
		if a == "--" {
			break
		}
		if n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); n == name && strings.HasPrefix(a, "-") {
			typed = a
			if i := strings.IndexByte(a, '='); i >= 0 {
				typed = a[:i]
			}
			break
		}
	}
	if !strings.HasPrefix(prefix, "flag provided but not defined") {
		return prefix + typed + rest
	}
	var known []string
	fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
	msg := "unknown flag " + typed
	if best, ok := didyoumean.Closest(name, known); ok {
		msg += fmt.Sprintf(" (did you mean --%s?)", best)
	}
	return msg
}
