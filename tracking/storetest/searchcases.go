package storetest

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
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// The search cases: store contents, filters, orders and the runs and
// experiments each must give, in order, in testdata/search_cases.json.
// Each case cites the MLflow test (or the MLflow code, or the telltale
// issue) its expected answer comes from. MLflow cannot be run here, so
// the expected answers are those MLflow's tests assert and its documented
// semantics give; where telltale deliberately answers otherwise the case
// says so, and the package doc of tracking lists the difference.
//
// Cases name times as offsets: a run's start and end, an experiment's
// time, and {t:N} in a filter stand for caseEpoch+N ms, so that every
// case time is later than the Default experiment, which each store
// creates at its own clock's now. Experiments are made with
// tracking.Importer, which keeps their times; a store without it skips
// the experiment cases.

//go:embed testdata/search_cases.json
var searchCasesJSON []byte

// caseEpoch is 2100-01-01T00:00:00Z in ms.
const caseEpoch = int64(4102444800000)

type searchFile struct {
	Stores      map[string]*caseStore `json:"stores"`
	Runs        []runCase             `json:"runs"`
	Experiments []expCase             `json:"experiments"`
}

type caseStore struct {
	From        string        `json:"from"`
	Experiments []caseExp     `json:"experiments"`
	Runs        []caseRunSpec `json:"runs"`
}

type caseExp struct {
	Name    string            `json:"name"`
	Time    int64             `json:"time"`
	Tags    map[string]string `json:"tags"`
	Deleted int64             `json:"deleted"` // deletion time; 0: active
}

type caseRunSpec struct {
	Name       string            `json:"name"`
	Experiment string            `json:"experiment"` // name; "" is Default
	Start      int64             `json:"start"`
	End        *int64            `json:"end"`    // nil: still running
	Status     string            `json:"status"` // with End; "" is FINISHED
	Params     map[string]string `json:"params"`
	Tags       map[string]string `json:"tags"`
	Metrics    []caseMetric      `json:"metrics"`
	Inputs     []caseInput       `json:"inputs"`
	Deleted    bool              `json:"deleted"`
}

type caseMetric struct {
	Key       string          `json:"key"`
	Value     json.RawMessage `json:"value"` // a number, or "nan", "inf", "-inf"
	Timestamp int64           `json:"timestamp"`
	Step      int64           `json:"step"`
}

type caseInput struct {
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
	// (MLflow's last tie-break, SearchUtils.sort).
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

// builtStore is a store filled as a caseStore says, with its ids.
type builtStore struct {
	s        tracking.Store
	runIDs   map[string]string // run name -> id
	expIDs   map[string]string // experiment name -> id
	imported bool              // experiments were made with their times
}

// testSearchCases builds each store of the cases once and runs every case
// on it.
func testSearchCases(t *testing.T, open Open) {
	var f searchFile
	dec := json.NewDecoder(bytes.NewReader(searchCasesJSON))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&f), "testdata/search_cases.json")
	stores := map[string]*builtStore{}
	for _, name := range sortedKeys(f.Stores) {
		stores[name] = buildCaseStore(t, name, f.Stores[name], open)
	}
	get := func(t *testing.T, name string) *builtStore {
		b, ok := stores[name]
		if !ok {
			t.Fatalf("no store %q in search_cases.json", name)
		}
		return b
	}
	t.Run("runs", func(t *testing.T) {
		for i, c := range f.Runs {
			t.Run(fmt.Sprintf("%03d_%s", i, c.Store), func(t *testing.T) { runRunCase(t, get(t, c.Store), c) })
		}
	})
	t.Run("experiments", func(t *testing.T) {
		for i, c := range f.Experiments {
			t.Run(fmt.Sprintf("%03d_%s", i, c.Store), func(t *testing.T) { runExpCase(t, get(t, c.Store), c) })
		}
	})
}

func buildCaseStore(t *testing.T, name string, spec *caseStore, open Open) *builtStore {
	ctx := t.Context()
	s := open(t)
	b := &builtStore{s: s, runIDs: map[string]string{}, expIDs: map[string]string{"Default": tracking.DefaultExperimentID}}
	fail := func(format string, args ...any) {
		t.Fatalf("building search store %q: %s", name, fmt.Sprintf(format, args...))
	}
	im, isImporter := s.(tracking.Importer)
	b.imported = isImporter
	for _, e := range spec.Experiments {
		var id string
		var err error
		if isImporter {
			x := &tracking.Experiment{Name: e.Name, LifecycleStage: tracking.StageActive, Tags: e.Tags,
				CreationTime: caseEpoch + e.Time, LastUpdateTime: caseEpoch + e.Time}
			if e.Deleted != 0 {
				x.LifecycleStage, x.LastUpdateTime = tracking.StageDeleted, caseEpoch+e.Deleted
			}
			id, err = im.ImportExperiment(ctx, x)
		} else {
			id, err = s.CreateExperiment(ctx, e.Name, "", e.Tags)
			if err == nil && e.Deleted != 0 {
				err = s.DeleteExperiment(ctx, id)
			}
		}
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
		if _, dup := b.runIDs[r.Name]; dup {
			fail("two runs named %q", r.Name)
		}
		run, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: b.expIDs[exp], Name: r.Name, UserID: "searchcases",
			StartTime: caseEpoch + r.Start, Tags: r.Tags})
		if err != nil {
			fail("run %q: %v", r.Name, err)
		}
		id := run.Info.RunID
		b.runIDs[r.Name] = id
		var batch tracking.Batch
		for _, k := range sortedKeys(r.Params) {
			batch.Params = append(batch.Params, tracking.Param{Key: k, Value: r.Params[k]})
		}
		for _, m := range r.Metrics {
			v, err := caseMetricValue(m.Value)
			if err != nil {
				fail("run %q metric %q: %v", r.Name, m.Key, err)
			}
			batch.Metrics = append(batch.Metrics, tracking.Metric{Key: m.Key, Value: v, Timestamp: m.Timestamp, Step: m.Step})
		}
		if err := s.LogBatch(ctx, id, batch); err != nil {
			fail("run %q: %v", r.Name, err)
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
			if err := s.LogInputs(ctx, id, in); err != nil {
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
			if _, err := s.UpdateRun(ctx, id, tracking.RunUpdate{Status: st, EndTime: caseEpoch + *r.End}); err != nil {
				fail("run %q end: %v", r.Name, err)
			}
		}
		if r.Deleted {
			if err := s.DeleteRun(ctx, id); err != nil {
				fail("run %q delete: %v", r.Name, err)
			}
		}
	}
	return b
}

func caseMetricValue(raw json.RawMessage) (float64, error) {
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

func caseView(v string) (tracking.ViewType, error) {
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

// expand replaces {run:NAME} in a filter with the run's id and {t:N} with
// the time caseEpoch+N (N may have a fraction: {t:1000.5}).
func (b *builtStore) expand(t *testing.T, s string) string {
	for _, p := range []string{"{run:", "{t:"} {
		for {
			i := strings.Index(s, p)
			if i < 0 {
				break
			}
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				t.Fatalf("unterminated %s in %q", p, s)
			}
			arg, repl := s[i+len(p):i+j], ""
			if p == "{run:" {
				id, ok := b.runIDs[arg]
				if !ok {
					t.Fatalf("no run %q for %q", arg, s)
				}
				repl = id
			} else {
				whole, frac, hasFrac := strings.Cut(arg, ".")
				n, err := strconv.ParseInt(whole, 10, 64)
				if err != nil {
					t.Fatalf("bad time %q in %q", arg, s)
				}
				repl = strconv.FormatInt(caseEpoch+n, 10)
				if hasFrac {
					repl += "." + frac
				}
			}
			s = s[:i] + repl + s[i+j+1:]
		}
	}
	return s
}

func runRunCase(t *testing.T, b *builtStore, c runCase) {
	v, err := caseView(c.View)
	require.NoError(t, err)
	q := tracking.RunQuery{Filter: b.expand(t, c.Filter), OrderBy: c.OrderBy, View: v, MaxResults: c.MaxResults}
	for _, name := range c.Experiments {
		id, ok := b.expIDs[name]
		require.True(t, ok, "no experiment %q", name)
		q.ExperimentIDs = append(q.ExperimentIDs, id)
	}
	desc := fmt.Sprintf("filter %q, order_by %q (from %s)", q.Filter, c.OrderBy, c.From)
	names := map[string]string{}
	for n, id := range b.runIDs {
		names[id] = n
	}
	got := []string{}
	for page := 0; ; page++ {
		runs, next, err := b.s.SearchRuns(t.Context(), q)
		if c.Error {
			if !errors.Is(err, tracking.ErrInvalid) {
				t.Errorf("%s: got error %v, want one wrapping tracking.ErrInvalid", desc, err)
			}
			return
		}
		require.NoError(t, err, desc)
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
		require.Less(t, page, 1000, "%s: too many pages", desc)
		q.PageToken = next
	}
	want, err := expectedOrder(c.Want, func(group []string) {
		sort.Slice(group, func(i, j int) bool { return b.runIDs[group[i]] < b.runIDs[group[j]] })
	})
	require.NoError(t, err, desc)
	if !equalStrings(got, want) {
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

func runExpCase(t *testing.T, b *builtStore, c expCase) {
	if !b.imported {
		t.Skip("experiment cases need tracking.Importer to give experiments their times")
	}
	v, err := caseView(c.View)
	require.NoError(t, err)
	q := tracking.ExperimentQuery{View: v, Filter: b.expand(t, c.Filter), OrderBy: c.OrderBy}
	desc := fmt.Sprintf("filter %q, order_by %q, view %d (from %s)", q.Filter, c.OrderBy, v, c.From)
	got := []string{}
	for page := 0; ; page++ {
		exps, next, err := b.s.SearchExperiments(t.Context(), q)
		if c.Error {
			if !errors.Is(err, tracking.ErrInvalid) {
				t.Errorf("%s: got error %v, want one wrapping tracking.ErrInvalid", desc, err)
			}
			return
		}
		require.NoError(t, err, desc)
		got = append(got, expNames(exps)...)
		if next == "" {
			break
		}
		require.Less(t, page, 1000, "%s: too many pages", desc)
		q.PageToken = next
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
	require.NoError(t, err, desc)
	if !equalStrings(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", desc, got, want)
	}
}

// idNum reads a numeric experiment id (every store makes numeric ids).
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

func equalStrings(a, b []string) bool {
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
