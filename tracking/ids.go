package tracking

import (
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// newRunID returns a random version 4 UUID as 32 lowercase hex digits, as
// MLflow's uuid.uuid4().hex.
func newRunID(r io.Reader) (string, error) {
	u, err := newUUID(r)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(u[:]), nil
}

func newUUID(r io.Reader) ([16]byte, error) {
	var u [16]byte
	if _, err := io.ReadFull(r, u[:]); err != nil {
		return u, fmt.Errorf("tracking: random id: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u, nil
}

// newExperimentID returns an 18-digit decimal id with no leading zero, as
// MLflow 2.0 and later (mlflow/utils/name_utils.py, _generate_random_id):
// the last 18 digits of a UUID4 as an integer, leading zeros dropped and
// random digits appended until it has 18 again.
func newExperimentID(r io.Reader) (string, error) {
	u, err := newUUID(r)
	if err != nil {
		return "", err
	}
	s := new(big.Int).SetBytes(u[:]).String()
	if len(s) > 18 {
		s = s[len(s)-18:]
	}
	s = strings.TrimLeft(s, "0")
	var b [1]byte
	for len(s) < 18 {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return "", fmt.Errorf("tracking: random id: %w", err)
		}
		if b[0] >= 250 {
			continue // keep the digits uniform
		}
		d := b[0] % 10
		if s == "" && d == 0 {
			continue
		}
		s += string(rune('0' + d))
	}
	return s, nil
}

// Word lists for run names such as "bold-heron-42", in the style of
// MLflow's generated names (<adjective>-<noun>-<0..999>, at most 20
// characters).
var (
	nameAdjectives = [...]string{
		"able", "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair",
		"fast", "gentle", "glad", "grand", "keen", "kind", "lucid", "merry", "nimble", "proud",
		"quick", "quiet", "rare", "sharp", "shy", "smart", "steady", "swift", "vast", "warm",
		"wise", "witty",
	}
	nameNouns = [...]string{
		"ant", "bat", "bear", "crane", "deer", "dove", "eel", "elk", "finch", "fox",
		"gnu", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark", "lynx", "mole",
		"moth", "newt", "owl", "panda", "puma", "quail", "ram", "seal", "shrew", "stork",
		"toad", "wren",
	}
)

// newRunName returns a random readable run name.
func newRunName(r io.Reader) (string, error) {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("tracking: random name: %w", err)
	}
	n := int(b[2])<<8 | int(b[3])
	return fmt.Sprintf("%s-%s-%d", nameAdjectives[int(b[0])%len(nameAdjectives)], nameNouns[int(b[1])%len(nameNouns)], n%1000), nil
}

// NewRunID returns a random run id from r: a version 4 UUID as 32
// lowercase hex digits, as MLflow's uuid.uuid4().hex.
func NewRunID(r io.Reader) (string, error) { return newRunID(r) }

// RandomRunName returns a random readable run name such as
// "bold-heron-42", from r.
func RandomRunName(r io.Reader) (string, error) { return newRunName(r) }
