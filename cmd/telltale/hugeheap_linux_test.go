package main

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdviseHugeHeapMarksTheHeapThatFollows(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages are off here (/sys/kernel/mm/transparent_hugepage/enabled): nothing to ask for")
	}
	require.NoError(t, adviseHugeHeap(1<<30))
	b := make([]byte, 512<<20) // as a frame's columns would be, after the advice
	assert.Contains(t, vmFlags(t, uintptr(unsafe.Pointer(&b[0]))), " hg", "the allocation's mapping is not advised MADV_HUGEPAGE")
	runtime.KeepAlive(b)
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

// A process whose address space is limited (ulimit -v) asks for nothing:
// the runtime would end it if the mapping of the range failed.
func TestHugeHeapSkipsALimitedAddressSpace(t *testing.T) {
	var lim syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_AS, &lim))
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); lim.Cur != ^uint64(0) || err != nil || strings.TrimSpace(string(b)) == "2" {
		t.Skip("this process may not map freely already (ulimit -v, or vm.overcommit_memory = 2)")
	}
	assert.True(t, roomyAddressSpace())
	limited := lim
	limited.Cur = 64 << 30
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_AS, &limited))
	defer func() { require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_AS, &lim)) }()
	assert.False(t, roomyAddressSpace())
}
