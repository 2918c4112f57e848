package dbtest

import (
	"os/exec"
	"path/filepath"
	"testing"

	_ "github.com/go-sql-driver/mysql" // the admin connection
)

// MariaDB starts a MariaDB server (MLflow's "mysql" backend) for the
// test, on a Unix socket, with a password account.
func MariaDB(t testing.TB) *Server {
	t.Helper()
	install, err1 := exec.LookPath("mariadb-install-db")
	server, err2 := exec.LookPath("mariadbd")
	if err2 != nil {
		server, err2 = exec.LookPath("/usr/sbin/mariadbd")
	}
	if err1 != nil || err2 != nil {
		unavailable(t, "MariaDB", "apt-get install -y mariadb-server")
	}
	cred := runAs(t, "mysql")
	s := &Server{Kind: "mysql", User: "telltale", Password: "pw-" + randomHex(6)}
	s.Dir = tempDir(t, "tt-my-", cred)
	s.Socket = filepath.Join(s.Dir, "mysqld.sock")
	data := filepath.Join(s.Dir, "data")
	// Its own tmpdir: servers started at once by parallel test processes
	// otherwise share /tmp's #sql-temptable names, and
	// mariadb-install-db fails with "Error on delete of /tmp/#sql-…".
	common := []string{"--no-defaults", "--datadir=" + data, "--tmpdir=" + s.Dir}
	run(t, command(cred, install, append(common, "--auth-root-authentication-method=normal",
		"--skip-test-db", "--skip-name-resolve")...))
	s.start(t, command(cred, server, append(common, "--socket="+s.Socket, "--skip-networking",
		"--pid-file="+filepath.Join(s.Dir, "mysqld.pid"), "--log-error="+filepath.Join(s.Dir, "mysqld.err"),
		"--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=2", "--innodb-doublewrite=0",
		"--max-connections=200", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci")...))
	// A fresh root account has no password; it makes the test account,
	// which has one, and the URIs use that.
	s.waitReady(t, "mysql", "root@unix("+s.Socket+")/")
	s.Exec(t, "CREATE USER '"+s.User+"'@'localhost' IDENTIFIED BY '"+s.Password+"'")
	s.Exec(t, "GRANT ALL PRIVILEGES ON *.* TO '"+s.User+"'@'localhost' WITH GRANT OPTION")
	return s
}
