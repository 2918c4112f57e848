// Package searchtest is a conformance test of run and experiment search
// that every tracking store must pass: the same store contents, filters
// and orders give the same runs and experiments, in the same order, on
// the file store, the SQL stores and the HTTP client.
//
// The cases live in testdata/cases.json, each citing the MLflow test (or
// the MLflow code, or the telltale issue) its expected answer comes from.
// MLflow cannot be run here, so the expected answers are those MLflow's
// tests assert and its documented semantics give; where telltale
// deliberately answers differently, the case says so and the package doc
// of tracking lists the difference.
//
// A store implementation runs them with
//
//	func TestSearchConformance(t *testing.T) {
//		searchtest.Run(t, func(t *testing.T, now func() time.Time) searchtest.Store {
//			return myStore(t, now) // a new, empty store whose clock is now
//		})
//	}
package searchtest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

//go:embed testdata/cases.json
var casesJSON []byte

// Store is what the cases need from a tracking store: MLflow's store
// operations, by run id. The store's clock (given to the function that
// opens it) sets creation, start and end times; metric values carry
// their own timestamps.
type Store interface {
	CreateExperiment(name string, tags map[string]string) (string, error)
	DeleteExperiment(id string) error
	// StartRun creates a RUNNING run started now and returns its id.
	StartRun(experimentID, name string, tags map[string]string) (string, error)
	LogParam(runID, key, value string) error
	LogMetric(runID string, m tracking.Metric) error
	LogInputs(runID string, inputs []tracking.DatasetInput) error
	// EndRun ends a run now with a terminal status.
	EndRun(runID string, status tracking.RunStatus) error
	DeleteRun(runID string) error
	QueryRuns(q tracking.RunQuery) ([]*tracking.Run, string, error)
	QueryExperiments(view tracking.ViewType, filter string, orderBy []string) ([]*tracking.Experiment, error)
}

// OpenFunc opens a new, empty store whose clock is now. The store must
// create MLflow's Default experiment (id "0") when it is opened.
type OpenFunc func(t *testing.T, now func() time.Time) Store

// file is the decoded cases file.
type file struct {
	Stores      map[string]*storeSpec `json:"stores"`
	Runs        []runCase             `json:"runs"`
	Experiments []expCase             `json:"experiments"`
}

type storeSpec struct {
	From string `json:"from"`
	// DefaultTime is the creation time of the Default experiment.
	DefaultTime int64     `json:"default_time"`
	Experiments []expSpec `json:"experiments"`
	Runs        []runSpec `json:"runs"`
}

type expSpec struct {
	Name    string            `json:"name"`
	Time    int64             `json:"time"`
	Tags    map[string]string `json:"tags"`
	Deleted int64             `json:"deleted"` // deletion time; 0: active
}

type runSpec struct {
	Name       string            `json:"name"`
	Experiment string            `json:"experiment"` // name; "" is Default
	Start      int64             `json:"start"`
	End        *int64            `json:"end"`    // nil: still running
	Status     string            `json:"status"` // with End; "" is FINISHED
	Params     map[string]string `json:"params"`
	Tags       map[string]string `json:"tags"`
	Metrics    []metricSpec      `json:"metrics"`
	Inputs     []inputSpec       `json:"inputs"`
	Deleted    bool              `json:"deleted"`
}

type metricSpec struct {
	Key       string          `json:"key"`
	Value     json.RawMessage `json:"value"` // a number, or "nan", "inf", "-inf"
	Timestamp int64           `json:"timestamp"`
	Step      int64           `json:"step"`
}

type inputSpec struct {
	Name       string `json:"name"`
	Digest     string `json:"digest"`
	SourceType string `json:"source_type"`
	Source     string `json:"source"`
	Context    string `json:"context"` // the tag mlflow.data.context; "" for none
}

type runCase struct {
	Store       string   `json:"store"`
	From        string   `json:"from"`
	Filter      string   `json:"filter"`
	OrderBy     []string `json:"order_by"`
	Experiments []string `json:"experiments"` // names; none: every active experiment
	View        string   `json:"view"`        // active (default), deleted, all
	MaxResults  int      `json:"max_results"` // page size; pages are read to the end
	// Want lists run names in order; a nested list is a group of runs
	// that tie on every order key, which the store orders by run_id ASC
	// (MLflow's last tie-break).
	Want  []json.RawMessage `json:"want"`
	Error bool              `json:"error"` // the search fails with ErrInvalid
}

type expCase struct {
	Store   string            `json:"store"`
	From    string            `json:"from"`
	Filter  string            `json:"filter"`
	OrderBy []string          `json:"order_by"`
	View    string            `json:"view"`
	Want    []json.RawMessage `json:"want"` // names; a nested list ties (see expTieBreak)
	Error   bool              `json:"error"`
}

// built is a store filled with a storeSpec, with the ids it gave.
type built struct {
	s      Store
	runIDs map[string]string // run name -> id
	expIDs map[string]string // experiment name -> id
}

// Run builds each store of the cases once with open and runs every case
// on it as a subtest.
func Run(t *testing.T, open OpenFunc) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(casesJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("searchtest: testdata/cases.json: %v", err)
	}
	// Stores outlive the subtests that use them: build them all here.
	stores := map[string]*built{}
	for _, name := range sortedKeys(f.Stores) {
		stores[name] = build(t, name, f.Stores[name], open)
	}
	get := func(t *testing.T, name string) *built {
		b, ok := stores[name]
		if !ok {
			t.Fatalf("searchtest: no store %q in cases.json", name)
		}
		return b
	}
	t.Run("runs", func(t *testing.T) {
		for i, c := range f.Runs {
			t.Run(fmt.Sprintf("%03d_%s", i, c.Store), func(t *testing.T) {
				runRunCase(t, get(t, c.Store), c)
			})
		}
	})
	t.Run("experiments", func(t *testing.T) {
		for i, c := range f.Experiments {
			t.Run(fmt.Sprintf("%03d_%s", i, c.Store), func(t *testing.T) {
				runExpCase(t, get(t, c.Store), c)
			})
		}
	})
}

// build opens a new store and fills it as spec says.
func build(t *testing.T, name string, spec *storeSpec, open OpenFunc) *built {
	var clock atomic.Int64
	clock.Store(spec.DefaultTime)
	now := func() time.Time { return time.UnixMilli(clock.Load()) }
	s := open(t, now)
	b := &built{s: s, runIDs: map[string]string{}, expIDs: map[string]string{"Default": tracking.DefaultExperimentID}}
	fail := func(format string, args ...any) {
		t.Fatalf("searchtest: building store %q: %s", name, fmt.Sprintf(format, args...))
	}
	for _, e := range spec.Experiments {
		clock.Store(e.Time)
		id, err := s.CreateExperiment(e.Name, e.Tags)
		if err != nil {
			fail("experiment %q: %v", e.Name, err)
		}
		b.expIDs[e.Name] = id
	}
	for _, r := range spec.Runs {
		exp := r.Experiment
		if exp == "" {
			exp = "Default"
		}
		clock.Store(r.Start)
		id, err := s.StartRun(b.expIDs[exp], r.Name, r.Tags)
		if err != nil {
			fail("run %q: %v", r.Name, err)
		}
		if _, dup := b.runIDs[r.Name]; dup {
			fail("two runs named %q", r.Name)
		}
		b.runIDs[r.Name] = id
		for _, k := range sortedKeys(r.Params) {
			if err := s.LogParam(id, k, r.Params[k]); err != nil {
				fail("run %q param %q: %v", r.Name, k, err)
			}
		}
		for _, m := range r.Metrics {
			v, err := metricValue(m.Value)
			if err != nil {
				fail("run %q metric %q: %v", r.Name, m.Key, err)
			}
			if err := s.LogMetric(id, tracking.Metric{Key: m.Key, Value: v, Timestamp: m.Timestamp, Step: m.Step}); err != nil {
				fail("run %q metric %q: %v", r.Name, m.Key, err)
			}
		}
		if len(r.Inputs) > 0 {
			var in []tracking.DatasetInput
			for _, x := range r.Inputs {
				di := tracking.DatasetInput{Dataset: tracking.Dataset{Name: x.Name, Digest: x.Digest,
					SourceType: x.SourceType, Source: x.Source}}
				if x.Context != "" {
					di.Tags = map[string]string{tracking.TagDatasetContext: x.Context}
				}
				in = append(in, di)
			}
			if err := s.LogInputs(id, in); err != nil {
				fail("run %q inputs: %v", r.Name, err)
			}
		}
		if r.End != nil {
			st := tracking.Finished
			if r.Status != "" {
				if st, err = tracking.ParseRunStatus(r.Status); err != nil {
					fail("run %q: %v", r.Name, err)
				}
			}
			clock.Store(*r.End)
			if err := s.EndRun(id, st); err != nil {
				fail("run %q end: %v", r.Name, err)
			}
		}
		if r.Deleted {
			if err := s.DeleteRun(id); err != nil {
				fail("run %q delete: %v", r.Name, err)
			}
		}
	}
	for _, e := range spec.Experiments {
		if e.Deleted != 0 {
			clock.Store(e.Deleted)
			if err := s.DeleteExperiment(b.expIDs[e.Name]); err != nil {
				fail("delete experiment %q: %v", e.Name, err)
			}
		}
	}
	return b
}

func metricValue(raw json.RawMessage) (float64, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "nan":
			return math.NaN(), nil
		case "inf":
			return math.Inf(1), nil
		case "-inf":
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("value %q: want a number, \"nan\", \"inf\" or \"-inf\"", s)
	}
	var v float64
	err := json.Unmarshal(raw, &v)
	return v, err
}

func view(v string) (tracking.ViewType, error) {
	switch v {
	case "", "active":
		return tracking.ActiveOnly, nil
	case "deleted":
		return tracking.DeletedOnly, nil
	case "all":
		return tracking.All, nil
	}
	return 0, fmt.Errorf("view %q: want active, deleted or all", v)
}

// expand replaces {run:NAME} in a filter with the run's id.
func (b *built) expand(t *testing.T, s string) string {
	for {
		i := strings.Index(s, "{run:")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			t.Fatalf("searchtest: unterminated {run: in %q", s)
		}
		name := s[i+5 : i+j]
		id, ok := b.runIDs[name]
		if !ok {
			t.Fatalf("searchtest: no run %q for %q", name, s)
		}
		s = s[:i] + id + s[i+j+1:]
	}
}

func runRunCase(t *testing.T, b *built, c runCase) {
	t.Helper()
	v, err := view(c.View)
	if err != nil {
		t.Fatal(err)
	}
	q := tracking.RunQuery{Filter: b.expand(t, c.Filter), OrderBy: c.OrderBy, View: v, MaxResults: c.MaxResults}
	for _, name := range c.Experiments {
		id, ok := b.expIDs[name]
		if !ok {
			t.Fatalf("searchtest: no experiment %q", name)
		}
		q.ExperimentIDs = append(q.ExperimentIDs, id)
	}
	desc := fmt.Sprintf("filter %q, order_by %q (from %s)", q.Filter, c.OrderBy, c.From)
	var got []string
	names := map[string]string{}
	for n, id := range b.runIDs {
		names[id] = n
	}
	for page := 0; ; page++ {
		runs, next, err := b.s.QueryRuns(q)
		if c.Error {
			if !errors.Is(err, tracking.ErrInvalid) {
				t.Errorf("%s: got error %v, want one wrapping tracking.ErrInvalid", desc, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", desc, err)
		}
		if c.MaxResults > 0 && len(runs) > c.MaxResults {
			t.Fatalf("%s: page %d has %d runs, more than max_results %d", desc, page, len(runs), c.MaxResults)
		}
		for _, r := range runs {
			n, ok := names[r.Info.RunID]
			if !ok {
				n = "?" + r.Info.RunID
			}
			got = append(got, n)
		}
		if next == "" {
			break
		}
		if page > 1000 {
			t.Fatalf("%s: more than 1000 pages", desc)
		}
		q.PageToken = next
	}
	want, err := expectedOrder(c.Want, func(group []string) {
		sort.Slice(group, func(i, j int) bool { return b.runIDs[group[i]] < b.runIDs[group[j]] })
	})
	if err != nil {
		t.Fatalf("searchtest: %s: want: %v", desc, err)
	}
	if !equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", desc, got, want)
	}
}

// expTieBreak is the direction of MLflow's last order key of
// experiments, experiment_id: the direction order_by gives it, else ASC
// after the default order (FileStore.search_experiments defaults order_by
// to creation_time DESC, experiment_id ASC), else DESC
// (SearchExperimentsUtils._get_sort_key in mlflow/utils/search_utils.py
// appends experiment_id DESC).
func expTieBreak(orderBy []string) (asc bool) {
	if len(orderBy) == 0 {
		return true
	}
	for _, o := range orderBy {
		f := strings.Fields(strings.ReplaceAll(o, "`", ""))
		if len(f) == 0 {
			continue
		}
		key := f[0]
		if _, k, ok := strings.Cut(key, "."); ok {
			key = k
		}
		if key == "experiment_id" {
			return len(f) < 2 || !strings.EqualFold(f[1], "desc")
		}
	}
	return false
}

func runExpCase(t *testing.T, b *built, c expCase) {
	t.Helper()
	v, err := view(c.View)
	if err != nil {
		t.Fatal(err)
	}
	desc := fmt.Sprintf("filter %q, order_by %q, view %s (from %s)", c.Filter, c.OrderBy, v2s(c.View), c.From)
	exps, err := b.s.QueryExperiments(v, c.Filter, c.OrderBy)
	if c.Error {
		if !errors.Is(err, tracking.ErrInvalid) {
			t.Errorf("%s: got error %v, want one wrapping tracking.ErrInvalid", desc, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", desc, err)
	}
	got := []string{}
	for _, e := range exps {
		got = append(got, e.Name)
	}
	asc := expTieBreak(c.OrderBy)
	want, err := expectedOrder(c.Want, func(group []string) {
		sort.Slice(group, func(i, j int) bool {
			x, y := idNum(b.expIDs[group[i]]), idNum(b.expIDs[group[j]])
			if asc {
				return x < y
			}
			return x > y
		})
	})
	if err != nil {
		t.Fatalf("searchtest: %s: want: %v", desc, err)
	}
	if !equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", desc, got, want)
	}
}

func v2s(v string) string {
	if v == "" {
		return "active"
	}
	return v
}

// idNum reads a numeric experiment id (all stores make numeric ids).
func idNum(id string) uint64 {
	n, _ := strconv.ParseUint(id, 10, 64)
	return n
}

// expectedOrder flattens want, ordering each tie group with tie.
func expectedOrder(want []json.RawMessage, tie func([]string)) ([]string, error) {
	out := []string{}
	for _, w := range want {
		var name string
		if json.Unmarshal(w, &name) == nil {
			out = append(out, name)
			continue
		}
		var group []string
		if err := json.Unmarshal(w, &group); err != nil {
			return nil, fmt.Errorf("%s: want a name or a list of names", w)
		}
		tie(group)
		out = append(out, group...)
	}
	return out, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
