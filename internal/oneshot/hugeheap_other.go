//go:build !linux

package oneshot

// HugeHeapFor does nothing here: transparent huge pages are Linux's.
func HugeHeapFor(...string) {}
