package tracking

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// TagDatasetContext is the input tag saying what a run used a dataset for
// ("training", "evaluation", ...), searched as datasets.context.
const TagDatasetContext = "mlflow.data.context"

// Dataset is a dataset as MLflow records it (mlflow.entities.Dataset):
// a name and a digest that identify it, where it comes from, and
// optionally its schema and profile (JSON strings).
type Dataset struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	SourceType string `json:"source_type"`
	Source     string `json:"source"`
	Schema     string `json:"schema,omitempty"`
	Profile    string `json:"profile,omitempty"`
}

// DatasetInput is a dataset a run used, with the input's tags, such as
// TagDatasetContext.
type DatasetInput struct {
	Dataset Dataset           `json:"dataset"`
	Tags    map[string]string `json:"tags,omitempty"`
}

// LogInputs records datasets as inputs of a run, in MLflow's file layout
// (mlflow.log_input): each dataset once per experiment under
// <experiment>/datasets/<md5 of name and digest>/meta.yaml, and each input
// under <run>/inputs/<md5 of dataset id and run id>/meta.yaml with its
// tags. Logging a dataset the run already has does nothing (its tags are
// kept), as in MLflow.
func (s *Store) LogInputs(runID string, inputs []DatasetInput) error {
	for i := range inputs {
		if err := validateInput(&inputs[i]); err != nil {
			return err
		}
	}
	ed, err := s.locateRun(runID)
	if err != nil {
		return err
	}
	info, err := s.readRunInfo(ed, runID)
	if err != nil {
		return err
	}
	if info.LifecycleStage == StageDeleted || strings.HasPrefix(ed, trashDir+"/") {
		return fmt.Errorf("%w: run %s", ErrDeleted, runID)
	}
	for _, in := range inputs {
		d := in.Dataset
		dsID := datasetID(d.Name, d.Digest)
		dsDir := ed + "/datasets/" + dsID
		if err := s.root.MkdirAll(filepath.FromSlash(dsDir), 0o755); err != nil {
			return fmt.Errorf("tracking: run %s input %q: %w", runID, d.Name, err)
		}
		if _, err := createAtomic(s.root, dsDir, dsDir+"/meta.yaml", encodeYAML(datasetMeta(d))); err != nil {
			return fmt.Errorf("tracking: run %s input %q: %w", runID, d.Name, err)
		}
		inDir := ed + "/" + runID + "/inputs/" + inputID(dsID, runID)
		if err := s.root.MkdirAll(filepath.FromSlash(inDir), 0o755); err != nil {
			return fmt.Errorf("tracking: run %s input %q: %w", runID, d.Name, err)
		}
		meta := []yamlField{
			// MLflow writes the dataset's id here too (a harmless slip in
			// FileStore._FileStoreInput.write_yaml); so does telltale, so
			// the files are MLflow's byte for byte.
			{"destination_id", dsID},
			{"destination_type", "RUN"},
			{"source_id", dsID},
			{"source_type", "DATASET"},
			{"tags", yamlMap(in.Tags)},
		}
		if _, err := createAtomic(s.root, inDir, inDir+"/meta.yaml", encodeYAML(meta)); err != nil {
			return fmt.Errorf("tracking: run %s input %q: %w", runID, d.Name, err)
		}
	}
	return nil
}

// LogInputs records datasets as inputs of the run (see Store.LogInputs).
func (r *ActiveRun) LogInputs(inputs ...DatasetInput) error {
	return r.s.LogInputs(r.id, inputs)
}

func validateInput(in *DatasetInput) error {
	d := &in.Dataset
	for _, f := range []struct {
		what, v string
		max     int
		must    bool
	}{
		{"name", d.Name, maxDatasetNameLen, true},
		{"digest", d.Digest, maxDatasetDigestLen, true},
		{"source type", d.SourceType, maxDatasetSourceLen, true},
		{"source", d.Source, maxDatasetSourceLen, true},
		{"schema", d.Schema, maxDatasetSchemaLen, false},
		{"profile", d.Profile, maxDatasetProfileLen, false},
	} {
		if f.must && f.v == "" {
			return fmt.Errorf("%w: dataset %q: empty %s", ErrInvalid, d.Name, f.what)
		}
		if err := validateValue("dataset "+f.what, d.Name, f.v, f.max); err != nil {
			return err
		}
	}
	for k, v := range in.Tags {
		if k == "" || len([]rune(k)) > maxInputTagKeyLen {
			return fmt.Errorf("%w: dataset %q: input tag key %q: want 1 to %d characters", ErrInvalid, d.Name, k, maxInputTagKeyLen)
		}
		if err := validateValue("input tag", k, v, maxInputTagValueLen); err != nil {
			return err
		}
	}
	return nil
}

// datasetID is MLflow's FileStore._get_dataset_id: md5 of the name, then
// the digest.
func datasetID(name, digest string) string {
	h := md5.Sum([]byte(name + digest))
	return hex.EncodeToString(h[:])
}

// inputID is MLflow's FileStore._get_input_id: md5 of the dataset id,
// then the run id.
func inputID(datasetID, runID string) string {
	h := md5.Sum([]byte(datasetID + runID))
	return hex.EncodeToString(h[:])
}

// datasetMeta returns the fields of a dataset's meta.yaml: MLflow's
// dict(dataset), keys sorted, absent schema and profile as null.
func datasetMeta(d Dataset) []yamlField {
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return []yamlField{
		{"digest", d.Digest},
		{"name", d.Name},
		{"profile", opt(d.Profile)},
		{"schema", opt(d.Schema)},
		{"source", d.Source},
		{"source_type", d.SourceType},
	}
}

// readInputs reads a run's dataset inputs, ordered by dataset name and
// digest. As MLflow's FileStore._get_all_inputs, an input that is not a
// dataset, or whose dataset is missing, is skipped.
func (s *Store) readInputs(expDir, runID string) ([]DatasetInput, error) {
	dir := expDir + "/" + runID + "/inputs"
	entries, err := s.readDir(dir)
	if absent(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s inputs: %w", runID, err)
	}
	var out []DatasetInput
	for _, ent := range entries {
		if !ent.IsDir() {
			continue
		}
		p := dir + "/" + ent.Name() + "/meta.yaml"
		data, err := s.readFile(p, metaReadLimit)
		if absent(err) {
			continue // an input being written
		}
		if err != nil {
			return nil, err
		}
		src, tags, err := parseInputMeta(data, s.path(p))
		if err != nil {
			return nil, err
		}
		if src == "" {
			continue // not a dataset
		}
		in := DatasetInput{Tags: tags}
		dp := expDir + "/datasets/" + src + "/meta.yaml"
		data, err = s.readFile(dp, datasetReadLimit)
		if absent(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if in.Dataset, err = parseDatasetMeta(data, s.path(dp)); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	sortInputs(out)
	return out, nil
}

// parseInputMeta reads a run input's meta.yaml: the id of its dataset
// ("" when the input is not a dataset, which MLflow skips) and its tags.
// p is for messages.
func parseInputMeta(data []byte, p string) (datasetID string, tags map[string]string, err error) {
	m, err := decodeYAML(data)
	if err != nil {
		return "", nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, p, err)
	}
	if st, _ := yamlString(m, "source_type"); st != "DATASET" {
		return "", nil, nil
	}
	src, _ := yamlString(m, "source_id")
	if src == "" || src != path.Base(src) || strings.HasPrefix(src, ".") || strings.ContainsAny(src, `\`+"\x00") {
		return "", nil, fmt.Errorf("%w: %s: source_id %q is not a dataset id", ErrCorrupt, p, src)
	}
	switch t := m["tags"].(type) {
	case nil:
	case map[string]any:
		if len(t) > 0 {
			tags = make(map[string]string, len(t))
			for k, v := range t {
				s, ok := yamlString(map[string]any{"v": v}, "v")
				if !ok {
					return "", nil, fmt.Errorf("%w: %s: input tag %q has no value", ErrCorrupt, p, k)
				}
				tags[k] = s
			}
		}
	default:
		return "", nil, fmt.Errorf("%w: %s: tags is not a mapping", ErrCorrupt, p)
	}
	return src, tags, nil
}

// parseDatasetMeta reads a dataset's meta.yaml. p is for messages.
func parseDatasetMeta(data []byte, p string) (Dataset, error) {
	m, err := decodeYAML(data)
	if err != nil {
		return Dataset{}, fmt.Errorf("%w: %s: %v", ErrCorrupt, p, err)
	}
	var d Dataset
	var ok bool
	if d.Name, ok = yamlString(m, "name"); !ok {
		return d, fmt.Errorf("%w: %s: no name", ErrCorrupt, p)
	}
	if d.Digest, ok = yamlString(m, "digest"); !ok {
		return d, fmt.Errorf("%w: %s: no digest", ErrCorrupt, p)
	}
	d.SourceType, _ = yamlString(m, "source_type")
	d.Source, _ = yamlString(m, "source")
	d.Schema, _ = yamlString(m, "schema")
	d.Profile, _ = yamlString(m, "profile")
	return d, nil
}

func sortInputs(out []DatasetInput) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Dataset, out[j].Dataset
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Digest < b.Digest
	})
}
