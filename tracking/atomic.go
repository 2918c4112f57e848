package tracking

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// Every file of the store is written through these helpers, inside an
// os.Root, so that no name can reach outside the store (a ".." or a
// symbolic link that points out is refused by the operating system).
//
// Whole files are written to a temporary file that is synced and then
// renamed over the target, so a reader (or a crash) sees the old file or
// the new one, never a part. The temporary file lives in the run's or the
// experiment's own directory, not beside the target: MLflow reads every
// file under params/, metrics/ and tags/ as an entry, so a temporary file
// there, even for a moment or left by a crash, would show up as a bogus
// param. The run directory is on the same file system, so the rename is
// just as atomic, and MLflow ignores plain files there.

const tmpPrefix = ".telltale-tmp-"

func tmpName(dir string) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return path.Join(dir, tmpPrefix+hex.EncodeToString(b[:]))
}

// writeTemp writes data to a new temporary file in tmpDir and syncs it.
func writeTemp(root *os.Root, tmpDir string, data []byte) (string, error) {
	tmp := tmpName(tmpDir)
	f, err := root.OpenFile(filepath.FromSlash(tmp), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = root.Remove(filepath.FromSlash(tmp))
		return "", err
	}
	return tmp, nil
}

// writeAtomic replaces name with data: a temporary file in tmpDir, then a
// rename. Parent directories of name are created.
func writeAtomic(root *os.Root, tmpDir, name string, data []byte) error {
	if err := root.MkdirAll(filepath.FromSlash(path.Dir(name)), 0o755); err != nil {
		return err
	}
	tmp, err := writeTemp(root, tmpDir, data)
	if err != nil {
		return err
	}
	if err := root.Rename(filepath.FromSlash(tmp), filepath.FromSlash(name)); err != nil {
		_ = root.Remove(filepath.FromSlash(tmp))
		return err
	}
	return nil
}

// createAtomic creates name with data unless it exists: a temporary file,
// then a hard link, which fails if the target exists, so that two writers
// racing for the same name cannot both win and no reader sees a partial
// file. created is false if name already existed.
func createAtomic(root *os.Root, tmpDir, name string, data []byte) (created bool, err error) {
	if err := root.MkdirAll(filepath.FromSlash(path.Dir(name)), 0o755); err != nil {
		return false, err
	}
	tmp, err := writeTemp(root, tmpDir, data)
	if err != nil {
		return false, err
	}
	defer root.Remove(filepath.FromSlash(tmp))
	err = root.Link(filepath.FromSlash(tmp), filepath.FromSlash(name))
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	return err == nil, err
}

// appendLine appends line (which ends in a newline) to name with a single
// write on a file opened with O_APPEND: concurrent appenders from many
// processes interleave whole lines and lose none.
func appendLine(root *os.Root, name string, line []byte) error {
	if err := root.MkdirAll(filepath.FromSlash(path.Dir(name)), 0o755); err != nil {
		return err
	}
	f, err := root.OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	n, err := f.Write(line)
	if err == nil && n != len(line) {
		err = io.ErrShortWrite
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeFromAtomic writes what r holds as name in the root, atomically: a
// temporary file in tmpDir, synced, then renamed over name. Parent
// directories of name are created.
func writeFromAtomic(root *os.Root, tmpDir, name string, r io.Reader) error {
	if err := root.MkdirAll(filepath.FromSlash(path.Dir(name)), 0o755); err != nil {
		return err
	}
	tmp := tmpName(tmpDir)
	out, err := root.OpenFile(filepath.FromSlash(tmp), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(filepath.FromSlash(tmp), filepath.FromSlash(name))
	}
	if err != nil {
		_ = root.Remove(filepath.FromSlash(tmp))
		return err
	}
	return nil
}
