//go:build !linux || !(amd64 || arm64)

package tracking

import "os"

// beneath is Linux's openat2 path; here reads go through os.Root.
type beneath struct{}

func newBeneath(string) *beneath { return nil }

func (b *beneath) close() error { return nil }

func (b *beneath) open(name, p string) (*os.File, error) { return nil, errNoOpenat2 }
