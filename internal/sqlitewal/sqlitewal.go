// Package sqlitewal registers a SQLite VFS (for modernc.org/sqlite, the
// pure-Go SQLite) that writes each transaction's WAL frames with one
// system call instead of two a page.
//
// SQLite appends a committed page to the write-ahead log as a frame: a
// 24-byte header and the page, written with two calls of the VFS's
// xWrite, so a transaction that changes 130 pages makes 260 pwrite(2)
// calls, which cost the pure-Go SQLite more than its B-tree work on a
// virtual machine. The VFS here is the "unix" VFS with one change: some
// writes to the WAL file wait in a buffer (1 MiB of C memory a WAL handle)
// and go out with the writes after them. Only writes SQLite cannot
// publish before a later write of the same handle wait:
//
//   - the WAL header, and a frame whose header says it ends no
//     transaction (its "database size after commit" is zero: SQLite's file
//     format, section 4.1), header and then page, appended in order;
//   - a commit frame's header that continues the buffer, since its page is
//     the very next write (walWriteOneFrame).
//
// Frames are told apart by where they lie (32 + k*(page size + 24), the
// page size read from the WAL header), not by what their bytes look
// like. Every other write (a commit frame's page, a frame header that
// walRewriteChecksums writes again, a page rewritten in place, the parts
// of a frame split around a sector for padding) reaches the file, with
// all that was buffered before it, before xWrite returns; so does the
// buffer before any other method on the WAL file (read, sync, truncate,
// size, locks, file controls, close). So nothing SQLite may publish in
// the wal-index, where other connections and processes find committed
// frames, is only in memory, whatever path of walFrames wrote it, and a
// transaction's frames cost one system call (up to 128 KiB a call). A
// write that fails in xWrite fails as the unix VFS's does; one that fails
// when another method writes the buffer out is an I/O error, so that
// SQLite rolls back the whole transaction (for a full disk it would roll
// back only the statement, and earlier statements' spilled frames would
// be lost).
//
// A transaction that spilled frames and then rolled back leaves them in
// the buffer (SQLite's rollback makes no call on the WAL file); they are
// written out when the connection releases the WAL write lock, from the
// database file's xShmLock, before another connection can write frames at
// the same offsets.
//
// The database file, its shared memory and every other file are the
// unix VFS's own, but for that xShmLock. A process killed at any point loses at most frames of a
// transaction that had not committed, which SQLite ignores on recovery as
// it ignores a torn write.
package sqlitewal

import (
	"sync"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// Name is the VFS's name, for the "vfs" parameter of a DSN.
const Name = "unix-walbuf"

// bufSize bounds the frames gathered before a write.
const bufSize = 1 << 20

// registration is the process's one registration with SQLite, whose VFS
// list is process-wide.
var registration struct {
	once    sync.Once
	ok      bool
	stateAt int64 // offset of walState in a file structure, set once
}

// Register registers the VFS once per process and reports whether it is
// available: it wraps SQLite's "unix" VFS, which Windows builds lack.
func Register() bool {
	registration.once.Do(func() { registration.ok = register() })
	return registration.ok
}

// walState is what this VFS keeps for an open WAL file (its buffer) or
// database file (its methods and its WAL file), in C memory after the unix
// VFS's own file structure (the VFS's szOsFile makes room for it), so that
// SQLite's per-file allocation carries it and no Go map is needed.
type walState struct {
	orig   uintptr // the unix VFS's io methods for this file
	buf    uintptr // bufSize bytes of C memory, 0 until the first write
	off    int64   // file offset of the buffer's first byte
	n      int64   // bytes buffered
	page   int64   // the WAL's page size, 0 until known
	hdrEnd int64   // end of the last write when it was a buffered non-commit frame header, else -1

	// Links between a connection's database file and its WAL file, so
	// that releasing the WAL write lock (on the database file's shared
	// memory) first writes out the WAL file's buffer: frames of a
	// transaction that rolled back would otherwise stay buffered and be
	// written later over frames another connection has committed since.
	db      uintptr                     // for a WAL file: its database file, or 0
	wal     uintptr                     // for a database file: its open WAL file, or 0
	methods sqlite3.Tsqlite3_io_methods // for a database file: the unix VFS's methods with xShmLock ours
}

// vfsExtra is what follows our sqlite3_vfs in its allocation.
type vfsExtra struct {
	unix    uintptr // the unix VFS
	methods uintptr // the io methods of WAL files
}

// ptr turns an address of C memory into a pointer without the uintptr
// conversion go vet warns about for Go memory (C memory never moves).
func ptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

func register() bool {
	tls := libc.NewTLS()
	defer tls.Close()
	name, err := libc.CString("unix")
	if err != nil {
		return false
	}
	defer libc.Xfree(tls, name)
	unix := sqlite3.Xsqlite3_vfs_find(tls, name)
	if unix == 0 {
		return false
	}
	u := (*sqlite3.Tsqlite3_vfs)(ptr(unix))
	vfsSize := unsafe.Sizeof(sqlite3.Tsqlite3_vfs{})
	p := libc.Xcalloc(tls, 1, types.Size_t(vfsSize+unsafe.Sizeof(vfsExtra{})))
	zName, err := libc.CString(Name)
	if p == 0 || err != nil {
		return false
	}
	v := (*sqlite3.Tsqlite3_vfs)(ptr(p))
	*v = *u
	v.FpNext = 0
	v.FzName = zName
	stateAt := (int64(u.FszOsFile) + 7) &^ 7
	v.FszOsFile = int32(stateAt) + int32(unsafe.Sizeof(walState{}))
	*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&v.FxOpen)) = xOpen

	m := libc.Xcalloc(tls, 1, types.Size_t(unsafe.Sizeof(sqlite3.Tsqlite3_io_methods{})))
	if m == 0 {
		return false
	}
	setMethods((*sqlite3.Tsqlite3_io_methods)(ptr(m)))
	extra := (*vfsExtra)(unsafe.Add(ptr(p), vfsSize))
	*extra = vfsExtra{unix: unix, methods: m}
	registration.stateAt = stateAt
	return sqlite3.Xsqlite3_vfs_register(tls, p, 0) == sqlite3.SQLITE_OK
}

// extraOf returns what follows the VFS structure pVfs.
func extraOf(pVfs uintptr) *vfsExtra {
	return (*vfsExtra)(unsafe.Add(ptr(pVfs), unsafe.Sizeof(sqlite3.Tsqlite3_vfs{})))
}

// stateOf returns the state of the WAL or database file pFile.
func stateOf(pFile uintptr) *walState {
	return (*walState)(unsafe.Add(ptr(pFile), registration.stateAt))
}

// xOpen opens a file with the unix VFS and puts this package's methods in
// front of the unix VFS's: the buffering ones for a WAL file, xShmLock for
// a database file.
func xOpen(tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	extra := extraOf(pVfs)
	u := (*sqlite3.Tsqlite3_vfs)(ptr(extra.unix))
	rc := (*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&u.FxOpen)))(tls, extra.unix, zName, pFile, flags, pOutFlags)
	f := (*sqlite3.Tsqlite3_file)(ptr(pFile))
	if rc != sqlite3.SQLITE_OK || f.FpMethods == 0 {
		return rc
	}
	if flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0 {
		orig := (*sqlite3.Tsqlite3_io_methods)(ptr(f.FpMethods))
		if orig.FiVersion < 2 || orig.FxShmLock == 0 {
			return rc
		}
		st := stateOf(pFile)
		*st = walState{orig: f.FpMethods, hdrEnd: -1}
		st.methods = *orig
		*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&st.methods.FxShmLock)) = xShmLockDB
		f.FpMethods = uintptr(unsafe.Pointer(&st.methods))
		return rc
	}
	if flags&sqlite3.SQLITE_OPEN_WAL == 0 {
		return rc
	}
	st := stateOf(pFile)
	*st = walState{orig: f.FpMethods, hdrEnd: -1}
	f.FpMethods = extra.methods
	// The WAL's name is the pager's, so SQLite finds the database file
	// from it (sqlite3_database_file_object).
	if db := sqlite3.Xsqlite3_database_file_object(tls, zName); db != 0 {
		dst := stateOf(db)
		if (*sqlite3.Tsqlite3_file)(ptr(db)).FpMethods == uintptr(unsafe.Pointer(&dst.methods)) {
			dst.wal = pFile
			st.db = db
		}
	}
	return rc
}
