package backend

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// Kind is the kind of store a tracking URI names.
type Kind int

// Kinds of store.
const (
	File       Kind = iota + 1 // a directory in MLflow's file layout
	SQLite                     // sqlite:///relative.db, sqlite:////absolute.db
	PostgreSQL                 // postgresql://, postgresql+psycopg2://, postgres://
	MySQL                      // mysql://, mysql+pymysql:// (MySQL or MariaDB)
	HTTP                       // http://, https://: a tracking server
)

func (k Kind) String() string {
	switch k {
	case File:
		return "file"
	case SQLite:
		return "sqlite"
	case PostgreSQL:
		return "postgresql"
	case MySQL:
		return "mysql"
	case HTTP:
		return "http"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Location is a parsed tracking URI.
type Location struct {
	Kind Kind
	// URI is the URI as given. Show it only through Redacted.
	URI string
	// Path is the directory of a file store, or the database file of a
	// SQLite store (":memory:" for an in-memory database); relative paths
	// are relative to the working directory, as MLflow resolves them.
	Path string
	// URL is the parsed URI of a PostgreSQL, MySQL or HTTP store.
	URL *url.URL
}

// Redacted returns the URI with any password replaced by "***".
func (l Location) Redacted() string { return tracking.RedactURI(l.URI) }

// Password returns the password in the URI, "" if none: stores redact it
// from their drivers' error texts.
func (l Location) Password() string {
	if l.URL == nil || l.URL.User == nil {
		return ""
	}
	p, _ := l.URL.User.Password()
	return p
}

// Parse reads a tracking URI as MLflow reads one (mlflow/tracking/
// _tracking_service/utils.py and SQLAlchemy's URL rules):
//
//	./mlruns, /data/mlruns, file:///data/mlruns   a file store
//	sqlite:///mlflow.db                           SQLite, relative path
//	sqlite:////data/mlflow.db                     SQLite, absolute path
//	sqlite:// or sqlite:///:memory:               SQLite in memory
//	postgresql://user:pw@host:5432/db             PostgreSQL (also
//	                                              postgresql+psycopg2://,
//	                                              postgres://)
//	mysql://user:pw@host:3306/db                  MySQL or MariaDB (also
//	                                              mysql+pymysql://,
//	                                              mysql+mysqldb://)
//	http://host:5000, https://host                a tracking server
//
// Errors wrap tracking.ErrInvalid and show the URI without its password.
func Parse(uri string) (Location, error) {
	loc := Location{URI: uri}
	bad := func(format string, args ...any) (Location, error) {
		return Location{}, fmt.Errorf("%w: tracking URI %s: %s", tracking.ErrInvalid, tracking.RedactURI(uri), fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(uri) == "" {
		return bad("empty")
	}
	scheme, rest, hasScheme := strings.Cut(uri, ":")
	if !hasScheme || strings.ContainsAny(scheme, `/\.`) || len(scheme) == 1 {
		// A path (a one-letter "scheme" is a Windows drive, C:\mlruns).
		loc.Kind, loc.Path = File, uri
		return loc, nil
	}
	switch s := strings.ToLower(scheme); {
	case s == "file":
		p, err := tracking.LocalPath(uri)
		if err != nil {
			return Location{}, err
		}
		loc.Kind, loc.Path = File, p
		return loc, nil
	case s == "sqlite" || strings.HasPrefix(s, "sqlite+"):
		loc.Kind = SQLite
		if !strings.HasPrefix(rest, "//") {
			return bad("want sqlite:///relative/path.db or sqlite:////absolute/path.db")
		}
		p := strings.TrimPrefix(rest, "//")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			return bad("query parameters (%s) are not supported for SQLite", p[i+1:])
		}
		switch {
		case p == "" || p == "/" || p == "/:memory:":
			loc.Path = ":memory:"
		case !strings.HasPrefix(p, "/"):
			return bad("a host (%q) is not allowed; want sqlite:///relative/path.db or sqlite:////absolute/path.db", strings.SplitN(p, "/", 2)[0])
		default:
			path, err := url.PathUnescape(p[1:])
			if err != nil {
				return bad("%v", err)
			}
			loc.Path = filepath.FromSlash(path)
		}
		return loc, nil
	case s == "postgresql" || s == "postgres" || strings.HasPrefix(s, "postgresql+"):
		loc.Kind = PostgreSQL
	case s == "mysql" || strings.HasPrefix(s, "mysql+") || s == "mariadb" || strings.HasPrefix(s, "mariadb+"):
		loc.Kind = MySQL
	case s == "http" || s == "https":
		loc.Kind = HTTP
	default:
		return bad("unknown scheme %q: want a path, file:, sqlite:, postgresql:, mysql:, http: or https:", scheme)
	}
	u, err := url.Parse(uri)
	if err != nil {
		// net/url's message quotes the bad part, which may be in the
		// password: say only where to look.
		return bad("not a valid URI (check the %%-escapes of the user, password, host and path)")
	}
	if loc.Kind != HTTP && strings.Trim(u.Path, "/") == "" {
		return bad("no database name (want %s://user:password@host:port/database)", scheme)
	}
	if loc.Kind == HTTP && u.Host == "" {
		return bad("no host")
	}
	loc.URL = u
	return loc, nil
}
