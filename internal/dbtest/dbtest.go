// Package dbtest starts throw-away PostgreSQL and MariaDB (MySQL) servers
// for tests: each in its own temporary directory, listening on a Unix
// socket only (no TCP port), with fast but unsafe durability settings,
// killed and removed when the test ends (and killed with the test process
// if that dies). Servers refuse to run as root, so as root they run as
// the postgres and mysql users of Debian's packages.
//
// Without the servers installed a test skips with a message saying how
// to install them; with CI=true it fails instead.
//
//	srv := dbtest.Postgres(t)
//	uri := srv.NewDatabase(t) // postgresql://telltale:...@/db1?host=/tmp/...
package dbtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running throw-away database server.
type Server struct {
	// Kind is "postgresql" or "mysql".
	Kind string
	// Dir is the server's temporary directory (data, socket, log).
	Dir string
	// Socket is the directory (PostgreSQL) or file (MariaDB) of its Unix
	// socket.
	Socket string
	// User and Password are those of an administrator account with a
	// password, which the URIs use.
	User, Password string

	cmd   *exec.Cmd
	admin *sql.DB
	mu    sync.Mutex
	n     int
	log   string
}

// unavailable skips the test, or fails it under CI.
func unavailable(t testing.TB, what, install string) {
	t.Helper()
	msg := fmt.Sprintf("%s is not installed: %s (CI installs it in .ci/run)", what, install)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// runAs returns the credential to run a server as: the given system user
// when this process is root (servers refuse root), else nil (this user).
func runAs(t testing.TB, name string) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatalf("dbtest: running as root, the server needs the system user %q: %v", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// tempDir makes the server's directory, owned by cred's user, outside
// t.TempDir (whose parents are private to root) and short enough for a
// Unix socket path.
func tempDir(t testing.TB, prefix string, cred *syscall.Credential) string {
	t.Helper()
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// command prepares a server program run as cred, killed if this process
// dies.
func command(cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
	return cmd
}

// run runs a setup program and fails the test with its output on error.
func run(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("dbtest: %s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// start starts the server program and registers its stop and the removal
// of its directory.
func (s *Server) start(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	s.log = filepath.Join(s.Dir, "server.log")
	f, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("dbtest: start %s: %v", cmd.Path, err)
	}
	s.cmd = cmd
	t.Cleanup(func() {
		if s.admin != nil {
			s.admin.Close()
		}
		s.Kill()
		f.Close()
		os.RemoveAll(s.Dir)
	})
}

// Kill stops the server at once (SIGKILL to its process group).
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Log returns the server's log, for failure messages.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.log)
	e, _ := os.ReadFile(filepath.Join(s.Dir, "mysqld.err"))
	return string(b) + string(e)
}

// waitReady opens the admin connection, retrying until the server
// answers or 60 s pass.
func (s *Server) waitReady(t testing.TB, driver, dsn string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		db, err := sql.Open(driver, dsn)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			err = db.PingContext(ctx)
			cancel()
			if err == nil {
				s.admin = db
				return
			}
			db.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("dbtest: %s server did not start in 60 s: %v\n%s", s.Kind, err, s.Log())
		}
		if s.cmd.ProcessState != nil {
			t.Fatalf("dbtest: %s server exited\n%s", s.Kind, s.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// newName returns a new database name, db1, db2, ...
func (s *Server) newName() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return "db" + strconv.Itoa(s.n)
}

// Exec runs a statement as the administrator, for tests that prepare or
// break a database.
func (s *Server) Exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := s.admin.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("dbtest: %s: %v", query, err)
	}
}

// DB opens a connection pool to a database of the server as the
// administrator, closed when the test ends.
func (s *Server) DB(t testing.TB, name string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", s.URI(name)
	if s.Kind == "mysql" {
		driver, dsn = "mysql", s.User+":"+s.Password+"@unix("+s.Socket+")/"+name
	} else {
		dsn = "postgres://" + strings.TrimPrefix(dsn, "postgresql://")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
