package tracking

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Fuzzers of every file format the store reads: a hostile or damaged
// store gives clear errors (ErrCorrupt), never a panic, and what telltale
// writes reads back the same.

// fixtureFiles returns the files of the MLflow-written fixture store whose
// name matches, as seeds.
func fixtureFiles(f *testing.F, match func(rel string) bool) {
	root := filepath.Join("testdata", "mlflow-store", "mlruns")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if match(filepath.ToSlash(rel)) {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f.Add(b)
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
}

func isMeta(rel string) bool { return strings.HasSuffix(rel, "meta.yaml") }

func FuzzRunMeta(f *testing.F) {
	fixtureFiles(f, isMeta)
	f.Add(encodeYAML(runMetaFields(&RunInfo{RunID: "r", ExperimentID: "0", UserID: "u", Status: Finished,
		StartTime: 1, EndTime: 2, RunName: "on", ArtifactURI: "file:///x", LifecycleStage: StageActive}, true)))
	f.Add([]byte("run_id: a\nexperiment_id: 0\nuser_id: u\nstatus: 3\nstart_time: 1\nend_time: null\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := parseRunMeta(data, "meta.yaml")
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if !info.Status.valid() {
			t.Fatalf("status %d accepted", info.Status)
		}
		if !validUTF8(info.RunID, info.RunName, info.ExperimentID, info.UserID, info.ArtifactURI, info.LifecycleStage) {
			return
		}
		again, err := parseRunMeta(encodeYAML(runMetaFields(info, false)), "meta.yaml")
		if err != nil {
			t.Fatalf("what telltale writes does not read back: %v", err)
		}
		if *again != *info {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, info)
		}
	})
}

func FuzzExperimentMeta(f *testing.F) {
	fixtureFiles(f, func(rel string) bool { return isMeta(rel) && strings.Count(rel, "/") == 1 })
	f.Add([]byte("experiment_id: 1\nname: on\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _ := decodeYAML(data)
		id, _ := yamlString(m, "experiment_id")
		e, err := parseExperimentMeta(data, "meta.yaml", id)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if e.ID != id || e.LifecycleStage == "" {
			t.Fatalf("bad experiment %+v", e)
		}
		if !validUTF8(e.ID, e.Name, e.ArtifactLocation, e.LifecycleStage) {
			return
		}
		again, err := parseExperimentMeta(encodeYAML(experimentMeta(e)), "meta.yaml", id)
		if err != nil {
			t.Fatalf("what telltale writes does not read back: %v", err)
		}
		if !reflect.DeepEqual(again, e) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, e)
		}
	})
}

// The fast reader of flat meta.yaml files must agree with the YAML
// decoder on everything it accepts.
func FuzzDecodeFlatYAML(f *testing.F) {
	fixtureFiles(f, isMeta)
	for _, s := range []string{"a: 1\n", "a: '1'\n", "a: on\n", "a: 012\n", "a: \"x\"\n", "a: []\n", "a: -5\n",
		"a: ~\n", "a: x # c\n", "a: 'it''s'\n", "a: 9223372036854775808\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ok := decodeFlatYAML(data)
		if !ok {
			return
		}
		var want map[string]any
		if err := yaml.Unmarshal(data, &want); err != nil {
			t.Fatalf("the fast reader accepts what the YAML decoder refuses (%v): %q", err, data)
		}
		for k, v := range want {
			if i, ok := v.(int); ok {
				want[k] = int64(i)
			}
		}
		if len(m) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(m, want) {
			t.Fatalf("%q:\n fast %#v\n yaml %#v", data, m, want)
		}
	})
}

func FuzzMetricFile(f *testing.F) {
	fixtureFiles(f, func(rel string) bool { return strings.Contains(rel, "/metrics/") })
	f.Add([]byte("1 0.5 0\n2 nan 1\n3 -inf 2\n4 1e-05 3 ds 0a1b\n5 1.0"))
	f.Add([]byte("1 0.5\r\n\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []Metric
		err := scanMetricLines(bytes.NewReader(data), "m", func(m Metric) { got = append(got, m) })
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		var again []byte
		for _, m := range got {
			again = append(again, metricLine(m)...)
		}
		var back []Metric
		if err := scanMetricLines(bytes.NewReader(again), "m", func(m Metric) { back = append(back, m) }); err != nil {
			t.Fatalf("what telltale writes does not read back: %v", err)
		}
		if len(back) != len(got) {
			t.Fatalf("round trip: %d points, want %d", len(back), len(got))
		}
		for i := range got {
			a, b := got[i], back[i]
			if a.Timestamp != b.Timestamp || a.Step != b.Step || !(a.Value == b.Value || math.IsNaN(a.Value) && math.IsNaN(b.Value)) {
				t.Fatalf("round trip: %+v became %+v", a, b)
			}
		}
	})
}

func FuzzInputMeta(f *testing.F) {
	fixtureFiles(f, func(rel string) bool { return strings.Contains(rel, "/inputs/") || strings.Contains(rel, "/datasets/") })
	f.Add(encodeYAML([]yamlField{{"source_id", "abc"}, {"source_type", "DATASET"}, {"tags", yamlMap{"k": "v", "on": "1:20"}}}))
	f.Add(encodeYAML(datasetMeta(Dataset{Name: "n", Digest: "d", SourceType: "local", Source: "{}", Profile: `{"a": 1}`})))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, tags, err := parseInputMeta(data, "meta.yaml")
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error %v does not wrap ErrCorrupt", err)
		}
		if err == nil && src != "" {
			if strings.ContainsAny(src, `/\`) || strings.HasPrefix(src, ".") {
				t.Fatalf("source_id %q could leave the datasets folder", src)
			}
			ok := true
			for k, v := range tags {
				ok = ok && validUTF8(k, v)
			}
			if ok && validUTF8(src) {
				src2, tags2, err := parseInputMeta(encodeYAML([]yamlField{{"source_id", src}, {"source_type", "DATASET"}, {"tags", yamlMap(tags)}}), "m")
				if err != nil || src2 != src || !reflect.DeepEqual(tags2, tags) {
					t.Fatalf("round trip: %q %v became %q %v (%v)", src, tags, src2, tags2, err)
				}
			}
		}
		d, err := parseDatasetMeta(data, "meta.yaml")
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if !validUTF8(d.Name, d.Digest, d.SourceType, d.Source, d.Schema, d.Profile) {
			return
		}
		again, err := parseDatasetMeta(encodeYAML(datasetMeta(d)), "m")
		if err != nil || again != d {
			t.Fatalf("round trip: %+v became %+v (%v)", d, again, err)
		}
	})
}

func FuzzSearchFilter(f *testing.F) {
	for _, s := range []string{"metrics.acc > 0.9 and params.model = 'rf'", "`metrics`.`a b` <= -1e309",
		"tags.\"x y\" ILIKE '%a_b%'", "attributes.run_id IN ('a', 'b')", "datasets.context NOT IN ('train')",
		"run_name = 'it''s'", "creation_time > 1.5", "name LIKE 'churn%' AND tags.team != 'x'", "metrics.a > 1 OR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, target := range []searchTarget{targetRuns, targetExperiments} {
			cs, err := parseFilter(s, target)
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: error %v does not wrap ErrInvalid", s, err)
			}
			for _, c := range cs {
				if (c.op == "LIKE" || c.op == "ILIKE") && c.re == nil {
					t.Fatalf("%q: LIKE without a pattern", s)
				}
				c.matches(sortVal{present: true, str: s})
				c.matches(sortVal{present: true, isNum: true, num: 1})
				if c.id.ent == entDataset {
					c.matchesInputs([]DatasetInput{{Dataset: Dataset{Name: s}, Tags: map[string]string{TagDatasetContext: s}}})
				}
			}
			if _, err := parseOrderBy([]string{s}, target); err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%q: order_by error %v does not wrap ErrInvalid", s, err)
			}
		}
	})
}

func validUTF8(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}
