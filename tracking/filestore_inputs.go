package tracking

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
)

// Dataset inputs in MLflow's file layout (mlflow/store/tracking/
// file_store.py, log_inputs):
//
//	<experiment>/datasets/<md5(name, digest)>/meta.yaml
//	    digest, name, profile, schema, source, source_type
//	<experiment>/<run>/inputs/<md5(dataset id, run id)>/meta.yaml
//	    destination_id, destination_type: RUN, source_id: <dataset id>,
//	    source_type: DATASET, tags: {mlflow.data.context: ...}
//
// MLflow writes the dataset id, not the run id, as destination_id; so
// does telltale, so that both read each other's inputs alike.

func md5Hex(parts ...string) string {
	h := md5.New()
	for _, p := range parts {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LogInputs links datasets to an active run. A dataset is stored once per
// experiment, by (name, digest); a link that exists is left alone, with
// its first tags.
func (s *FileStore) LogInputs(ctx context.Context, runID string, inputs []DatasetInput) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckInputs(inputs); err != nil {
		return err
	}
	ed, _, err := s.activeRunDir(runID)
	if err != nil {
		return err
	}
	return s.writeInputs(ed, runID, inputs)
}

func (s *FileStore) writeInputs(ed, runID string, inputs []DatasetInput) error {
	dir := ed + "/" + runID
	for _, in := range inputs {
		d := in.Dataset
		dsID := md5Hex(d.Name, d.Digest)
		meta := datasetMeta(d)
		dsDir := ed + "/datasets/" + dsID
		if _, err := createAtomic(s.root, ed, dsDir+"/meta.yaml", encodeYAML(meta)); err != nil {
			return fmt.Errorf("tracking: run %s dataset %q: %w", runID, d.Name, err)
		}
		tags := yamlMap{}
		for k, v := range in.Tags {
			tags[k] = v
		}
		link := []yamlField{{"destination_id", dsID}, {"destination_type", "RUN"}, {"source_id", dsID},
			{"source_type", "DATASET"}, {"tags", tags}}
		name := dir + "/inputs/" + md5Hex(dsID, runID) + "/meta.yaml"
		if _, err := createAtomic(s.root, dir, name, encodeYAML(link)); err != nil {
			return fmt.Errorf("tracking: run %s dataset %q: %w", runID, d.Name, err)
		}
	}
	return nil
}

// datasetMeta returns the fields of a dataset's meta.yaml: MLflow's
// dict(dataset), keys sorted, absent schema and profile as null.
func datasetMeta(d Dataset) []yamlField {
	return []yamlField{{"digest", d.Digest}, {"name", d.Name}, {"profile", nullIfEmpty(d.Profile)},
		{"schema", nullIfEmpty(d.Schema)}, {"source", d.Source}, {"source_type", d.SourceType}}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// readRunInputs reads a run's dataset inputs, ordered by dataset name and
// digest. As MLflow's FileStore._get_all_inputs, an input that is not a
// dataset, or whose dataset is missing, is skipped.
// rd reads the run's directory.
func (s *FileStore) readRunInputs(rd reader, expDir, runID string) ([]DatasetInput, error) {
	dir := "inputs"
	entries, err := rd.readDir(dir)
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
		data, err := rd.readFile(p, metaReadLimit)
		if absent(err) {
			continue // an input being written
		}
		if err != nil {
			return nil, err
		}
		src, tags, err := parseInputMeta(data, rd.path(p))
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
	SortInputs(out)
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
