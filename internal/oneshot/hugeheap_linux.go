package oneshot

import (
	"math/bits"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
)

// Huge pages for the data a one-shot command reads.
//
// Where the kernel's transparent huge pages are "madvise" only (a common
// default, and this project's benchmark machine), memory gets them only
// where the process asked with madvise(MADV_HUGEPAGE), and the Go runtime
// asks for none of its heap. Every 4 KiB of the frames and of the sorted
// copies is then a page fault: 126,000 faults for the 1M x 30 data-drift
// report, 28,000 for the flights one, whose system time they were most of.
//
// So before reading, a command that reads its data once and exits maps the
// part of the heap the data will take and marks it: one allocation of
// that size, advised MADV_HUGEPAGE, then freed (debug.FreeOSMemory). Nothing of
// it is touched, so it costs address space, not memory, but for the
// runtime's map of the heap's pages, which it keeps (8 bytes a page of
// 8 KiB: RSS grew by 7.6 MB for a range of 6 GiB). The runtime hands
// out the lowest free pages first, so the frames read next land in the
// marked range and fault 2 MiB at a time (3,200 faults for flights). When
// they land elsewhere, or the kernel has no huge page to give, the pages
// are small as before: it is a request, never needed for a right result.
//
// Measured with the built binary, the two ways taking turns run by run
// (6 runs each): the flights report 0.10-0.13 s against 0.13-0.16 s; the
// 100k x 30 report 0.29-0.36 s against 0.34-0.48 s; the 1M x 30 report
// 2.41-2.86 s against 2.60-3.08 s. Peak RSS grows by whole 2 MiB pages:
// 20-36 MB in the README's run of 29 November.
//
// It is left out for small inputs (the mapping and the collection cost a
// few milliseconds), where a failed mapping would end the process rather
// than return an error (a 32-bit address space, a limit on the address
// space or on the data, ulimit -v or -d; strict overcommit, which counts
// the mapping against the commit limit), and when GODEBUG has disablethp=1
// (the runtime's own switch for huge pages).

const (
	hugeHeapMinInput     = 8 << 20   // bytes of input below which it is not worth it
	hugeHeapPerInputByte = 12        // bytes of range per byte of input: Parquet decodes to up to ~8 times its size
	hugeHeapMinRange     = 256 << 20 // the least range marked
)

// HugeHeapFor marks the heap that reading the files at paths will fill
// for huge pages, when they are big enough.
func HugeHeapFor(paths ...string) {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || !roomyAddressSpace() {
		return
	}
	var input int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			input += fi.Size()
		}
	}
	if input < hugeHeapMinInput {
		return
	}
	size := max(input*hugeHeapPerInputByte, hugeHeapMinRange)
	if total := machineMemory(); total > 0 {
		size = min(size, total/4)
	}
	_ = adviseHugeHeap(int(size)) // without huge pages, the pages are small as before
}

// adviseHugeHeap maps size bytes of heap, marks them MADV_HUGEPAGE and
// frees them, for the allocations that follow.
func adviseHugeHeap(size int) error {
	b := make([]byte, size)
	err := syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	// b is dead from here. Free its pages now, before the reading
	// allocates, and return them to the kernel: untouched, they cost it
	// nothing, and the runtime then knows them to be zero, so it does not
	// clear them again when it hands them out (runtime.GC alone left
	// 512 MiB to clear at their next use).
	debug.FreeOSMemory()
	return err
}

// roomyAddressSpace reports whether mapping a quarter of the machine's
// memory, untouched, cannot fail: a 64-bit process, no limit on its
// address space (RLIMIT_AS) nor on its data (RLIMIT_DATA, ulimit -d, which
// Linux applies to every private writable mapping, the heap's included),
// and the kernel not counting every private writable mapping against its
// commit limit (vm.overcommit_memory = 2). The runtime ends the process
// when a heap mapping fails.
func roomyAddressSpace() bool {
	if bits.UintSize < 64 {
		return false
	}
	for _, resource := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(resource, &lim); err != nil || lim.Cur != ^uint64(0) {
			return false
		}
	}
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && strings.TrimSpace(string(b)) != "2"
}
