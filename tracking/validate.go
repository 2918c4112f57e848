package tracking

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits from mlflow/utils/validation.py.
const (
	maxKeyLen          = 250
	maxParamValueLen   = 6000
	maxTagValueLen     = 8000
	maxExpTagValueLen  = 5000
	maxExpNameLen      = 500
	maxArtifactLocLen  = 2048
	maxResultsLimit    = 50000
	defaultMaxResults  = 1000
	maxArtifactPathLen = 4096

	maxDatasetNameLen    = 500
	maxDatasetDigestLen  = 36
	maxDatasetSourceLen  = 65535
	maxDatasetSchemaLen  = 1048575
	maxDatasetProfileLen = 16777215
	maxInputTagKeyLen    = 255
	maxInputTagValueLen  = 500
)

// keyRE is MLflow's ^[/\w.\- :]*$ with Python's Unicode \w.
var keyRE = regexp.MustCompile(`^[/\p{L}\p{N}_.\- :]*$`)

var (
	runIDRE = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,255}$`)
	expIDRE = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,63}$`)
)

// validateKey checks a param, metric or tag key as MLflow does. Because
// keys become file paths (a "/" makes a subdirectory), a key that is not
// in normal form, is ".", starts with ".." or "/" is refused: it could
// name a file outside its folder.
func validateKey(kind, key string) error {
	switch {
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: %s key %q is not valid UTF-8", ErrInvalid, kind, key)
	case !keyRE.MatchString(key):
		return fmt.Errorf("%w: invalid %s key %q: keys may contain only letters, digits, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)", ErrInvalid, kind, key)
	case len([]rune(key)) > maxKeyLen:
		return fmt.Errorf("%w: %s key %q is longer than %d characters", ErrInvalid, kind, key, maxKeyLen)
	case key == "." || strings.HasPrefix(key, "..") || strings.HasPrefix(key, "/") || path.Clean(key) != key:
		return fmt.Errorf("%w: invalid %s key %q: it would name a path outside its folder (keys may not be \".\", start with \"..\" or \"/\", or contain \"//\", \"/./\" or \"/../\" or end with \"/\")", ErrInvalid, kind, key)
	}
	return nil
}

// validateValue checks a param or tag value against MLflow's length limit.
// MLflow truncates over-long values by default; telltale refuses them, so
// that nothing is lost silently.
func validateValue(kind, key, value string, limit int) error {
	if !utf8.ValidString(value) {
		return fmt.Errorf("%w: %s %q: value is not valid UTF-8", ErrInvalid, kind, key)
	}
	if n := utf8.RuneCountInString(value); n > limit {
		return fmt.Errorf("%w: %s %q: value has %d characters, more than the limit of %d", ErrInvalid, kind, key, n, limit)
	}
	return nil
}

func validateRunID(id string) error {
	if !runIDRE.MatchString(id) {
		return fmt.Errorf("%w: invalid run id %q", ErrInvalid, id)
	}
	return nil
}

func validateExperimentID(id string) error {
	if !expIDRE.MatchString(id) {
		return fmt.Errorf("%w: invalid experiment id %q", ErrInvalid, id)
	}
	return nil
}

func validateExperimentName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("%w: experiment name must not be empty", ErrInvalid)
	case !utf8.ValidString(name):
		return fmt.Errorf("%w: experiment name %q is not valid UTF-8", ErrInvalid, name)
	case utf8.RuneCountInString(name) > maxExpNameLen:
		return fmt.Errorf("%w: experiment name %q is longer than %d characters", ErrInvalid, name, maxExpNameLen)
	}
	return nil
}

// validateArtifactPath checks a path inside a run's artifact directory:
// relative, slash-separated, in normal form and not climbing out with "..".
// The empty string names the artifact directory itself.
func validateArtifactPath(p string) error {
	if p == "" {
		return nil
	}
	switch {
	case !utf8.ValidString(p):
		return fmt.Errorf("%w: artifact path %q is not valid UTF-8", ErrInvalid, p)
	case len(p) > maxArtifactPathLen:
		return fmt.Errorf("%w: artifact path %q is too long", ErrInvalid, p)
	case strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || (len(p) > 1 && p[1] == ':'):
		return fmt.Errorf("%w: artifact path %q must be relative to the run's artifact directory", ErrInvalid, p)
	case p == "." || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") || strings.HasSuffix(p, "/.."):
		return fmt.Errorf("%w: artifact path %q would leave the run's artifact directory", ErrInvalid, p)
	case path.Clean(p) != p:
		return fmt.Errorf("%w: artifact path %q is not in normal form (want %q)", ErrInvalid, p, path.Clean(p))
	case strings.ContainsRune(p, 0):
		return fmt.Errorf("%w: artifact path %q contains a NUL byte", ErrInvalid, p)
	}
	return nil
}
