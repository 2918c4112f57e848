package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/telltale-ml/telltale/internal/sqlitewal"
	"github.com/telltale-ml/telltale/tracking"
)

// OpenSQLite opens (creating on first use) the SQLite database file path,
// or an in-memory database for ":memory:". display is the URI shown in
// messages (sqlite:///...).
//
// Every connection runs with WAL journaling, synchronous=NORMAL (a
// committed transaction survives a crash of the process), a 20 s busy
// timeout, foreign keys on and case-sensitive LIKE, as MLflow's sessions
// have; writes begin with BEGIN IMMEDIATE, so two writers never deadlock.
func OpenSQLite(ctx context.Context, path, display string, opts Options) (*Store, error) {
	memory := path == ":memory:"
	if !memory {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", tracking.ErrInvalid, display, err)
		}
		path = abs
		st, err := os.Stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist) && opts.MustExist:
			return nil, fmt.Errorf("%w: no tracking store at %s: %s does not exist", tracking.ErrNotFound, display, path)
		case errors.Is(err, fs.ErrNotExist):
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, fmt.Errorf("tracking: %s: %w", display, err)
			}
		case err != nil:
			return nil, fmt.Errorf("tracking: %s: %w", display, err)
		case st.IsDir():
			return nil, fmt.Errorf("%w: %s: %s is a directory, not a database file", tracking.ErrInvalid, display, path)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(20000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "case_sensitive_like(1)")
	if !memory {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "wal_autocheckpoint(10000)") // 40 MB of WAL between checkpoints: fewer fsyncs
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "mmap_size(1073741824)")
		if sqlitewal.Register() {
			// A transaction's WAL frames written with one system call
			// (see package sqlitewal): about a fifth of the writer's time.
			q.Set("vfs", sqlitewal.Name)
		}
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	if memory {
		dsn = "file::memory:?" + q.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("tracking: %s: %w", display, err)
	}
	if memory {
		db.SetMaxOpenConns(1) // each connection would be its own database
	} else {
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(4)
	}
	return open(ctx, dialectSQLite, db, db, display, "", opts, !memory)
}

// OpenPostgres opens the PostgreSQL database of the URI
// postgresql://user:password@host:port/db?params (also
// postgresql+psycopg2:// and postgres://), with pgx. Query parameters are
// libpq's (sslmode, host for a Unix socket directory, ...).
func OpenPostgres(ctx context.Context, u *url.URL, opts Options) (*Store, error) {
	v := *u
	v.Scheme = "postgres"
	display := tracking.RedactURI(u.String())
	password, _ := u.User.Password()
	db, err := sql.Open("pgx", v.String())
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", tracking.ErrInvalid, display, tracking.RedactSecret(err.Error(), password))
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(8)
	return open(ctx, dialectPostgres, db, db, display, password, opts, false)
}

// OpenMySQL opens the MySQL or MariaDB database of the URI
// mysql://user:password@host:port/db (also mysql+pymysql://, as MLflow
// users write it); ?unix_socket=/path connects through a socket and
// ?charset= is accepted (the store always speaks utf8mb4).
func OpenMySQL(ctx context.Context, u *url.URL, opts Options) (*Store, error) {
	display := tracking.RedactURI(u.String())
	password, _ := u.User.Password()
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd = password
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	q := u.Query()
	if sock := q.Get("unix_socket"); sock != "" {
		cfg.Net, cfg.Addr = "unix", sock
	} else {
		cfg.Net, cfg.Addr = "tcp", u.Host
		if u.Port() == "" {
			cfg.Addr = u.Hostname() + ":3306"
		}
	}
	for k := range q {
		switch k {
		case "unix_socket", "charset":
		default:
			return nil, fmt.Errorf("%w: %s: unsupported parameter %q (telltale takes unix_socket and charset)", tracking.ErrInvalid, display, k)
		}
	}
	// Double quotes quote identifiers, as in the other databases; id 0
	// (the Default experiment) can be inserted.
	cfg.Params = map[string]string{"sql_mode": "CONCAT(@@sql_mode, ',ANSI_QUOTES,NO_AUTO_VALUE_ON_ZERO')"}
	cfg.Collation = "utf8mb4_general_ci"
	// The driver logs dropped connections to stderr; the store retries
	// them and reports what it cannot recover, so its log stays quiet.
	cfg.Logger = &mysql.NopLogger{}
	cfg.ParseTime = false
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", tracking.ErrInvalid, display, tracking.RedactSecret(err.Error(), password))
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(8)
	return open(ctx, dialectMySQL, db, db, display, password, opts, false)
}

// experimentLocation is the default artifact location of an experiment:
// <root>/<id>, a plain path as MLflow writes it.
func experimentLocation(root, id string) string {
	if isRemoteURI(root) {
		return root + "/" + id
	}
	return filepath.Join(root, id)
}
