package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/telltale-ml/telltale/internal/atomicfile"
)

// outputFile is a file or directory a command writes, named by a flag.
type outputFile struct {
	flag string // "--json"
	path string // "" when the flag was not given; "-" is stdout
	dir  bool   // a directory of images (--png, --svg), created if missing
}

// inputFile is a file a command reads, named by a flag or the config.
type inputFile struct {
	what string // "--reference", "the config file"
	path string
}

// outputPlan is where a command's outputs go, checked before any work.
type outputPlan struct {
	stdout   io.Writer
	toStdout map[string]bool // output paths that mean stdout: "-", or the file stdout is
}

// usesStdout reports whether an output goes to stdout, so that the
// command's messages must go to stderr.
func (p *outputPlan) usesStdout() bool { return len(p.toStdout) > 0 }

// pendingOutput is an output prepared for its path and not yet written
// there (see outputPlan.prepare).
type pendingOutput struct {
	plan *outputPlan
	path string
	data []byte
	file *atomicfile.Pending // nil for stdout
}

// prepare readies data for the output path: for a file, written and synced
// beside it (atomicfile.Prepare, which writes through devices, FIFOs and
// links at commit); for stdout ("-", or the file stdout already is),
// nothing yet. Outputs are prepared side by side and committed in order,
// so that an output after a failed one is left as it was.
func (p *outputPlan) prepare(path string, data []byte) (*pendingOutput, error) {
	o := &pendingOutput{plan: p, path: path, data: data}
	if p.toStdout[path] {
		return o, nil
	}
	f, err := atomicfile.Prepare(path, data, 0o644)
	if err != nil {
		return nil, err
	}
	o.file = f
	return o, nil
}

// commit puts the output in place, or writes it to stdout.
func (o *pendingOutput) commit() error {
	if o.file != nil {
		return o.file.Commit()
	}
	if _, err := o.plan.stdout.Write(o.data); err != nil {
		return fmt.Errorf("writing %s to stdout: %w", o.path, err)
	}
	return nil
}

// abort drops a prepared output; nil is a no-op.
func (o *pendingOutput) abort() {
	if o != nil && o.file != nil {
		o.file.Abort()
	}
}

// checkOutputs checks the outputs before the command reads or computes
// anything: "-" (stdout) at most once and only for a file; the directory
// of each output file exists (a missing one is named); no output is a
// directory where a file is wanted; no output coincides with an input,
// the config, or another output, by name or, for files that exist, by
// identity (os.SameFile, which sees through symbolic and hard links). A
// character device such as /dev/null may take several outputs: writing it
// loses nothing.
func checkOutputs(cmd string, stdout io.Writer, outs []outputFile, ins []inputFile) (*outputPlan, error) {
	plan := &outputPlan{stdout: stdout, toStdout: map[string]bool{}}
	var stdoutInfo os.FileInfo
	if f, ok := stdout.(*os.File); ok {
		stdoutInfo, _ = f.Stat()
	}
	type seen struct {
		what, abs string
		info      os.FileInfo // nil when the path does not exist
	}
	var files []seen
	stat := func(path string) (string, os.FileInfo) {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = filepath.Clean(path)
		}
		st, err := os.Stat(path)
		if err != nil {
			st = nil
		}
		return abs, st
	}
	for _, in := range ins {
		if in.path == "" || in.path == "-" {
			continue
		}
		abs, st := stat(in.path)
		files = append(files, seen{in.what + " " + in.path, abs, st})
	}
	stdoutBy := ""
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		what := o.flag + " " + o.path
		if o.path == "-" {
			if o.dir {
				return nil, usagef(cmd, "%s -: images go to a directory, not to stdout", o.flag)
			}
			if stdoutBy != "" {
				return nil, usagef(cmd, "%s and %s both write to stdout: give one of them a file", stdoutBy, what)
			}
			stdoutBy = what
			plan.toStdout[o.path] = true
			continue
		}
		abs, st := stat(o.path)
		if err := checkOutputPlace(cmd, o, st); err != nil {
			return nil, err
		}
		if !o.dir && st != nil && stdoutInfo != nil && os.SameFile(st, stdoutInfo) {
			// --json /dev/stdout, or the file stdout was redirected to:
			// write it through stdout, and keep the messages apart.
			if stdoutBy != "" {
				return nil, usagef(cmd, "%s and %s both write to stdout: give one of them a file", stdoutBy, what)
			}
			stdoutBy = what
			plan.toStdout[o.path] = true
			continue
		}
		for _, f := range files {
			same := f.abs == abs
			if !same && f.info != nil && st != nil {
				same = os.SameFile(f.info, st)
			}
			if !same {
				continue
			}
			if st != nil && st.Mode()&fs.ModeCharDevice != 0 {
				continue // a device is not clobbered: /dev/null may take several outputs
			}
			return nil, usagef(cmd, "%s is the same file as %s: each output needs a path of its own, apart from the inputs", what, f.what)
		}
		files = append(files, seen{what, abs, st})
	}
	return plan, nil
}

// checkOutputPlace checks that the output o can be written where it is:
// a file's directory exists and is a directory, and the file is not a
// directory; an image directory, if it exists, is a directory, and
// otherwise its nearest existing parent is one (it is created).
func checkOutputPlace(cmd string, o outputFile, st os.FileInfo) error {
	if o.dir {
		if st != nil {
			if !st.IsDir() {
				return usagef(cmd, "%s %s: not a directory", o.flag, o.path)
			}
			return nil
		}
		for p := filepath.Dir(filepath.Clean(o.path)); ; p = filepath.Dir(p) {
			pst, err := os.Stat(p)
			if err == nil {
				if !pst.IsDir() {
					return usagef(cmd, "%s %s: %s is not a directory", o.flag, o.path, p)
				}
				return nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
			}
			if p == filepath.Dir(p) {
				return nil
			}
		}
	}
	if st != nil && st.IsDir() {
		return usagef(cmd, "%s %s: is a directory; give a file name", o.flag, o.path)
	}
	dir := filepath.Dir(o.path)
	dst, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef(cmd, "%s %s: the directory %s does not exist", o.flag, o.path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", o.flag, o.path, err)
	case !dst.IsDir():
		return usagef(cmd, "%s %s: %s is not a directory", o.flag, o.path, dir)
	}
	return nil
}
