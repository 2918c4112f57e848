//go:build unix

package tracking

import (
	"path/filepath"
	"syscall"
)

// lockDir takes an exclusive advisory lock (flock) on the directory dir of
// the store, waiting for it. It serialises read-modify-write updates of a
// meta.yaml, and experiment creation, across goroutines and processes.
// The lock is on the directory itself, so it leaves no file behind.
func (s *FileStore) lockDir(dir string) (unlock func(), err error) {
	f, err := s.root.Open(filepath.FromSlash(dir))
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
