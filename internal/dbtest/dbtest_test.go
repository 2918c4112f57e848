package dbtest_test

import (
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/internal/dbtest"
)

func TestPostgres(t *testing.T) {
	srv := dbtest.Postgres(t)
	uri := srv.NewDatabase(t)
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	// The pgx driver takes the postgres:// form.
	db, err := sql.Open("pgx", "postgres://"+strings.TrimPrefix(uri, u.Scheme+"://"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1: %v %d\n%s", err, one, srv.Log())
	}
	if srv.NewDatabase(t) == uri {
		t.Error("NewDatabase returned the same database twice")
	}
}

func TestMariaDB(t *testing.T) {
	srv := dbtest.MariaDB(t)
	uri := srv.NewDatabase(t)
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	db, err := sql.Open("mysql", u.User.Username()+":"+pw+"@unix("+u.Query().Get("unix_socket")+")"+u.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT VERSION()").Scan(&v); err != nil || !strings.Contains(v, "MariaDB") {
		t.Fatalf("SELECT VERSION(): %v %q\n%s", err, v, srv.Log())
	}
}
