package sqlitewal

import (
	"encoding/binary"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// The WAL file's methods. Each calls the unix VFS's method of the same
// name (orig), after writing out the buffer where the method could see
// the file without it.

func origOf(pFile uintptr) *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(ptr(stateOf(pFile).orig))
}

// flush writes the buffered bytes with one call of the unix VFS's xWrite.
// The buffer is empty afterwards, written or not.
func flush(tls *libc.TLS, pFile uintptr) int32 {
	st := stateOf(pFile)
	if st.n == 0 {
		return sqlite3.SQLITE_OK
	}
	n := st.n
	st.n = 0
	for at := int64(0); at < n; at += maxWrite {
		k := min(n-at, maxWrite)
		if rc := origWrite(tls, pFile, st.buf+uintptr(at), int32(k), st.off+at); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	return sqlite3.SQLITE_OK
}

// flushBefore is flush for the methods other than xWrite. A failure there
// is reported as SQLITE_IOERR_WRITE, never as the unix VFS's SQLITE_FULL:
// for SQLITE_FULL SQLite rolls back only the failing statement when it
// has a statement journal, and the transaction would go on (and could
// commit) with frames written by earlier statements lost; for an I/O
// error it rolls back the whole transaction (sqlite3VdbeHalt).
func flushBefore(tls *libc.TLS, pFile uintptr) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return sqlite3.SQLITE_IOERR_WRITE
	}
	return sqlite3.SQLITE_OK
}

// maxWrite is the most the unix VFS's xWrite writes in one call: its
// seekAndWriteFd keeps the low 17 bits of the size (SQLite never writes
// more than a 64 KiB page and its header at once), so a larger write
// would be cut short and reported as a full disk.
const maxWrite = 1<<17 - 1

func origWrite(tls *libc.TLS, pFile, p uintptr, amt int32, off int64) int32 {
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxWrite)))(tls, pFile, p, amt, off)
}

// frameHeader is the size of a WAL frame's header; its bytes 4-7 hold the
// database size after commit, zero for a frame that is no commit's.
const frameHeader = 24

// walHeader is the size of the WAL file's header; its bytes 8-11 hold
// the page size.
const walHeader = 32

// pageSize returns the WAL's page size, read from its header once (the
// page size of a database in WAL mode never changes), or 0.
func pageSize(tls *libc.TLS, pFile, p uintptr, amt int32, off int64) int64 {
	st := stateOf(pFile)
	if st.page != 0 {
		return st.page
	}
	var sz int64
	if off == 0 && amt == walHeader {
		sz = int64(binary.BigEndian.Uint32(unsafe.Slice((*byte)(ptr(p)), walHeader)[8:12]))
	} else {
		bp := tls.Alloc(walHeader)
		defer tls.Free(walHeader)
		m := origOf(pFile)
		if (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxRead)))(tls, pFile, bp, walHeader, 0) != sqlite3.SQLITE_OK {
			return 0
		}
		sz = int64(binary.BigEndian.Uint32(unsafe.Slice((*byte)(ptr(bp)), walHeader)[8:12]))
	}
	if sz < 512 || sz > 65536 || sz&(sz-1) != 0 {
		return 0
	}
	st.page = sz
	return sz
}

// xWrite buffers only what SQLite cannot publish before a later write:
// the WAL header, and frames whose header says they are no commit's (the
// header and then its page, appended). A commit frame's header is
// appended too when it continues the buffer, since its page comes next
// (walWriteOneFrame). Every other write (a commit frame's page, a frame
// header rewritten by walRewriteChecksums, a frame rewritten in place,
// the pieces of a frame split around a sector boundary for padding) is
// on the file, with the whole buffer before it, when xWrite returns: so
// nothing SQLite may publish in the wal-index is left in memory, whatever
// path of walFrames wrote it. Frames are told apart by where they lie
// (32 + k*(page+24)), not by what their bytes look like.
func xWrite(tls *libc.TLS, pFile, p uintptr, amt int32, off int64) int32 {
	st := stateOf(pFile)
	n := int64(amt)
	prevHdrEnd := st.hdrEnd
	st.hdrEnd = -1
	page := pageSize(tls, pFile, p, amt, off)
	frame := page + frameHeader
	isHeader := page != 0 && n == frameHeader && off >= walHeader && (off-walHeader)%frame == 0
	commit := isHeader && binary.BigEndian.Uint32(unsafe.Slice((*byte)(ptr(p)), frameHeader)[4:8]) != 0
	contiguous := st.n > 0 && off == st.off+st.n
	fits := st.n+n <= bufSize
	switch {
	case page != 0 && (off == 0 && n == walHeader || isHeader && !commit || n == page && off == prevHdrEnd && contiguous):
		// The WAL header, a frame header that is no commit's, or the page
		// that follows such a header.
		if st.n > 0 && (!contiguous || !fits) {
			if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
				return rc
			}
		}
		if !buffer(tls, pFile, p, n, off) {
			return origWrite(tls, pFile, p, amt, off)
		}
		if isHeader {
			st.hdrEnd = off + n
		}
		return sqlite3.SQLITE_OK
	case commit && contiguous && fits:
		// A commit frame's header continuing the buffer: its page follows.
		buffer(tls, pFile, p, n, off)
		return sqlite3.SQLITE_OK
	case contiguous && fits:
		// Anything else that continues the buffer: append it and write all.
		buffer(tls, pFile, p, n, off)
		return flush(tls, pFile)
	}
	// Anything else: what is buffered, then this write, both on the file.
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return origWrite(tls, pFile, p, amt, off)
}

// buffer appends n bytes at p, which go at off in the file, to the
// buffer (empty, or ending at off, with room for them). It reports false
// when the buffer cannot be had.
func buffer(tls *libc.TLS, pFile, p uintptr, n, off int64) bool {
	st := stateOf(pFile)
	if n > bufSize {
		return false
	}
	if st.buf == 0 {
		if st.buf = libc.Xmalloc(tls, bufSize); st.buf == 0 {
			return false
		}
	}
	if st.n == 0 {
		st.off = off
	}
	libc.Xmemcpy(tls, st.buf+uintptr(st.n), p, types.Size_t(n))
	st.n += n
	return true
}

func xClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := flush(tls, pFile)
	st := stateOf(pFile)
	if st.db != 0 {
		stateOf(st.db).wal = 0
		st.db = 0
	}
	m := origOf(pFile)
	if st.buf != 0 {
		libc.Xfree(tls, st.buf)
		st.buf = 0
	}
	if rc2 := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxClose)))(tls, pFile); rc == sqlite3.SQLITE_OK {
		rc = rc2
	}
	return rc
}

func xRead(tls *libc.TLS, pFile, p uintptr, amt int32, off int64) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxRead)))(tls, pFile, p, amt, off)
}

func xTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&m.FxTruncate)))(tls, pFile, size)
}

func xSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxSync)))(tls, pFile, flags)
}

func xFileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxFileSize)))(tls, pFile, pSize)
}

func xLock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxLock)))(tls, pFile, lock)
}

func xUnlock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxUnlock)))(tls, pFile, lock)
}

func xCheckReservedLock(tls *libc.TLS, pFile, pResOut uintptr) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxCheckReservedLock)))(tls, pFile, pResOut)
}

func xFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	if rc := flushBefore(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&m.FxFileControl)))(tls, pFile, op, pArg)
}

func xSectorSize(tls *libc.TLS, pFile uintptr) int32 {
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxSectorSize)))(tls, pFile)
}

func xDeviceCharacteristics(tls *libc.TLS, pFile uintptr) int32 {
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxDeviceCharacteristics)))(tls, pFile)
}

// setMethods fills the WAL file's method table. It is a version 1 table:
// SQLite never maps or shares memory of a WAL file (those methods are the
// database file's), and a version 1 table tells it so.
func setMethods(m *sqlite3.Tsqlite3_io_methods) {
	m.FiVersion = 1
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxClose)) = xClose
	*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxRead)) = xRead
	*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxWrite)) = xWrite
	*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&m.FxTruncate)) = xTruncate
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxSync)) = xSync
	*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxFileSize)) = xFileSize
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxLock)) = xLock
	*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxUnlock)) = xUnlock
	*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxCheckReservedLock)) = xCheckReservedLock
	*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&m.FxFileControl)) = xFileControl
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxSectorSize)) = xSectorSize
	*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxDeviceCharacteristics)) = xDeviceCharacteristics
}

// xShmLockDB is the database file's xShmLock. Before the connection
// releases the WAL write lock (WAL_WRITE_LOCK, slot 0), its WAL file's
// buffer is written out: a transaction that spilled frames and rolled
// back leaves them buffered (sqlite3WalUndo writes nothing), and once the
// lock is released another connection may commit frames at the same
// offsets, which a later flush would overwrite.
func xShmLockDB(tls *libc.TLS, pFile uintptr, ofst, n, flags int32) int32 {
	st := stateOf(pFile)
	if flags == sqlite3.SQLITE_SHM_UNLOCK|sqlite3.SQLITE_SHM_EXCLUSIVE && ofst <= sqlite3.WAL_WRITE_LOCK && ofst+n > sqlite3.WAL_WRITE_LOCK && st.wal != 0 {
		flush(tls, st.wal) // frames no commit covers: a failure loses nothing committed
	}
	m := (*sqlite3.Tsqlite3_io_methods)(ptr(st.orig))
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&m.FxShmLock)))(tls, pFile, ofst, n, flags)
}
