// Package backend opens a tracking store from a tracking URI, as MLflow's
// client and server pick their store: a path or file: URI is the file
// store, sqlite:, postgresql: and mysql: URIs are the SQL store, http:
// and https: URIs a tracking server. The CLI opens every store through
// Open, with the URI from Resolve.
package backend

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/rest"
	"github.com/telltale-ml/telltale/tracking/sqlstore"
)

// Environment variables that name the tracking URI when --track is not
// given, in order of precedence.
const (
	EnvTelltale = "TELLTALE_TRACKING_URI"
	EnvMLflow   = "MLFLOW_TRACKING_URI"
)

// Resolve returns the tracking URI to use: flag when it is set, else
// $TELLTALE_TRACKING_URI, else $MLFLOW_TRACKING_URI, else def; and where
// it came from ("--track", the variable's name, or "default") for
// messages. getenv is os.Getenv, or a map's lookup in tests.
func Resolve(flag, def string, getenv func(string) string) (uri, from string) {
	if flag != "" {
		return flag, "--track"
	}
	for _, k := range []string{EnvTelltale, EnvMLflow} {
		if v := getenv(k); v != "" {
			return v, k
		}
	}
	return def, "default"
}

// Options configures Open. The zero value is valid.
type Options struct {
	// MustExist makes Open fail with tracking.ErrNotFound when the store
	// does not exist yet (no directory; a missing or empty database),
	// instead of creating it: read-only commands use it.
	MustExist bool
	// ArtifactRoot is where the store puts the artifacts of the
	// experiments it creates (<root>/<experiment id>), as MLflow's
	// --default-artifact-root: a path, a file: URI, or another URI such as
	// mlflow-artifacts:/ (see tracking.ArtifactRootURI). "" means, as in
	// MLflow, inside the directory of a file store, and ./mlruns made
	// absolute for a SQL store. An HTTP store ignores it: the server
	// decides.
	ArtifactRoot string
	// Now and User are the clock and the user of new runs (tests fix
	// them); nil and "" mean the system's.
	Now  func() time.Time
	User string
	// Warn is told of the entries a listing or search skips (see
	// tracking.Options.Warn); nil means skip silently.
	Warn func(error)
	// Getenv reads the environment: a tracking server's credentials and
	// HTTP settings come from MLflow's variables (MLFLOW_TRACKING_USERNAME,
	// MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN, ...; see
	// rest.OptionsFromEnv). nil means os.Getenv.
	Getenv func(string) string
}

// Open opens (and on first use creates) the store that uri names. Errors
// never show the URI's password.
func Open(ctx context.Context, uri string, opts Options) (tracking.Store, error) {
	loc, err := Parse(uri)
	if err != nil {
		return nil, err
	}
	sqlOpts := sqlstore.Options{ArtifactRoot: opts.ArtifactRoot, MustExist: opts.MustExist, Now: opts.Now, User: opts.User}
	var s tracking.Store
	switch loc.Kind {
	case File:
		s, err = tracking.OpenWith(loc.Path, tracking.Options{MustExist: opts.MustExist, Now: opts.Now, User: opts.User, ArtifactRoot: opts.ArtifactRoot, Warn: opts.Warn})
	case SQLite:
		s, err = sqlstore.OpenSQLite(ctx, loc.Path, loc.Redacted(), sqlOpts)
	case PostgreSQL:
		s, err = sqlstore.OpenPostgres(ctx, loc.URL, sqlOpts)
	case MySQL:
		s, err = sqlstore.OpenMySQL(ctx, loc.URL, sqlOpts)
	case HTTP:
		getenv := opts.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		ro, err := rest.OptionsFromEnv(getenv)
		if err != nil {
			return nil, err
		}
		return rest.Open(uri, ro)
	default:
		return nil, fmt.Errorf("%w: tracking URI %s: %s stores are not supported by this build", tracking.ErrInvalid, loc.Redacted(), loc.Kind)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}
