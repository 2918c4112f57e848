package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

// telltaleVersion returns the version of this binary.
func telltaleVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("version", "version", "Print the telltale version, the Go version and the platform.", e.stdout)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version", "version takes no arguments, got %q", pos[0])
	}
	fmt.Fprintf(e.stdout, "telltale %s (%s, %s/%s)\n", telltaleVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
