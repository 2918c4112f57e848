package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// env is what a subcommand gets from the process: its output streams and
// whether stdout is a terminal (for progress and colour).
type env struct {
	stdout, stderr io.Writer
	tty            bool                // stdout is an interactive terminal
	getenv         func(string) string // os.Getenv; tests may replace it
}

// command is one subcommand of telltale.
type command struct {
	summary string // one line for "telltale help"
	run     func(ctx context.Context, e *env, args []string) error
}

// commands returns the subcommands by name. It is a function, not a global
// table, so that each run of the CLI (and each test) builds its own.
func commands() map[string]command {
	return map[string]command{
		"version":     {"print the telltale version", runVersion},
		"inspect":     {"show the inferred schema of data files", runInspect},
		"demo":        {"run telltale on the embedded Seattle weather data", runDemo},
		"experiments": {"list, create, show, delete, restore and rename tracking experiments (MLflow file store or database)", runExperiments},
		"runs":        {"list, search, show, delete and restore tracked runs", runRuns},
		"tracking":    {"copy experiments, runs and artifacts between tracking stores", runTracking},
		"report":      {"compute a report (metrics, presets) on reference and current data", runReport},
		"test":        {"run a test suite and exit 1 when a test fails: the CI gate", runTest},
		"ui":          {"browse a tracking store in a web browser: runs, compare, reports, dashboards", runUI},
		"serve":       {"monitor live data: a window of posted rows, recomputed, as Prometheus metrics", runServe},
		"sketch":      {"summarise data too large for memory as mergeable sketches; merge sketches", runSketch},
		"server":      {"run an MLflow-compatible tracking server (REST API, artifact proxy; serve is live monitoring)", runServer},
	}
}

// run is the whole CLI: it parses args (without the program name), runs the
// subcommand and returns its error. Tests call it with buffers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	e := &env{stdout: stdout, stderr: stderr, tty: isTerminal(stdout), getenv: os.Getenv}
	cmds := commands()
	if len(args) == 0 {
		printHelp(stderr, cmds)
		return usagef("", "no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := cmds[args[1]]; ok {
				return c.run(ctx, e, []string{"--help"})
			}
			return usagef("", "unknown command %q", args[1])
		}
		printHelp(stdout, cmds)
		return nil
	case "-version", "--version":
		name = "version"
	}
	c, ok := cmds[name]
	if !ok {
		return usagef("", "unknown command %q", name)
	}
	return c.run(ctx, e, args[1:])
}

func printHelp(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	width := 0
	for n := range cmds {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	fmt.Fprint(w, `telltale compares a current dataset with a reference one: what drifted,
which data went bad, how a model's quality moved.

Usage: telltale COMMAND [flags] [arguments]

Commands:
`)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, cmds[n].summary)
	}
	fmt.Fprint(w, `
Run "telltale COMMAND --help" for a command's flags and examples.
Exit codes: 0 ok, 1 a test failed, 2 bad usage or input.
`)
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	if os.Getenv("CI") != "" || strings.EqualFold(os.Getenv("TERM"), "dumb") {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// /dev/null is a character device too, but no one reads it.
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(st, null) {
		return false
	}
	return true
}
