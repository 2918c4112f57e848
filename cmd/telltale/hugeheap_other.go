//go:build !linux

package main

// hugeHeapFor does nothing here: transparent huge pages are Linux's.
func hugeHeapFor(...string) {}
