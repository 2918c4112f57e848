//go:build !unix

package tracking

import "sync"

// lockDir serialises updates within this Store only: where flock is not
// available, concurrent updates from several processes are not locked.
func (s *FileStore) lockDir(dir string) (unlock func(), err error) {
	m, _ := s.locks.LoadOrStore(dir, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock, nil
}
