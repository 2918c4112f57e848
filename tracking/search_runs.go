package tracking

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// RunQuery is the full form of SearchRuns' arguments.
type RunQuery struct {
	// ExperimentIDs are the experiments to search; none means every
	// active experiment.
	ExperimentIDs []string
	// Filter is an MLflow search filter, such as
	// "metrics.accuracy > 0.9 AND params.model = 'rf'"; "" matches all.
	Filter string
	// OrderBy entries are "<identifier> [ASC|DESC]", such as
	// "metrics.accuracy DESC"; runs are first ordered by start_time DESC
	// and run_id.
	OrderBy []string
	// MaxResults is the page size, 1 to 50000; 0 means 1000.
	MaxResults int
	// PageToken continues a search where the previous page ended.
	PageToken string
	// View selects active (the zero value), deleted or all runs.
	View ViewType
}

// SearchRuns finds runs with MLflow's filter grammar and order_by, one
// page at a time: it returns up to q.MaxResults runs and a token for the
// next page ("" on the last page). See RunQuery for the arguments.
//
// Filter grammar: clauses joined by AND; identifiers metrics.<key> (latest
// value; = != > >= < <= and a number), params.<key> and tags.<key> (= !=
// LIKE ILIKE and a quoted string), attributes.<name> for run_id,
// run_name, user_id, status, artifact_uri (string comparators; IN and NOT
// IN with a list for run_id) and start_time, end_time (integers), and
// datasets.name, datasets.digest, datasets.context (string comparators,
// IN and NOT IN) for the run's dataset inputs. Keys with other characters
// go in backticks or double quotes. A run without the key never matches;
// a run matches a datasets clause when any of its inputs does. The package
// doc lists where telltale's answers differ from MLflow's.
//
// The file store reads lean: each run's meta.yaml, and then only the metric, param and
// tag files the filter and the order need, stopping at the first clause
// that fails, in parallel; the full params, metrics and tags are read for
// the runs of the returned page only.
func (s *FileStore) SearchRuns(ctx context.Context, q RunQuery) ([]*Run, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	clauses, err := parseFilter(q.Filter, targetRuns)
	if err != nil {
		return nil, "", err
	}
	keys, err := parseOrderBy(q.OrderBy, targetRuns)
	if err != nil {
		return nil, "", err
	}
	max := q.MaxResults
	if max == 0 {
		max = defaultMaxResults
	}
	if max < 1 || max > maxResultsLimit {
		return nil, "", fmt.Errorf("%w: max results %d: must be between 1 and %d", ErrInvalid, max, maxResultsLimit)
	}
	offset, err := decodePageToken(q.PageToken)
	if err != nil {
		return nil, "", err
	}
	view := q.View
	if view == 0 {
		view = ActiveOnly
	}
	cands, err := s.runCandidates(q.ExperimentIDs)
	if err != nil {
		return nil, "", err
	}
	// Attribute clauses cost nothing once meta.yaml is read: test them
	// before those that open files.
	sortClauses(clauses)
	keep := make([]bool, len(cands))
	err = parallel(len(cands), func(i int) error {
		err := s.considerRun(cands[i], clauses, keys, view)
		keep[i] = err == nil
		if errors.Is(err, errSkipRun) {
			return nil
		}
		if errors.Is(err, ErrCorrupt) {
			s.warn(fmt.Errorf("skipped run %s: %w", cands[i].info.RunID, err))
			return nil
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	matched := cands[:0]
	for i, c := range cands {
		if keep[i] {
			matched = append(matched, c)
		}
	}
	sortRuns(matched, keys)
	if offset > len(matched) {
		offset = len(matched)
	}
	end := min(offset+max, len(matched))
	page := matched[offset:end]
	runs := make([]*Run, len(page))
	err = parallel(len(page), func(i int) error {
		r, err := s.loadRun(page[i].expDir, page[i].info)
		if errors.Is(err, ErrCorrupt) {
			s.warn(fmt.Errorf("skipped run %s: %w", page[i].info.RunID, err))
			return nil
		}
		runs[i] = r
		return err
	})
	if err != nil {
		return nil, "", err
	}
	out := runs[:0]
	for _, r := range runs {
		if r != nil {
			out = append(out, r)
		}
	}
	next := ""
	if end < len(matched) {
		next = encodePageToken(end)
	}
	return out, next, nil
}

// errSkipRun says a run does not match; considerRun's other errors are
// read errors.
var errSkipRun = errors.New("run does not match")

// considerRun reads a run's meta.yaml, then tests the clauses and reads
// the values the order needs: nil when the run matches, errSkipRun when
// it does not (or is not a run, or is not in the view).
func (s *FileStore) considerRun(c *runCand, clauses []clause, keys []orderKey, view ViewType) error {
	rd, err := s.subReader(c.expDir + "/" + c.info.RunID)
	if absent(err) {
		return errSkipRun // removed meanwhile
	}
	if err != nil {
		return fmt.Errorf("tracking: run %s: %w", c.info.RunID, err)
	}
	defer rd.close()
	c.rd = rd
	defer func() { c.rd = reader{} }()
	info, err := readRunInfoFrom(rd, c.info.RunID)
	if errors.Is(err, ErrNotFound) {
		return errSkipRun // a directory without meta.yaml is not a run
	}
	if err != nil {
		return err
	}
	if info.ExperimentID != c.info.ExperimentID || !view.includes(info.LifecycleStage) {
		return errSkipRun
	}
	c.info = info
	for j := range clauses {
		ok, err := c.matchRun(s, &clauses[j])
		if err != nil {
			return err
		}
		if !ok {
			return errSkipRun
		}
	}
	for _, k := range keys {
		if _, err := c.value(s, k.id); err != nil {
			return err
		}
	}
	return nil
}

// runCandidates lists the run directories of the experiments (all active
// ones when ids is empty).
func (s *FileStore) runCandidates(ids []string) ([]*runCand, error) {
	if len(ids) == 0 {
		exps, err := s.listExperiments(ActiveOnly)
		if err != nil {
			return nil, err
		}
		for _, e := range exps {
			ids = append(ids, e.ID)
		}
	}
	var out []*runCand
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := validateExperimentID(id); err != nil {
			return nil, err
		}
		ed := expDir(id, false)
		entries, err := s.readDir(ed)
		if absent(err) {
			ed = expDir(id, true)
			entries, err = s.readDir(ed)
		}
		if absent(err) {
			return nil, fmt.Errorf("%w: experiment id %s", ErrNotFound, id)
		}
		if err != nil {
			return nil, fmt.Errorf("tracking: experiment %s: %w", id, err)
		}
		for _, ent := range entries {
			if !ent.IsDir() || reservedExpEntry(ent.Name()) || validateRunID(ent.Name()) != nil {
				continue
			}
			out = append(out, &runCand{expDir: ed, info: &RunInfo{RunID: ent.Name(), ExperimentID: id}})
		}
	}
	return out, nil
}

// sortClauses orders clauses by what they cost, keeping the order
// otherwise: attributes (in meta.yaml, already read), then metrics,
// params and tags (one file each), then datasets (a folder of inputs and
// a file per dataset).
func sortClauses(cs []clause) {
	cost := func(c clause) int {
		switch c.id.ent {
		case entAttr:
			return 0
		case entDataset:
			return 2
		}
		return 1
	}
	sort.SliceStable(cs, func(i, j int) bool { return cost(cs[i]) < cost(cs[j]) })
}

// parallel calls fn(0..n-1) on a few goroutines and returns the first
// error. Reading many small files is bound by system calls, so it uses
// more goroutines than CPUs.
func parallel(n int, fn func(i int) error) error {
	workers := min(n, max(8, 4*runtime.GOMAXPROCS(0)))
	var next atomic.Int64
	var first error
	var once sync.Once
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// Page tokens are MLflow's: base64 of the JSON {"offset": N}.
func encodePageToken(offset int) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, `{"offset": %d}`, offset))
}

func decodePageToken(tok string) (int, error) {
	if tok == "" {
		return 0, nil
	}
	b, err := base64.StdEncoding.DecodeString(tok)
	var v struct {
		Offset *int `json:"offset"`
	}
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil || v.Offset == nil || *v.Offset <= 0 {
		return 0, fmt.Errorf("%w: invalid page token %q", ErrInvalid, tok)
	}
	return *v.Offset, nil
}
