package server

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Permission is what a user may do, with the names and meaning of
// MLflow's basic-auth permissions (mlflow/server/auth/permissions.py),
// given here to a user for the whole server rather than per experiment.
type Permission int

// Permissions, each including the ones before it.
const (
	// Read: get, search and list experiments, runs, metrics and
	// artifacts, download artifacts.
	Read Permission = iota + 1
	// Edit: also create experiments and runs, log, set and delete tags,
	// rename, update runs, upload artifacts.
	Edit
	// Manage: also delete and restore experiments and runs.
	Manage
)

func (p Permission) String() string {
	switch p {
	case Read:
		return "READ"
	case Edit:
		return "EDIT"
	case Manage:
		return "MANAGE"
	}
	return fmt.Sprintf("Permission(%d)", int(p))
}

// Users are the accounts of HTTP basic authentication, read from an auth
// file (ReadUsers). A Users value is safe for concurrent use.
type Users struct {
	byName map[string]user
	dummy  []byte // a hash compared for unknown names, so they cost as much as known ones

	// ok caches, per user, an HMAC of the last password that matched, so
	// that bcrypt (tens of milliseconds by design) runs once per user and
	// password rather than once per request. The key is random per
	// process; the cache holds no password.
	mu  sync.Mutex
	key []byte
	ok  map[string][]byte
}

type user struct {
	hash []byte
	perm Permission
}

// ReadUsersFile reads an auth file; see ReadUsers.
func ReadUsersFile(name string) (*Users, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("server: auth file: %w", err)
	}
	defer f.Close()
	u, err := ReadUsers(f)
	if err != nil {
		return nil, fmt.Errorf("server: auth file %s: %w", name, err)
	}
	return u, nil
}

// ReadUsers reads users, one a line:
//
//	# comments and blank lines are skipped
//	NAME:BCRYPT-HASH[:PERMISSION]
//
// as Apache's htpasswd -B writes them ("htpasswd -nB alice" prints a
// line), with an optional third field READ, EDIT or MANAGE (the default is
// READ, MLflow's default_permission). Errors name the line; they never
// show a hash.
func ReadUsers(r io.Reader) (*Users, error) {
	u := &Users{byName: map[string]user{}, ok: map[string][]byte{}, key: make([]byte, 32)}
	if _, err := rand.Read(u.key); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Split(text, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("line %d: want NAME:BCRYPT-HASH or NAME:BCRYPT-HASH:PERMISSION", line)
		}
		name, hash := parts[0], []byte(parts[1])
		if name == "" {
			return nil, fmt.Errorf("line %d: empty user name", line)
		}
		if _, dup := u.byName[name]; dup {
			return nil, fmt.Errorf("line %d: user %q appears twice", line, name)
		}
		if _, err := bcrypt.Cost(hash); err != nil {
			return nil, fmt.Errorf("line %d: user %q: the password hash is not a bcrypt hash ($2a$, $2b$ or $2y$; make one with \"htpasswd -nB %s\"): %v", line, name, name, err)
		}
		perm := Read
		if len(parts) == 3 {
			switch strings.ToUpper(strings.TrimSpace(parts[2])) {
			case "READ":
			case "EDIT":
				perm = Edit
			case "MANAGE":
				perm = Manage
			default:
				return nil, fmt.Errorf("line %d: user %q: unknown permission %q (want READ, EDIT or MANAGE)", line, name, parts[2])
			}
		}
		u.byName[name] = user{hash: hash, perm: perm}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if len(u.byName) == 0 {
		return nil, fmt.Errorf("no users (want lines NAME:BCRYPT-HASH[:PERMISSION])")
	}
	var err error
	if u.dummy, err = bcrypt.GenerateFromPassword([]byte("telltale dummy password"), bcrypt.DefaultCost); err != nil {
		return nil, err
	}
	return u, nil
}

// Len returns the number of users.
func (u *Users) Len() int { return len(u.byName) }

// Check returns the permission of a user whose password matches, and
// false for a wrong name or password.
func (u *Users) Check(name, password string) (Permission, bool) {
	acc, known := u.byName[name]
	if !known {
		bcrypt.CompareHashAndPassword(u.dummy, []byte(password))
		return 0, false
	}
	mac := hmac.New(sha256.New, u.key)
	mac.Write([]byte(password))
	sum := mac.Sum(nil)
	u.mu.Lock()
	cached := u.ok[name]
	u.mu.Unlock()
	if cached != nil && hmac.Equal(cached, sum) {
		return acc.perm, true
	}
	if bcrypt.CompareHashAndPassword(acc.hash, []byte(password)) != nil {
		return 0, false
	}
	u.mu.Lock()
	u.ok[name] = sum
	u.mu.Unlock()
	return acc.perm, true
}

// MLflow's basic-auth answers, word for word (mlflow/server/auth).
const (
	unauthenticatedText = "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate."
	permissionDenied    = "Permission denied"
)

// authorize checks the request's basic credentials for the permission
// need; on failure it answers 401 (with a WWW-Authenticate challenge) or
// 403 as MLflow's basic-auth app does, and returns false.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, need Permission) (string, bool) {
	name, pw, ok := r.BasicAuth()
	if ok {
		var perm Permission
		if perm, ok = s.users.Check(name, pw); ok {
			if perm < need {
				plain(w, http.StatusForbidden, permissionDenied)
				return name, false
			}
			return name, true
		}
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="mlflow"`)
	plain(w, http.StatusUnauthorized, unauthenticatedText)
	return "", false
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, text)
}
