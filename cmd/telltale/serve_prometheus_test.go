package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// The monitoring example's files, which the tests below run for real.
const exampleDir = "../../examples/monitoring"

func examplePath(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(exampleDir, rel))
	require.NoError(t, err)
	return p
}

// TestShippedPrometheusFiles: promtool accepts the scrape config and the
// alert rules of examples/monitoring.
func TestShippedPrometheusFiles(t *testing.T) {
	promtool := needTool(t, "promtool", "prometheus")
	for _, args := range [][]string{
		{"check", "config", examplePath(t, "prometheus/prometheus.yml")},
		{"check", "rules", examplePath(t, "prometheus/alerts.yml")},
	} {
		out, err := exec.Command(promtool, args...).CombinedOutput()
		require.NoError(t, err, "promtool %s:\n%s", strings.Join(args, " "), out)
		assert.Contains(t, string(out), "SUCCESS")
	}
}

// promServer is a throw-away Prometheus server on loopback.
type promServer struct {
	url string
	cmd *exec.Cmd
}

// startPrometheus runs Prometheus in a temp dir, scraping target every
// second and evaluating rules every second.
func startPrometheus(t *testing.T, target string, ruleFiles ...string) *promServer {
	t.Helper()
	bin := needTool(t, "prometheus", "prometheus")
	dir := t.TempDir()
	port := freePort(t)
	quoted := make([]string, len(ruleFiles))
	for i, f := range ruleFiles {
		quoted[i] = strconv.Quote(f)
	}
	cfg := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%s]
scrape_configs:
  - job_name: telltale
    static_configs:
      - targets: [%q]
`, strings.Join(quoted, ", "), target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	require.NoError(t, os.WriteFile(cfgPath, []byte(cfg), 0o644))
	log, err := os.Create(filepath.Join(dir, "prometheus.log"))
	require.NoError(t, err)
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address=127.0.0.1:"+port, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = log, log
	require.NoError(t, cmd.Start())
	p := &promServer{url: "http://127.0.0.1:" + port, cmd: cmd}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		log.Close()
	})
	waitUntil(t, 60*time.Second, "Prometheus to be ready", func() bool {
		resp, err := http.Get(p.url + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return p
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sample is one series of an instant query.
type sample struct {
	labels map[string]string
	value  float64
}

// query runs an instant PromQL query through Prometheus's HTTP API.
func (p *promServer) query(t *testing.T, expr string) ([]sample, error) {
	t.Helper()
	resp, err := http.Get(p.url + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Metric map[string]string `json:"metric"`
				Value  [2]any            `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("query %q: %s", expr, body.Error)
	}
	var out []sample
	for _, r := range body.Data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("query %q: value %q: %v", expr, s, err)
		}
		out = append(out, sample{labels: r.Metric, value: v})
	}
	return out, nil
}

// one returns the value of the single series expr selects.
func (p *promServer) one(t *testing.T, expr string) float64 {
	t.Helper()
	got, err := p.query(t, expr)
	require.NoError(t, err)
	require.Len(t, got, 1, "%s: %v", expr, got)
	return got[0].value
}

// TestServePrometheusEndToEnd runs telltale serve on the monitoring
// example's config, posts its current rows, lets a real Prometheus scrape
// it, and checks through Prometheus's HTTP API that every value equals what
// the library computes over the same window; then runs every PromQL
// expression of the shipped dashboards and alert rules against it.
func TestServePrometheusEndToEnd(t *testing.T) {
	needTool(t, "prometheus", "prometheus")
	cfgPath := examplePath(t, "telltale.yaml")
	const window = 500
	s := startServe(t, "--config", cfgPath, "--window-rows", strconv.Itoa(window), "--every", "1h")

	current, err := os.ReadFile(examplePath(t, "data/weather-current.csv"))
	require.NoError(t, err)
	datasets := []string{"weather", "rain", "temp"}
	for _, ds := range datasets {
		for _, body := range csvBatches(current, 100) {
			status, res := s.post(t, "/v1/datasets/"+ds+"/rows", "text/csv", body)
			require.Equal(t, http.StatusOK, status, "%v", res)
		}
	}
	for _, ds := range datasets {
		status, res := s.post(t, "/v1/datasets/"+ds+"/recompute", "", nil)
		require.Equal(t, http.StatusOK, status, "%v", res)
		require.Equal(t, float64(window), res["rows"])
	}

	prom := startPrometheus(t, strings.TrimPrefix(s.url, "http://"), examplePath(t, "prometheus/alerts.yml"))
	waitUntil(t, 60*time.Second, "the scrapes to carry every dataset's report", func() bool {
		got, err := prom.query(t, fmt.Sprintf(`telltale_snapshot_rows == %d`, window))
		return err == nil && len(got) == len(datasets)
	})
	// Rates need a few samples.
	waitUntil(t, 60*time.Second, "five scrapes", func() bool {
		got, err := prom.query(t, `count_over_time(telltale_window_rows{dataset="weather"}[1m])`)
		return err == nil && len(got) == 1 && got[0].value >= 5
	})
	// A bad batch, for the rejected-rows alert, once Prometheus has seen
	// the counter at 0: its second row has a temperature that is not a
	// number.
	status, res := s.post(t, "/v1/datasets/weather/rows", "text/csv",
		[]byte("date,temp_max\n2016-01-01,7.5\n2016-01-02,warm\n"))
	require.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_value", res["kind"])
	assert.Equal(t, 2.0, res["row"])
	assert.Equal(t, 3.0, res["line"])
	assert.Equal(t, "temp_max", res["column"])
	waitUntil(t, 60*time.Second, "the rejection to be scraped", func() bool {
		got, err := prom.query(t, `rate(telltale_rows_rejected_total{dataset="weather"}[1m]) > 0`)
		return err == nil && len(got) == 1
	})

	expected := libraryReports(t, cfgPath, current, window)
	checkWeather(t, prom, expected["weather"])
	checkClassification(t, prom, expected["rain"])
	checkRegression(t, prom, expected["temp"])
	for _, ds := range datasets {
		sel := fmt.Sprintf(`{dataset=%q}`, ds)
		assert.Equal(t, float64(window), prom.one(t, "telltale_window_rows"+sel), ds)
		assert.Equal(t, 730.0, prom.one(t, "telltale_rows_accepted_total"+sel), ds)
		assert.Equal(t, 230.0, prom.one(t, "telltale_rows_evicted_total"+sel), ds)
		snap := expected[ds].snap
		for status, n := range map[string]int{"SUCCESS": snap.Summary.Success, "FAIL": snap.Summary.Fail,
			"WARNING": snap.Summary.Warning, "ERROR": snap.Summary.Error, "SKIPPED": snap.Summary.Skipped} {
			assert.Equal(t, float64(n), prom.one(t, fmt.Sprintf(`telltale_tests{dataset=%q,status=%q}`, ds, status)), "%s %s", ds, status)
		}
		for _, o := range snap.Tests {
			assert.Equal(t, 1.0, prom.one(t, fmt.Sprintf(`telltale_test_status{dataset=%q,test=%q,status=%q}`, ds, o.ID, o.Status)), "%s %s", ds, o.ID)
		}
	}
	assert.Equal(t, 2.0, prom.one(t, `telltale_rows_rejected_total{dataset="weather"}`))
	assert.Equal(t, 1.0, prom.one(t, `telltale_batches_rejected_total{dataset="weather",reason="invalid_value"}`))
	assert.Equal(t, 1.0, prom.one(t, `telltale_build_info`))
	assert.Greater(t, prom.one(t, `process_resident_memory_bytes{job="telltale"}`), 0.0)

	checkDashboards(t, prom)
	checkAlerts(t, prom)
}

// expectation is what the library computes for a dataset's window: its
// report, and its columns' missing shares.
type expectation struct {
	snap    *report.Snapshot
	missing map[string]float64
}

// libraryReports computes, with the library alone, each dataset's report
// over the window the server should hold: the last rows of the current
// data, read by the file readers with the reference's types.
func libraryReports(t *testing.T, cfgPath string, current []byte, window int) map[string]expectation {
	t.Helper()
	cfg, err := report.ReadConfig(cfgPath, presets.MetricPreset)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(current), "\n"), "\n")
	last := append([]string{lines[0]}, lines[len(lines)-window:]...)
	curPath := filepath.Join(t.TempDir(), "window.csv")
	require.NoError(t, os.WriteFile(curPath, []byte(strings.Join(last, "\n")+"\n"), 0o644))
	out := map[string]expectation{}
	for _, ds := range cfg.Monitor.Datasets {
		ref, cur, err := dataset.ReadPair(context.Background(), ds.Reference, curPath, nil, dataset.PairOptions{})
		require.NoError(t, err)
		def := ds.Mapping
		ref, err = def.Apply(ref)
		require.NoError(t, err)
		cur, err = def.Apply(cur)
		require.NoError(t, err)
		require.Equal(t, window, cur.Len())
		snap, err := ds.Report().Run(context.Background(), report.Data{Reference: ref, Current: cur, Definition: def}, nil)
		require.NoError(t, err)
		for _, e := range snap.Metrics {
			require.Empty(t, e.Error, "%s: %s", ds.Name, e.ID)
		}
		e := expectation{snap: snap, missing: map[string]float64{}}
		for _, c := range cur.Columns() {
			e.missing[c.Name()] = float64(c.NullN()) / float64(cur.Len())
		}
		out[ds.Name] = e
	}
	return out
}

func checkWeather(t *testing.T, prom *promServer, want expectation) {
	t.Helper()
	snap := want.snap
	var drift *metrics.DataDriftResult
	for _, e := range snap.Metrics {
		if r, ok := e.Result.(*metrics.DataDriftResult); ok && drift == nil {
			drift = r
		}
	}
	require.NotNil(t, drift)
	assert.True(t, drift.DatasetDrift, "the Seattle weather of 2014-2015 drifts from 2012-2013")
	assert.Equal(t, b2f(drift.DatasetDrift), prom.one(t, `telltale_dataset_drift{dataset="weather"}`))
	assert.Equal(t, float64(drift.NumberOfDriftedColumns), prom.one(t, `telltale_drifted_columns{dataset="weather"}`))
	assert.Equal(t, float64(drift.NumberOfColumns), prom.one(t, `telltale_drift_tested_columns{dataset="weather"}`))
	assert.Equal(t, float64(drift.ShareOfDriftedColumns), prom.one(t, `telltale_drifted_columns_ratio{dataset="weather"}`))
	got, err := prom.query(t, `telltale_column_drift_score{dataset="weather"}`)
	require.NoError(t, err)
	require.Len(t, got, len(drift.Columns))
	for _, c := range drift.Columns {
		sel := fmt.Sprintf(`{dataset="weather",column=%q,stattest=%q}`, c.Column, c.StatTest)
		assert.Equal(t, float64(c.Score), prom.one(t, "telltale_column_drift_score"+sel), c.Column)
		assert.Equal(t, float64(c.Threshold), prom.one(t, "telltale_column_drift_threshold"+sel), c.Column)
		assert.Equal(t, b2f(c.Drifted == metrics.Drift), prom.one(t, "telltale_column_drifted"+sel), c.Column)
	}
	require.NotEmpty(t, want.missing)
	for col, share := range want.missing {
		assert.Equal(t, share, prom.one(t, fmt.Sprintf(`telltale_column_missing_ratio{dataset="weather",column=%q}`, col)), col)
	}
}

func checkClassification(t *testing.T, prom *promServer, want expectation) {
	t.Helper()
	snap := want.snap
	var q *metrics.ClassificationQualityResult
	for _, e := range snap.Metrics {
		if r, ok := e.Result.(*metrics.ClassificationQualityResult); ok && q == nil {
			q = r
		}
	}
	require.NotNil(t, q)
	c := q.Current
	for name, v := range map[string]metrics.Float{"accuracy": c.Accuracy, "precision": c.Precision, "recall": c.Recall, "f1": c.F1, "roc_auc": c.RocAuc} {
		require.False(t, math.IsNaN(float64(v)), name)
		assert.Equal(t, float64(v), prom.one(t, `telltale_classification_`+name+`{dataset="rain"}`), name)
	}
}

func checkRegression(t *testing.T, prom *promServer, want expectation) {
	t.Helper()
	snap := want.snap
	var q *metrics.RegressionQualityResult
	for _, e := range snap.Metrics {
		if r, ok := e.Result.(*metrics.RegressionQualityResult); ok && q == nil {
			q = r
		}
	}
	require.NotNil(t, q)
	c := q.Current
	for name, v := range map[string]metrics.Float{"mean_error": c.MeanError, "mean_absolute_error": c.MAE,
		"root_mean_squared_error": c.RMSE, "mean_absolute_percentage_error_ratio": c.MAPE / 100, "r2": c.R2} {
		require.False(t, math.IsNaN(float64(v)), name)
		assert.Equal(t, float64(v), prom.one(t, `telltale_regression_`+name+`{dataset="temp"}`), name)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// grafanaVars replaces the Grafana variables of the shipped dashboards:
// every dataset, and a rate interval covering a few scrapes.
func grafanaVars() *strings.Replacer {
	return strings.NewReplacer("$dataset", ".*", "$__rate_interval", "15s")
}

// checkDashboards runs every PromQL expression of every panel (and the
// dataset variable's query) of the shipped dashboards; each must return
// data.
func checkDashboards(t *testing.T, prom *promServer) {
	t.Helper()
	files, err := filepath.Glob(examplePath(t, "grafana/dashboards/*.json"))
	require.NoError(t, err)
	require.Len(t, files, 4)
	vars := grafanaVars()
	total := 0
	for _, f := range files {
		var d dashboard
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &d), f)
		require.NotEmpty(t, d.UID, f)
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			m := regexp.MustCompile(`^label_values\((\w+), (\w+)\)$`).FindStringSubmatch(v.Definition)
			require.NotNil(t, m, "%s: variable %s: %q", f, v.Name, v.Definition)
			got, err := prom.query(t, m[1])
			require.NoError(t, err)
			require.NotEmpty(t, got, "%s: variable %s", f, v.Name)
			for _, s := range got {
				require.NotEmpty(t, s.labels[m[2]], "%s: variable %s", f, v.Name)
			}
		}
		for _, p := range d.allPanels() {
			if p.Type == "row" {
				continue
			}
			require.NotEmpty(t, p.Targets, "%s: panel %q has no query", f, p.Title)
			require.Equal(t, "${datasource}", p.Datasource.UID, "%s: panel %q", f, p.Title)
			for _, tg := range p.Targets {
				expr := vars.Replace(tg.Expr)
				got, err := prom.query(t, expr)
				require.NoError(t, err, "%s: panel %q", f, p.Title)
				assert.NotEmpty(t, got, "%s: panel %q: %s returns no data", filepath.Base(f), p.Title, expr)
				total++
			}
		}
	}
	t.Logf("ran %d dashboard queries", total)
}

type panel struct {
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"`
}

type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name, Type, Definition string
		} `json:"list"`
	} `json:"templating"`
}

func (d *dashboard) allPanels() []panel {
	var out []panel
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			out = append(out, p)
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out
}

// checkAlerts runs every alert expression: the ones this scenario makes
// fire (drift, a failed test, a rejected batch) must return data whole;
// the others' measured side (the expression without its threshold) must.
// Prometheus evaluates every rule without error.
func checkAlerts(t *testing.T, prom *promServer) {
	t.Helper()
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	b, err := os.ReadFile(examplePath(t, "prometheus/alerts.yml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, &rules))
	// comparison matches an expression's final comparison with a number.
	comparison := regexp.MustCompile(`\s*(==|!=|>=|<=|>|<)\s*[0-9.eE+-]+\s*$`)
	firing := map[string]bool{"TelltaleDatasetDrift": true, "TelltaleTestFailed": true, "TelltaleRowsRejected": true}
	var names []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			names = append(names, r.Alert)
			got, err := prom.query(t, r.Expr)
			require.NoError(t, err, r.Alert)
			if firing[r.Alert] {
				assert.NotEmpty(t, got, "%s: %s returns no data", r.Alert, r.Expr)
				continue
			}
			lhs := comparison.ReplaceAllString(r.Expr, "")
			require.NotEqual(t, r.Expr, lhs, "%s: want an expression ending in a comparison with a number", r.Alert)
			got, err = prom.query(t, lhs)
			require.NoError(t, err, r.Alert)
			assert.NotEmpty(t, got, "%s: %s returns no data", r.Alert, lhs)
		}
	}
	sort.Strings(names)
	assert.Equal(t, []string{"TelltaleDatasetDrift", "TelltaleMonitorStale", "TelltaleRecomputeFailing", "TelltaleRowsRejected", "TelltaleTestFailed"}, names)

	// Prometheus loaded and evaluated each rule without error, and the
	// drift alert is pending (its "for" is 15 minutes).
	waitUntil(t, 30*time.Second, "the rules to be evaluated", func() bool {
		resp, err := http.Get(prom.url + "/api/v1/rules")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var body struct {
			Data struct {
				Groups []struct {
					Rules []struct {
						Name, Health, State, LastError string
					} `json:"rules"`
				} `json:"groups"`
			} `json:"data"`
		}
		if json.NewDecoder(resp.Body).Decode(&body) != nil || len(body.Data.Groups) != 1 {
			return false
		}
		ok := true
		for _, r := range body.Data.Groups[0].Rules {
			require.NotEqual(t, "err", r.Health, "%s: %s", r.Name, r.LastError)
			ok = ok && r.Health == "ok"
			if r.Name == "TelltaleDatasetDrift" {
				ok = ok && r.State == "pending"
			}
		}
		return ok
	})
}
