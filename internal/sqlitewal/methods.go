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
// The buffer is empty afterwards, written or not: a failed write fails
// the transaction, whose frames SQLite writes again or abandons.
func flush(tls *libc.TLS, pFile uintptr) int32 {
	st := stateOf(pFile)
	if st.n == 0 {
		return sqlite3.SQLITE_OK
	}
	n := st.n
	st.n, st.commit = 0, 0
	for at := int64(0); at < n; at += maxWrite {
		k := min(n-at, maxWrite)
		if rc := origWrite(tls, pFile, st.buf+uintptr(at), int32(k), st.off+at); rc != sqlite3.SQLITE_OK {
			return rc
		}
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

func xWrite(tls *libc.TLS, pFile, p uintptr, amt int32, off int64) int32 {
	st := stateOf(pFile)
	n := int64(amt)
	switch {
	case st.n > 0 && off >= st.off && off+n <= st.off+st.n:
		// Inside the buffer (SQLite rewrites a frame of the transaction
		// it is writing): overwrite the buffered bytes.
		libc.Xmemcpy(tls, st.buf+uintptr(off-st.off), p, types.Size_t(n))
		return sqlite3.SQLITE_OK
	case st.n > 0 && (off != st.off+st.n || st.n+n > bufSize):
		// Not a continuation, or too much: write out what is buffered.
		if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if n > bufSize {
		return origWrite(tls, pFile, p, amt, off)
	}
	if st.buf == 0 {
		if st.buf = libc.Xmalloc(tls, bufSize); st.buf == 0 {
			return origWrite(tls, pFile, p, amt, off)
		}
	}
	if st.n == 0 {
		st.off = off
	}
	libc.Xmemcpy(tls, st.buf+uintptr(st.n), p, types.Size_t(n))
	st.n += n
	if n == frameHeader {
		h := unsafe.Slice((*byte)(ptr(p)), frameHeader)
		if binary.BigEndian.Uint32(h[4:8]) != 0 {
			st.commit = 1
		}
		return sqlite3.SQLITE_OK
	}
	if st.commit != 0 {
		// The commit frame's page: the transaction is complete, and
		// SQLite publishes it once this returns.
		return flush(tls, pFile)
	}
	return sqlite3.SQLITE_OK
}

func xClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := flush(tls, pFile)
	st := stateOf(pFile)
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
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxRead)))(tls, pFile, p, amt, off)
}

func xTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&m.FxTruncate)))(tls, pFile, size)
}

func xSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxSync)))(tls, pFile, flags)
}

func xFileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxFileSize)))(tls, pFile, pSize)
}

func xLock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxLock)))(tls, pFile, lock)
}

func xUnlock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxUnlock)))(tls, pFile, lock)
}

func xCheckReservedLock(tls *libc.TLS, pFile, pResOut uintptr) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxCheckReservedLock)))(tls, pFile, pResOut)
}

func xFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	if rc := flush(tls, pFile); rc != sqlite3.SQLITE_OK {
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
