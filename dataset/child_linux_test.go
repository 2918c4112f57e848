package dataset_test

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv names the test a child process of the test binary runs.
const childEnv = "TELLTALE_TEST_CHILD"

// inChild runs f in a child process of the test binary whose address space
// may grow by at most twice budget beyond what the Go runtime reserves at
// start, so that a regression to unbounded memory fails the test instead of
// eating the machine. The test fails when the child fails, runs longer than
// timeout, or its peak resident memory passes budget.
//
// The address space gets twice the budget because it is a coarser measure
// than resident memory: the runtime maps a new arena when a large block
// finds no free run of pages in the ones it has, which depends on how far
// the collector got (a CPU-starved child under a loaded go test ./... once
// died at 146 MiB in use with a limit of 400 MiB, where it peaks at 215
// MiB resident otherwise). The assertion on memory is the peak RSS.
func inChild(t *testing.T, budget uint64, timeout time.Duration, f func(t *testing.T)) {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() {
		limit := vmSize(t) + 2*budget
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
			t.Fatal(err)
		}
		f(t)
		return
	}
	var pattern []string
	for _, part := range strings.Split(t.Name(), "/") {
		pattern = append(pattern, "^"+regexp.QuoteMeta(part)+"$")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+strings.Join(pattern, "/"), "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("the child ran longer than %v:\n%s", timeout, out)
	}
	if err != nil {
		t.Fatalf("the child failed (%v):\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child ran no test:\n%s", out)
	}
	rss := uint64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
	t.Logf("child: %v, peak RSS %d MiB", elapsed.Round(time.Millisecond), rss>>20)
	if rss > budget {
		t.Fatalf("the child's peak RSS was %d MiB, more than %d MiB", rss>>20, budget>>20)
	}
}

// vmSize returns the address space of this process, from /proc.
func vmSize(t *testing.T) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmSize:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Fatal("no VmSize in /proc/self/status")
	return 0
}
