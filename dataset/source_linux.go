package dataset

import "syscall"

// kernelFile reports whether path is on /proc or /sys, whose files look
// regular but are made by the kernel on reading (/proc/self/environ).
func kernelFile(path string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(path, &st) != nil {
		return false
	}
	const procMagic, sysfsMagic = 0x9fa0, 0x62656572
	return st.Type == procMagic || st.Type == sysfsMagic
}
