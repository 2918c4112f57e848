package tracking

import (
	"fmt"
	"path"
	"strings"
	"unicode"
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
)

// The checks below are MLflow's regular expressions written as loops: Go
// compiled them at every start of the program (the id patterns, with
// their {0,255}, into hundreds of states), which cost ~2 ms of a command
// that may not use them. TestValidatorsMatchMLflowPatterns holds them to
// the patterns.

// keyChars reports whether key matches MLflow's ^[/\w.\- :]*$ with
// Python's Unicode \w: letters and digits (Unicode categories L and N),
// "_", ".", "-", " ", ":" and "/".
func keyChars(key string) bool {
	for _, r := range key {
		if r < utf8.RuneSelf {
			if !idByte(byte(r)) && r != '/' && r != '.' && r != ' ' && r != ':' {
				return false
			}
		} else if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return false
		}
	}
	return true
}

// isID reports whether id matches ^[a-zA-Z0-9][\w\-]{0,maxLen-1}$ (ASCII
// \w): MLflow's run ids (maxLen 256) and experiment ids (maxLen 64).
func isID(id string, maxLen int) bool {
	if len(id) == 0 || len(id) > maxLen || id[0] == '_' || id[0] == '-' || !idByte(id[0]) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if !idByte(id[i]) {
			return false
		}
	}
	return true
}

// idByte reports whether c is an ASCII letter or digit, "_" or "-".
func idByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// validateKey checks a param, metric or tag key as MLflow does. Because
// keys become file paths (a "/" makes a subdirectory), a key that is not
// in normal form, is ".", starts with ".." or "/" is refused: it could
// name a file outside its folder.
func validateKey(kind, key string) error {
	switch {
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: %s key %q is not valid UTF-8", ErrInvalid, kind, key)
	case !keyChars(key):
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
// that nothing is lost silently, with the text of MLflow's error when it
// does not truncate (mlflow/utils/validation.py, _validate_length_limit):
// "Param value '<the first 250 characters>' had length 7000, which
// exceeded length limit of 6000".
func validateValue(kind, key, value string, limit int) error {
	if !utf8.ValidString(value) {
		return fmt.Errorf("%w: %s %q: value is not valid UTF-8", ErrInvalid, kind, key)
	}
	if n := utf8.RuneCountInString(value); n > limit {
		head := value
		if r := []rune(value); len(r) > 250 {
			head = string(r[:250])
		}
		name := strings.ToUpper(kind[:1]) + kind[1:]
		return fmt.Errorf("%w: %s value '%s' had length %d, which exceeded length limit of %d (key %q)", ErrInvalid, name, head, n, limit, key)
	}
	return nil
}

// ValidateKey checks a param, metric or tag key as MLflow does (at most
// 250 characters of letters, digits, "_", "-", ".", " ", ":" and "/", in
// normal form, not starting with "/" or ".."). kind names the key in the
// error ("param", "metric", "tag", "experiment tag").
func ValidateKey(kind, key string) error { return validateKey(kind, key) }

// ValidateRunID checks a run id (MLflow's ^[a-zA-Z0-9][\w\-]{0,255}$).
func ValidateRunID(id string) error { return validateRunID(id) }

// ValidateExperimentName checks an experiment name: 1 to 500 characters
// of valid UTF-8, not blank.
func ValidateExperimentName(name string) error { return validateExperimentName(name) }

// ValidateExperimentTag checks an experiment tag's key and its value (at
// most 5000 characters).
func ValidateExperimentTag(key, value string) error {
	if err := validateKey("experiment tag", key); err != nil {
		return err
	}
	return validateValue("experiment tag", key, value, maxExpTagValueLen)
}

// ValidateTag checks a run tag's key and its value (at most 8000
// characters).
func ValidateTag(key, value string) error {
	if err := validateKey("tag", key); err != nil {
		return err
	}
	return validateValue("tag", key, value, maxTagValueLen)
}

// ValidateArtifactPath checks a path among a run's artifacts: relative,
// slash-separated, in normal form, not climbing out with "..". "" names
// the top folder.
func ValidateArtifactPath(p string) error { return validateArtifactPath(p) }

// ValidateArtifactLocation checks the length of an experiment's artifact
// location (at most 2048 characters, MLflow's
// MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH).
func ValidateArtifactLocation(loc string) error {
	if len(loc) > maxArtifactLocLen {
		return fmt.Errorf("%w: artifact location is longer than %d characters", ErrInvalid, maxArtifactLocLen)
	}
	return nil
}

// CheckMaxResults checks a page size (1 to 50000; 0 means 1000) and
// returns the size to use.
func CheckMaxResults(n int) (int, error) {
	if n == 0 {
		return defaultMaxResults, nil
	}
	if n < 1 || n > maxResultsLimit {
		return 0, fmt.Errorf("%w: max results %d: must be between 1 and %d", ErrInvalid, n, maxResultsLimit)
	}
	return n, nil
}

func validateRunID(id string) error {
	if !isID(id, 256) {
		return fmt.Errorf("%w: invalid run id %q", ErrInvalid, id)
	}
	return nil
}

func validateExperimentID(id string) error {
	if !isID(id, 64) {
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
