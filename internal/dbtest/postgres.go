package dbtest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection
)

// pgBin finds the directory of initdb and postgres: $TELLTALE_PG_BIN,
// Debian's /usr/lib/postgresql/<version>/bin (the newest), or $PATH.
func pgBin() string {
	if d := os.Getenv("TELLTALE_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "postgres")); err == nil {
			return dirs[i]
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Postgres starts a PostgreSQL server for the test, on a Unix socket, with
// scram-sha-256 password authentication.
func Postgres(t testing.TB) *Server {
	t.Helper()
	bin := pgBin()
	if bin == "" {
		unavailable(t, "PostgreSQL", "apt-get install -y postgresql")
	}
	cred := runAs(t, "postgres")
	s := &Server{Kind: "postgresql", User: "telltale", Password: "pw-" + randomHex(6)}
	s.Dir = tempDir(t, "tt-pg-", cred)
	s.Socket = s.Dir
	pwfile := filepath.Join(s.Dir, "pw")
	if err := os.WriteFile(pwfile, []byte(s.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cred != nil {
		_ = os.Chown(pwfile, int(cred.Uid), int(cred.Gid))
	}
	data := filepath.Join(s.Dir, "data")
	run(t, command(cred, filepath.Join(bin, "initdb"), "-D", data, "-U", s.User, "--pwfile", pwfile,
		"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync", "--no-instructions"))
	s.start(t, command(cred, filepath.Join(bin, "postgres"), "-D", data, "-k", s.Dir, "-p", "5432",
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=120", "-c", "shared_buffers=64MB"))
	s.waitReady(t, "pgx", s.URI("postgres"))
	return s
}

// URI returns the postgresql:// URI of a database of the server, with
// the password in it.
func (s *Server) URI(db string) string {
	if s.Kind == "mysql" {
		q := url.Values{"unix_socket": {s.Socket}}
		return fmt.Sprintf("mysql://%s:%s@localhost/%s?%s", s.User, url.QueryEscape(s.Password), db, q.Encode())
	}
	q := url.Values{"host": {s.Socket}, "port": {"5432"}, "sslmode": {"disable"}}
	return fmt.Sprintf("postgresql://%s:%s@/%s?%s", s.User, url.QueryEscape(s.Password), db, q.Encode())
}

// NewDatabase creates an empty database and returns its URI.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := s.newName()
	if s.Kind == "mysql" {
		s.Exec(t, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4")
	} else {
		s.Exec(t, "CREATE DATABASE "+name)
	}
	return s.URI(name)
}
