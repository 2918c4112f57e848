// Package atomicfile writes output files: a regular file or a new path is
// written atomically, so that readers see either the old content or the
// new, never a part (a temporary file in the same directory, synced and
// renamed over the target); anything else (a device such as /dev/stdout,
// /dev/null or /dev/full, a FIFO, a symbolic link) is written through,
// because renaming over it would replace it: a symbolic link stays a link
// and its target is written, /dev/null stays the null device.
//
// Every error names the path the caller gave, never the temporary file.
package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes the file at path with what fill writes. A new path or a
// regular file is replaced atomically: if fill or any step fails, the
// temporary file is removed and an existing file at path is left
// untouched. A path that exists and is not a regular file (a symbolic
// link, a device, a FIFO) is opened for writing and written in place,
// truncated first if it is (or links to) a regular file; perm then
// applies only to a file the write creates. A write error (such as
// ENOSPC from /dev/full) is returned, naming path.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	through, err := writtenThrough(path)
	switch {
	case err != nil:
		return err
	case through:
		return writeThrough(path, perm, fill)
	}
	return writeAtomic(path, perm, fill)
}

// writtenThrough reports whether path is written in place (it exists and
// is not a regular file: a symbolic link, a device, a FIFO) rather than
// replaced atomically (a regular file or a new path); a directory, or a
// path that cannot be looked at, is an error.
func writtenThrough(path string) (bool, error) {
	st, err := os.Lstat(path)
	switch {
	case err == nil && st.Mode().IsRegular():
		return false, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case st.IsDir():
		return false, &fs.PathError{Op: "write", Path: path, Err: errors.New("is a directory")}
	}
	return true, nil
}

// WriteBytes writes data to the file at path as Write does.
func WriteBytes(path string, data []byte, perm os.FileMode) error {
	p, err := Prepare(path, data, perm)
	if err != nil {
		return err
	}
	return p.Commit()
}

// writeData returns a fill function that writes data.
func writeData(data []byte) func(w io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// Pending is an output Prepare has readied and Commit puts in place.
type Pending struct {
	path string
	tmp  string // the synced temporary file beside path; "" to write through
	perm os.FileMode
	data []byte // written through at Commit
}

// Prepare does for data at path the part of WriteBytes that nobody reading
// path can see: for a new path or a regular file, it writes data to a
// temporary file beside path and syncs it (Commit renames it over path,
// Abort removes it); for a path written through (a device, a FIFO, a
// symbolic link), where the write itself is the effect, it only checks the
// path, and Commit writes. Several outputs can so be prepared side by side,
// each file's sync waiting on the disk while the others are made, then
// committed in order, the rest aborted at the first failure: an output
// after a failed one is left as it was. Errors name path.
func Prepare(path string, data []byte, perm os.FileMode) (*Pending, error) {
	through, err := writtenThrough(path)
	switch {
	case err != nil:
		return nil, err
	case through:
		return &Pending{path: path, perm: perm, data: data}, nil
	}
	tmp, err := writeTemp(path, perm, writeData(data))
	if err != nil {
		return nil, err
	}
	return &Pending{path: path, tmp: tmp, perm: perm}, nil
}

// Commit puts the prepared output in place: the temporary file renamed over
// path, or the data written through. It removes the temporary file if the
// rename fails.
func (p *Pending) Commit() error {
	if p.tmp == "" {
		return writeThrough(p.path, p.perm, writeData(p.data))
	}
	if err := os.Rename(p.tmp, p.path); err != nil {
		os.Remove(p.tmp)
		return rename(err, p.tmp, p.path)
	}
	return nil
}

// Abort drops the prepared output: path is left as it was.
func (p *Pending) Abort() {
	if p.tmp != "" {
		os.Remove(p.tmp)
	}
}

// writeAtomic writes a temporary file beside path and renames it over path.
func writeAtomic(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	tmp, err := writeTemp(path, perm, fill)
	if err != nil {
		return err
	}
	return (&Pending{path: path, tmp: tmp, perm: perm}).Commit()
}

// writeTemp writes a temporary file beside path with what fill writes,
// with mode perm, synced and closed, and returns its name; on an error it
// removes it, and the error names path.
func writeTemp(path string, perm os.FileMode, fill func(w io.Writer) error) (name string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "", &fs.PathError{Op: "open", Path: path, Err: pe.Err}
		}
		return "", err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = rename(err, tmp.Name(), path)
		}
	}()
	if err = fillBuffered(tmp, fill); err != nil {
		return "", err
	}
	if err = tmp.Chmod(perm); err != nil {
		return "", err
	}
	if err = tmp.Sync(); err != nil {
		return "", err
	}
	if err = tmp.Close(); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}

// writeThrough opens path (following symbolic links) and writes it in
// place.
func writeThrough(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	flag := os.O_WRONLY
	if st, err := os.Stat(path); err != nil || st.Mode().IsRegular() {
		// A link to a regular file, or a dangling link whose target
		// the write creates.
		flag |= os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err = fillBuffered(f, fill); err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		return f.Sync()
	}
	return nil
}

// fillBuffered runs fill on a buffered writer over f and flushes it.
func fillBuffered(f *os.File, fill func(w io.Writer) error) error {
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := fill(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// rename makes err, an error of an operation on the temporary file tmp,
// name path instead.
func rename(err error, tmp, path string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == tmp {
		pe.Path = path
		return err
	}
	var le *os.LinkError
	if errors.As(err, &le) && le.Old == tmp {
		return &fs.PathError{Op: "rename", Path: path, Err: le.Err}
	}
	return err
}
