package tracking

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
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
		meta := []yamlField{{"digest", d.Digest}, {"name", d.Name}, {"profile", nullIfEmpty(d.Profile)},
			{"schema", nullIfEmpty(d.Schema)}, {"source", d.Source}, {"source_type", d.SourceType}}
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

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// readRunInputs reads the dataset inputs of a run, ordered by dataset
// name and digest. Inputs whose dataset is missing are skipped.
func (s *FileStore) readRunInputs(ed, runID string) ([]DatasetInput, error) {
	entries, err := os.ReadDir(s.path(ed + "/" + runID + "/inputs"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tracking: run %s inputs: %w", runID, err)
	}
	var out []DatasetInput
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p := s.path(ed + "/" + runID + "/inputs/" + e.Name() + "/meta.yaml")
		m, err := readYAMLFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if st, _ := yamlString(m, "source_type"); st != "DATASET" {
			continue // a logged-model input
		}
		dsID, _ := yamlString(m, "source_id")
		if validateExperimentID(dsID) != nil {
			continue
		}
		dm, err := readYAMLFile(s.path(ed + "/datasets/" + dsID + "/meta.yaml"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		in := DatasetInput{}
		in.Dataset.Name, _ = yamlString(dm, "name")
		in.Dataset.Digest, _ = yamlString(dm, "digest")
		in.Dataset.SourceType, _ = yamlString(dm, "source_type")
		in.Dataset.Source, _ = yamlString(dm, "source")
		in.Dataset.Schema, _ = yamlString(dm, "schema")
		in.Dataset.Profile, _ = yamlString(dm, "profile")
		if tags, ok := m["tags"].(map[string]any); ok && len(tags) > 0 {
			in.Tags = make(map[string]string, len(tags))
			for k, v := range tags {
				in.Tags[k] = fmt.Sprint(v)
			}
		}
		out = append(out, in)
	}
	SortInputs(out)
	return out, nil
}

// readYAMLFile reads a meta.yaml; a missing file wraps fs.ErrNotExist.
func readYAMLFile(p string) (map[string]any, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	m, err := decodeYAML(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, p, err)
	}
	return m, nil
}
