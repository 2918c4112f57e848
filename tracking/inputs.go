package tracking

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// Limits of dataset inputs (mlflow/utils/validation.py and the columns
// of MLflow's datasets and input_tags tables).
const (
	maxDatasetNameLen       = 500
	maxDatasetDigestLen     = 36
	maxDatasetSourceTypeLen = 36
	maxDatasetSourceLen     = 65535
	maxDatasetSchemaLen     = 1048575
	maxDatasetProfileLen    = 16777215
	maxInputTagKeyLen       = 255
	maxInputTagValueLen     = 500
)

// CheckInputs checks the datasets of a LogInputs call against MLflow's
// limits: a name and a digest are required; name, digest, source type,
// source, schema, profile and input tags have maximum lengths.
func CheckInputs(inputs []DatasetInput) error {
	for _, in := range inputs {
		d := in.Dataset
		if d.Name == "" || d.Digest == "" {
			return fmt.Errorf("%w: a dataset input needs a name and a digest (got name %q, digest %q)", ErrInvalid, d.Name, d.Digest)
		}
		for _, f := range []struct {
			what, v string
			max     int
		}{
			{"name", d.Name, maxDatasetNameLen},
			{"digest", d.Digest, maxDatasetDigestLen},
			{"source type", d.SourceType, maxDatasetSourceTypeLen},
			{"source", d.Source, maxDatasetSourceLen},
			{"schema", d.Schema, maxDatasetSchemaLen},
			{"profile", d.Profile, maxDatasetProfileLen},
		} {
			if !utf8.ValidString(f.v) {
				return fmt.Errorf("%w: dataset %q: %s is not valid UTF-8", ErrInvalid, d.Name, f.what)
			}
			if n := utf8.RuneCountInString(f.v); n > f.max {
				return fmt.Errorf("%w: dataset %q: %s has length %d, which exceeded length limit of %d", ErrInvalid, d.Name, f.what, n, f.max)
			}
		}
		for k, v := range in.Tags {
			if k == "" || utf8.RuneCountInString(k) > maxInputTagKeyLen || !utf8.ValidString(k) {
				return fmt.Errorf("%w: dataset %q: input tag key %q must have 1 to %d characters", ErrInvalid, d.Name, k, maxInputTagKeyLen)
			}
			if utf8.RuneCountInString(v) > maxInputTagValueLen || !utf8.ValidString(v) {
				return fmt.Errorf("%w: dataset %q: input tag %q: value has length %d, which exceeded length limit of %d", ErrInvalid, d.Name, k, utf8.RuneCountInString(v), maxInputTagValueLen)
			}
		}
	}
	return nil
}

// SortInputs orders a run's dataset inputs by dataset name, then digest,
// the order in which every store returns them.
func SortInputs(ins []DatasetInput) {
	sort.Slice(ins, func(i, j int) bool {
		a, b := ins[i].Dataset, ins[j].Dataset
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Digest < b.Digest
	})
}
