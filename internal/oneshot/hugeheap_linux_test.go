package oneshot

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test runs in a child process, whose heap is as fresh as a command's:
// in this one, the ranges earlier tests (or earlier runs of this test,
// with -count) allocated and freed may take the allocation instead. It
// looks at the allocation's middle: the runtime may start it in a free gap
// of a few pages just below the advised range (one run in twelve did).
func TestAdviseHugeHeapMarksTheHeapThatFollows(t *testing.T) {
	if os.Getenv("TELLTALE_HUGEHEAP_MARK_CHILD") != "" {
		require.NoError(t, adviseHugeHeap(1<<30))
		b := make([]byte, 512<<20) // as a frame's columns would be, after the advice
		assert.Contains(t, vmFlags(t, uintptr(unsafe.Pointer(&b[len(b)/2]))), " hg", "the allocation's mapping is not advised MADV_HUGEPAGE")
		runtime.KeepAlive(b)
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages are off here (/sys/kernel/mm/transparent_hugepage/enabled): nothing to ask for")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAdviseHugeHeapMarksTheHeapThatFollows$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TELLTALE_HUGEHEAP_MARK_CHILD=1")
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "the child process:\n%s", out)
}

// vmFlags returns the VmFlags line of /proc/self/smaps for the mapping
// that holds addr.
func vmFlags(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	require.NoError(t, err)
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := vmaRange(line); ok {
			in = lo <= addr && addr < hi
		} else if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	require.NoError(t, sc.Err())
	t.Fatalf("no mapping holds %#x in /proc/self/smaps", addr)
	return ""
}

// vmaRange parses the "start-end perms ..." line that opens a mapping.
func vmaRange(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	return uintptr(l), uintptr(h), err1 == nil && err2 == nil
}

// mapsFreely skips the test unless this process may map freely: no
// ulimit -v or -d, no strict overcommit.
func mapsFreely(t *testing.T) {
	t.Helper()
	for _, resource := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		require.NoError(t, syscall.Getrlimit(resource, &lim))
		if lim.Cur != ^uint64(0) {
			t.Skip("this process may not map freely already (ulimit -v or -d)")
		}
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || strings.TrimSpace(string(b)) == "2" {
		t.Skip("this process may not map freely already (vm.overcommit_memory = 2)")
	}
}

// A process whose address space (ulimit -v) or data (ulimit -d) is
// limited asks for nothing: the runtime would end it if the mapping of the
// range failed.
func TestHugeHeapSkipsALimitedAddressSpace(t *testing.T) {
	mapsFreely(t)
	assert.True(t, roomyAddressSpace())
	for name, resource := range map[string]int{"RLIMIT_AS": syscall.RLIMIT_AS, "RLIMIT_DATA": syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		require.NoError(t, syscall.Getrlimit(resource, &lim))
		limited := lim
		limited.Cur = 64 << 30
		require.NoError(t, syscall.Setrlimit(resource, &limited))
		assert.False(t, roomyAddressSpace(), "with %s set", name)
		require.NoError(t, syscall.Setrlimit(resource, &lim))
	}
}

// Under ulimit -d 512 MiB, the range for a 200 MB input (2.4 GB, or a
// quarter of the memory of a machine of 4 GiB or more) cannot be mapped:
// the process must carry on without it, not die of "out of memory". The
// child process sets the limit and asks for the range.
func TestHugeHeapSurvivesALimitOnData(t *testing.T) {
	if input := os.Getenv("TELLTALE_HUGEHEAP_CHILD"); input != "" {
		lim := syscall.Rlimit{Cur: 512 << 20, Max: 512 << 20}
		require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_DATA, &lim))
		HugeHeapFor(input)
		return
	}
	mapsFreely(t)
	input := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(input)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(200<<20)) // sparse: no disk used
	require.NoError(t, f.Close())
	cmd := exec.Command(os.Args[0], "-test.run=^TestHugeHeapSurvivesALimitOnData$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TELLTALE_HUGEHEAP_CHILD="+input)
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "the child process:\n%s", out)
}
