package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// injections are values a store must keep as data: in SQL, bound
// parameters; in files, contents and never paths.
var injections = []string{
	`'; DROP TABLE runs; --`,
	`' OR '1'='1`,
	`" OR ""="`,
	`\'; DELETE FROM experiments; --`,
	`%' UNION SELECT * FROM runs --`,
	`1); DROP TABLE metrics; --`,
	"\x00nul",
	`$(rm -rf /)`,
	`<script>alert(1)</script>`,
	`..\..\..\windows`,
}

func testSearchHostile(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	exp, _ := searchRuns(t, s)
	r := mustRun(t, s, exp, "hostile", t0+99000, map[string]string{"payload": injections[0]})
	var ps []tracking.Param
	for i, v := range injections {
		if v == "\x00nul" {
			continue // not valid in every database's text; kept out of params
		}
		ps = append(ps, tracking.Param{Key: "p" + itoa(i), Value: v})
	}
	mustBatch(t, s, r.Info.RunID, tracking.Batch{Params: ps})

	quote := func(v string) string {
		// MLflow's grammar has no escapes: a value holds no quote of its
		// own kind. Pick the quote it does not contain.
		for _, q := range []string{"'", `"`} {
			if !contains(v, q[0]) {
				return q + v + q
			}
		}
		return ""
	}
	for i, v := range injections {
		q := quote(v)
		if q == "" || v == "\x00nul" {
			continue
		}
		for _, f := range []string{
			"params.p" + itoa(i) + " = " + q,
			"params.model = " + q,
			"tags.payload LIKE " + q,
			"attributes.run_name = " + q,
			"attributes.run_id IN (" + q + ")",
		} {
			runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: f})
			if err != nil {
				isErr(t, err, tracking.ErrInvalid)
				continue
			}
			for _, got := range runs {
				assert.Equal(t, "hostile", got.Info.RunName, "%s matched another run", f)
			}
		}
		runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: "params.p" + itoa(i) + " = " + q})
		require.NoError(t, err, v)
		assert.Equal(t, []string{"hostile"}, runNames(runs), "a value is just a value: %s", v)
	}
	// Identifiers that try to break out are refused or match nothing.
	for _, f := range []string{
		"params.`x'; DROP TABLE runs; --` = 'a'",
		"metrics.`1=1 OR 1` > 0",
		"tags.\"a\"\"b\" = 'x'",
		"params.model = 'rf'; DROP TABLE runs",
		"params.model = 'rf' -- comment",
		"attributes.`status; --` = 'x'",
		"metrics.acc > 0 UNION SELECT 1",
	} {
		runs, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, Filter: f})
		if err == nil {
			assert.Empty(t, runs, f)
		} else {
			isErr(t, err, tracking.ErrInvalid)
		}
	}
	for _, o := range []string{"metrics.`acc; DROP TABLE runs` DESC", "params.model; DROP TABLE runs", "start_time DESC, (SELECT 1)"} {
		_, _, err := s.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp}, OrderBy: []string{o}})
		if err != nil {
			isErr(t, err, tracking.ErrInvalid)
		}
	}
	for _, name := range injections[:6] {
		_, err := s.CreateExperiment(ctx, name, "", map[string]string{"k": name})
		require.NoError(t, err, name)
		e, err := s.GetExperimentByName(ctx, name)
		require.NoError(t, err, name)
		assert.Equal(t, name, e.Tags["k"])
		exps, _, err := s.SearchExperiments(ctx, tracking.ExperimentQuery{Filter: "tags.k = " + quote(name)})
		if q := quote(name); q != "" {
			require.NoError(t, err)
			assert.Equal(t, []string{name}, expNames(exps))
		}
	}
	// The store still holds everything.
	got := allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{exp}, View: tracking.All})
	assert.Len(t, got, 7)
	full, err := s.GetRun(ctx, r.Info.RunID)
	require.NoError(t, err)
	assert.Equal(t, injections[0], full.Tags["payload"])
	assert.Equal(t, injections[1], full.Params["p1"])
}

func contains(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
