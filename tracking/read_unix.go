//go:build unix

package tracking

import "syscall"

// openNoFollow opens a file without following a final symbolic link and
// without blocking on a FIFO.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
