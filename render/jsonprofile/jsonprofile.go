// Package jsonprofile writes a report snapshot as the JSON profile: the
// versioned, documented shape ("schema": "telltale.profile/v1") that
// machines read. schema.json in this directory is its JSON Schema.
package jsonprofile

import (
	"encoding/json"
	"io"

	"github.com/telltale-ml/telltale/report"
)

// Write writes s to w as indented JSON with a trailing newline. The output
// is deterministic: the same snapshot gives the same bytes.
func Write(w io.Writer, s *report.Snapshot) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// Marshal returns the JSON profile of s.
func Marshal(s *report.Snapshot) ([]byte, error) {
	return json.MarshalIndent(s, "", "  ")
}
