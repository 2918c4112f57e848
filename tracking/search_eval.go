package tracking

import (
	"math"
	"sort"
	"strconv"
)

// This file evaluates parsed filters and sorts results. A run is read
// lazily: only the files a clause or an order key needs are opened.

// runCand is a run considered by a search, with the values read so far.
type runCand struct {
	expDir string // the experiment's directory in the store
	info   *RunInfo
	vals   map[identifier]sortVal
	inputs *[]DatasetInput // read on first use by a dataset clause
	rd     reader          // reads the run's directory while the run is considered
}

// matchRun reports whether the run satisfies the clause.
func (c *runCand) matchRun(s *FileStore, cl *clause) (bool, error) {
	if cl.id.ent != entDataset {
		v, err := c.value(s, cl.id)
		return err == nil && cl.matches(v), err
	}
	if c.inputs == nil {
		in, err := s.readRunInputs(c.rd, c.expDir, c.info.RunID)
		if err != nil {
			return false, err
		}
		c.inputs = &in
	}
	return cl.matchesInputs(*c.inputs), nil
}

// sortVal is a value to compare: a number or a string, or missing.
type sortVal struct {
	present bool
	isNum   bool
	num     float64
	str     string
}

// value returns the value of an identifier for the run, reading the file
// it lives in on first use. A key that is not a valid key never matches,
// nor does one whose file is absent (see absent).
func (c *runCand) value(s *FileStore, id identifier) (sortVal, error) {
	if v, ok := c.vals[id]; ok {
		return v, nil
	}
	var v sortVal
	switch id.ent {
	case entAttr:
		v = runAttr(c.info, id.key)
	case entMetric:
		if validateKey("metric", id.key) == nil {
			m, ok, err := c.rd.readLatestMetric("metrics/" + id.key)
			if err != nil && !absent(err) {
				return v, err
			}
			v = sortVal{present: ok && err == nil, isNum: true, num: m.Value}
		}
	case entParam, entTag:
		folder, limit := "params", int64(paramReadLimit)
		if id.ent == entTag {
			folder, limit = "tags", tagReadLimit
		}
		if validateKey(id.ent.String(), id.key) == nil {
			b, err := c.rd.readFile(folder+"/"+id.key, limit)
			if err != nil && !absent(err) {
				return v, err
			}
			v = sortVal{present: err == nil, str: string(b)}
		}
	}
	if c.vals == nil {
		c.vals = make(map[identifier]sortVal, 4)
	}
	c.vals[id] = v
	return v, nil
}

func runAttr(r *RunInfo, key string) sortVal {
	switch key {
	case "run_id":
		return sortVal{present: true, str: r.RunID}
	case "run_name":
		return sortVal{present: true, str: r.RunName}
	case "user_id":
		return sortVal{present: true, str: r.UserID}
	case "status":
		return sortVal{present: true, str: r.Status.String()}
	case "artifact_uri":
		return sortVal{present: true, str: r.ArtifactURI}
	case "start_time":
		return sortVal{present: true, isNum: true, num: float64(r.StartTime)}
	case "end_time":
		return sortVal{present: r.EndTime != 0, isNum: true, num: float64(r.EndTime)}
	case "experiment_id":
		return sortVal{present: true, str: r.ExperimentID}
	}
	return sortVal{}
}

func expValue(e *Experiment, id identifier) sortVal {
	if id.ent == entTag {
		v, ok := e.Tags[id.key]
		return sortVal{present: ok, str: v}
	}
	switch id.key {
	case "name":
		return sortVal{present: true, str: e.Name}
	case "experiment_id":
		return sortVal{present: true, str: e.ID}
	case "creation_time":
		return sortVal{present: e.CreationTime != 0, isNum: true, num: float64(e.CreationTime)}
	case "last_update_time":
		return sortVal{present: e.LastUpdateTime != 0, isNum: true, num: float64(e.LastUpdateTime)}
	}
	return sortVal{}
}

// matches reports whether v satisfies the clause. A missing value never
// matches, not even "!=", as in MLflow.
func (c *clause) matches(v sortVal) bool {
	if !v.present {
		return false
	}
	if v.isNum {
		x, y := v.num, c.num
		switch c.op {
		case "=":
			return x == y
		case "!=":
			return x != y
		case ">":
			return x > y
		case ">=":
			return x >= y
		case "<":
			return x < y
		case "<=":
			return x <= y
		}
		return false
	}
	switch c.op {
	case "=":
		return v.str == c.str
	case "!=":
		return v.str != c.str
	case "LIKE", "ILIKE":
		return c.re.MatchString(v.str)
	case "IN", "NOT IN":
		in := false
		for _, s := range c.list {
			if s == v.str {
				in = true
				break
			}
		}
		return in == (c.op == "IN")
	}
	return false
}

// matchesInputs reports whether any of a run's dataset inputs satisfies a
// datasets.name, .digest or .context clause, as MLflow's
// SearchUtils._does_run_match_clause does: with !=, NOT IN as with =, IN,
// one input is enough, and only inputs with a context tag count for
// datasets.context. A run without inputs never matches.
func (c *clause) matchesInputs(inputs []DatasetInput) bool {
	for _, in := range inputs {
		var v sortVal
		switch c.id.key {
		case "name":
			v = sortVal{present: true, str: in.Dataset.Name}
		case "digest":
			v = sortVal{present: true, str: in.Dataset.Digest}
		case "context":
			ctx, ok := in.Tags[TagDatasetContext]
			v = sortVal{present: ok, str: ctx}
		}
		if c.matches(v) {
			return true
		}
	}
	return false
}

// rank places a value in an order: values first, then NaN, then missing,
// in both directions, as MLflow's SearchUtils._get_value_for_sort does
// (its tests test_order_by_metric_with_nans_infs_nones and
// test_order_by_metric_tag_param).
func (v sortVal) rank() int {
	switch {
	case !v.present:
		return 2
	case v.isNum && math.IsNaN(v.num):
		return 1
	}
	return 0
}

// less compares two values of one key in the given direction; NaN and
// then missing values go last either way.
func less(a, b sortVal, asc bool) bool {
	if ra, rb := a.rank(), b.rank(); ra != rb || ra != 0 {
		return ra < rb
	}
	if a.isNum != b.isNum { // cannot happen for one key; keep it total
		return a.isNum
	}
	if a.isNum {
		if asc {
			return a.num < b.num
		}
		return a.num > b.num
	}
	if asc {
		return a.str < b.str
	}
	return a.str > b.str
}

// sortRuns orders runs as MLflow's file store does: start_time DESC then
// run_id ASC, then by each order key (a stable sort, last key first). All
// order values must have been read.
func sortRuns(cands []*runCand, keys []orderKey) {
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i].info, cands[j].info
		if a.StartTime != b.StartTime {
			return a.StartTime > b.StartTime
		}
		return a.RunID < b.RunID
	})
	for k := len(keys) - 1; k >= 0; k-- {
		key := keys[k]
		sort.SliceStable(cands, func(i, j int) bool {
			return less(cands[i].vals[key.id], cands[j].vals[key.id], key.asc)
		})
	}
}

// sortExperiments orders experiments as MLflow does
// (SearchExperimentsUtils.sort): by the order keys, by default
// creation_time DESC then experiment_id ASC; when the keys do not name
// experiment_id, ties are broken by experiment_id DESC. A missing time
// goes last in both directions.
func sortExperiments(exps []*Experiment, keys []orderKey) {
	if len(keys) == 0 {
		keys = []orderKey{{id: identifier{entAttr, "creation_time"}}, {id: identifier{entAttr, "experiment_id"}, asc: true}}
	}
	named := false
	for _, k := range keys {
		named = named || (k.id.ent == entAttr && k.id.key == "experiment_id")
	}
	if !named {
		keys = append(keys, orderKey{id: identifier{entAttr, "experiment_id"}})
	}
	sort.SliceStable(exps, func(i, j int) bool {
		a, b := exps[i], exps[j]
		for _, k := range keys {
			if k.id.ent == entAttr && k.id.key == "experiment_id" {
				if a.ID == b.ID {
					continue
				}
				if k.asc {
					return expIDLess(a.ID, b.ID)
				}
				return expIDLess(b.ID, a.ID)
			}
			va, vb := expValue(a, k.id), expValue(b, k.id)
			if less(va, vb, k.asc) {
				return true
			}
			if less(vb, va, k.asc) {
				return false
			}
		}
		return false
	})
}

// expIDLess orders numeric experiment ids as numbers, others as strings.
func expIDLess(a, b string) bool {
	x, errA := strconv.ParseUint(a, 10, 64)
	y, errB := strconv.ParseUint(b, 10, 64)
	if errA == nil && errB == nil {
		return x < y
	}
	return a < b
}
