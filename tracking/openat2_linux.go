//go:build linux && (amd64 || arm64)

package tracking

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"unsafe"
)

// beneath opens files below a directory with one openat2 call each, with
// RESOLVE_BENEATH: the kernel refuses a path, a link or ".." that would
// leave the directory (EXDEV), as os.Root does, but without opening
// every component of the path on the way.
type beneath struct{ dir *os.File }

// openat2 and its open_how (linux/openat2.h). SYS_openat2 is 437 on
// amd64 and arm64.
const (
	sysOpenat2          = 437
	resolveNoMagiclinks = 0x02
	resolveBeneath      = 0x08
)

type openHow struct {
	flags   uint64
	mode    uint64
	resolve uint64
}

// newBeneath opens dir for openat2, or returns nil when the kernel has no
// openat2 (before Linux 5.6) or a filter refuses it.
func newBeneath(dir string) *beneath {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	b := &beneath{dir: d}
	f, err := b.open(".", dir)
	if err != nil {
		d.Close()
		return nil
	}
	f.Close()
	return b
}

func (b *beneath) close() error { return b.dir.Close() }

// open opens name (slash-separated, relative) read-only without blocking
// on a FIFO. p is the path for messages. A link out of the directory or a
// loop gives an error wrapping errNotRegular; no openat2 gives
// errNoOpenat2.
func (b *beneath) open(name, p string) (*os.File, error) {
	cname, err := syscall.BytePtrFromString(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	how := openHow{flags: uint64(syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK),
		resolve: resolveBeneath | resolveNoMagiclinks}
	for {
		fd, _, errno := syscall.Syscall6(sysOpenat2, b.dir.Fd(), uintptr(unsafe.Pointer(cname)),
			uintptr(unsafe.Pointer(&how)), unsafe.Sizeof(how), 0, 0)
		switch errno {
		case 0:
			return os.NewFile(fd, p), nil
		case syscall.EINTR, syscall.EAGAIN:
			continue
		case syscall.ENOSYS, syscall.EPERM:
			return nil, errNoOpenat2
		case syscall.EXDEV, syscall.ELOOP:
			return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, p, errNotRegular)
		}
		if errors.Is(errno, syscall.E2BIG) {
			return nil, errNoOpenat2
		}
		return nil, &fs.PathError{Op: "open", Path: p, Err: errno}
	}
}
