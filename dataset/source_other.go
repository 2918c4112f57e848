//go:build !linux

package dataset

// kernelFile reports whether path is a file the kernel makes on reading;
// only Linux's /proc and /sys are recognised.
func kernelFile(path string) bool { return false }
