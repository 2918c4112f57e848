package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/demodata"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/reportlog"
	"github.com/telltale-ml/telltale/tests"
	"github.com/telltale-ml/telltale/tracking"
)

// fixture is a file store with two experiments as people fill them:
//
//   - "weather-drift": 24 monthly runs of telltale's data-drift report
//     with two tests (the 2014-2015 Seattle weather month by month
//     against 2012-2013), logged by reportlog as "telltale report
//     --track" logs them, the HTML report and JSON profile as artifacts;
//   - "churn-model": 12 training runs of three models with params,
//     per-epoch loss and accuracy histories and final quality metrics,
//     one still running and one failed.
type fixture struct {
	store   *tracking.FileStore
	dir     string
	clock   *clock
	weather string // experiment ids
	churn   string
	runs    map[string]string // run name → id
}

// clock is the store's time, set by the fixture as it logs.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{dir: filepath.Join(t.TempDir(), "mlruns"), clock: &clock{t: time.Date(2014, 12, 1, 9, 0, 0, 0, time.UTC)},
		runs: map[string]string{}}
	s, err := tracking.OpenWith(f.dir, tracking.Options{Now: f.clock.now, User: "ana"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	f.store = s
	f.weather = f.logWeather(t, ctx)
	f.churn = f.logChurn(t, ctx)
	return f
}

// logWeather logs the monthly drift reports.
func (f *fixture) logWeather(t testing.TB, ctx context.Context) string {
	t.Helper()
	f.clock.set(time.Date(2015, 1, 15, 9, 0, 0, 0, time.UTC))
	id, err := f.store.CreateExperiment(ctx, "weather-drift", "", map[string]string{
		"team": "forecasting", tracking.TagNote: "Monthly drift of the Seattle weather feed against 2012-2013."})
	require.NoError(t, err)
	dir := t.TempDir()
	ref := filepath.Join(dir, "reference.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	lines := strings.Split(strings.TrimSpace(string(demodata.Current())), "\n")
	header := lines[0]
	for m := range 24 {
		month := time.Date(2014+m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
		prefix := month.Format("2006-01-")
		var b strings.Builder
		b.WriteString(header + "\n")
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, prefix) {
				b.WriteString(l + "\n")
			}
		}
		cur := filepath.Join(dir, "current-"+month.Format("2006-01")+".csv")
		require.NoError(t, os.WriteFile(cur, []byte(b.String()), 0o644))
		refFrame, curFrame, err := dataset.ReadPair(ctx, ref, cur, nil, dataset.PairOptions{})
		require.NoError(t, err)
		r := &report.Report{
			Presets: []presets.Preset{&presets.DataDrift{}},
			Tests: []tests.Test{
				&tests.ShareOfDriftedColumns{Base: tests.Lt(0.9)},
				&tests.NumberOfDriftedColumns{Base: tests.Lt(4).NotCritical()},
			},
		}
		snap, err := r.Run(ctx, report.Data{Reference: refFrame, Current: curFrame}, nil)
		require.NoError(t, err)
		var page, profile bytes.Buffer
		require.NoError(t, html.Write(&page, snap, &html.Options{Title: "Weather drift " + month.Format("January 2006")}))
		require.NoError(t, jsonprofile.Write(&profile, snap))
		// The run starts on the 2nd of the next month, at 06:00, and takes
		// a few seconds.
		f.clock.set(month.AddDate(0, 1, 1).Add(6 * time.Hour))
		name := "weather " + month.Format("2006-01")
		runID, err := reportlog.Log(ctx, f.store, snap, reportlog.Run{Experiment: "weather-drift", Name: name,
			Params:    map[string]string{"preset": "data-drift", "window": month.Format("2006-01")},
			Tags:      map[string]string{"dataset": "seattle-weather"},
			Artifacts: map[string][]byte{"telltale.html": page.Bytes(), "telltale.json": profile.Bytes()}})
		require.NoError(t, err)
		f.runs[name] = runID
	}
	return id
}

// logChurn logs the training runs.
func (f *fixture) logChurn(t testing.TB, ctx context.Context) string {
	t.Helper()
	f.clock.set(time.Date(2015, 3, 1, 17, 0, 0, 0, time.UTC))
	id, err := f.store.CreateExperiment(ctx, "churn-model", "", map[string]string{"team": "growth", "stage": "dev"})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(7, 14))
	start := time.Date(2015, 3, 2, 9, 0, 0, 0, time.UTC)
	i := 0
	for _, model := range []string{"rf", "gbm", "lr"} {
		for _, depth := range []int{4, 8} {
			for _, lr := range []float64{0.05, 0.2} {
				at := start.Add(time.Duration(i) * 47 * time.Minute)
				name := fmt.Sprintf("%s-d%d-lr%g", model, depth, lr)
				run, err := f.store.CreateRun(ctx, tracking.RunSpec{ExperimentID: id, Name: name, UserID: "ana", StartTime: at.UnixMilli()})
				require.NoError(t, err)
				quality := map[string]float64{"rf": 0.86, "gbm": 0.89, "lr": 0.81}[model] + 0.01*float64(depth)/8 - 0.04*math.Abs(lr-0.1)
				var ms []tracking.Metric
				for epoch := range 25 {
					ts := at.Add(time.Duration(epoch+1) * 20 * time.Second).UnixMilli()
					decay := math.Exp(-float64(epoch) * (0.08 + lr))
					loss := 0.25 + 0.6*decay + 0.01*rng.Float64()
					acc := quality - 0.3*decay + 0.005*rng.Float64()
					ms = append(ms, tracking.Metric{Key: "loss", Value: loss, Timestamp: ts, Step: int64(epoch)},
						tracking.Metric{Key: "val_accuracy", Value: acc, Timestamp: ts, Step: int64(epoch)})
				}
				end := at.Add(9 * time.Minute)
				acc := quality + 0.01*rng.Float64()
				ms = append(ms, tracking.Metric{Key: "accuracy", Value: acc, Timestamp: end.UnixMilli()},
					tracking.Metric{Key: "f1", Value: acc - 0.05 - 0.02*rng.Float64(), Timestamp: end.UnixMilli()},
					tracking.Metric{Key: "roc_auc", Value: math.Min(0.99, acc+0.06), Timestamp: end.UnixMilli()})
				require.NoError(t, f.store.LogBatch(ctx, run.Info.RunID, tracking.Batch{Metrics: ms,
					Params: []tracking.Param{{Key: "model", Value: model}, {Key: "max_depth", Value: fmt.Sprint(depth)},
						{Key: "learning_rate", Value: fmt.Sprint(lr)}, {Key: "n_estimators", Value: fmt.Sprint(100 * depth)}},
					Tags: []tracking.Tag{{Key: "stage", Value: "dev"}}}))
				status := tracking.Finished
				switch i {
				case 10:
					status = tracking.Failed
				case 11:
					status = tracking.Running
				}
				if status != tracking.Running {
					_, err = f.store.UpdateRun(ctx, run.Info.RunID, tracking.RunUpdate{Status: status, EndTime: end.UnixMilli()})
					require.NoError(t, err)
				}
				f.runs[name] = run.Info.RunID
				i++
			}
		}
	}
	return id
}

// Hostile strings: each must show as text wherever it appears.
const (
	evilName  = `<img src=x onerror=alert(1)>`
	evilParam = `"><script>alert(2)</script>`
	evilURL   = `javascript:alert(3)`
	evilTag   = `</script><svg onload=alert(4)>`
	evilExp   = `<b>bold</b> & 'quotes'`
)

// evilArtifact is an HTML artifact that tries everything a page can do
// to reach the UI that shows it, and writes what happened into its own
// body's data-results.
const evilArtifact = `<!DOCTYPE html><html><head><title>evil</title></head><body><p>evil report</p><script>
var r = {};
try { r.parentDOM = String(window.parent.document.body.innerHTML.length); } catch (e) { r.parentDOM = "blocked"; }
try { window.parent.__pwned = 1; r.parentWrite = "done"; } catch (e) { r.parentWrite = "blocked"; }
try { r.cookie = document.cookie; } catch (e) { r.cookie = "blocked"; }
try { localStorage.setItem("x", "1"); r.storage = "allowed"; } catch (e) { r.storage = "blocked"; }
try { r.origin = String(window.origin); } catch (e) { r.origin = "?"; }
if (window.top !== window) { try { top.location.href = "/pwned"; r.nav = "tried"; } catch (e) { r.nav = "blocked"; } }
r.ran = true;
document.body.setAttribute("data-results", JSON.stringify(r));
fetch("/experiments/0/dashboard.json").then(function () { r.fetch = "allowed"; }, function () { r.fetch = "blocked"; })
  .then(function () { document.body.setAttribute("data-results", JSON.stringify(r)); });
</script></body></html>`

// addHostile adds an experiment with a hostile name and a run with a
// hostile name, params and tag, a clean run beside it, and artifacts of
// every kind the run page shows: the evil HTML page, JSON, a PNG, text
// and a binary file.
func (f *fixture) addHostile(t testing.TB) (expID, evilRun, plainRun string) {
	t.Helper()
	ctx := context.Background()
	expID, err := f.store.CreateExperiment(ctx, evilExp, "", map[string]string{"owner": evilTag})
	require.NoError(t, err)
	f.clock.set(time.Date(2016, 1, 5, 10, 0, 0, 0, time.UTC))
	mk := func(name string, params map[string]string, value float64) string {
		run, err := f.store.CreateRun(ctx, tracking.RunSpec{ExperimentID: expID, Name: name, UserID: evilName})
		require.NoError(t, err)
		b := tracking.Batch{Tags: []tracking.Tag{{Key: "note", Value: evilTag}}}
		for k, v := range params {
			b.Params = append(b.Params, tracking.Param{Key: k, Value: v})
		}
		for step := range 3 {
			b.Metrics = append(b.Metrics, tracking.Metric{Key: "score", Value: value + float64(step), Timestamp: int64(1452000000000 + step*1000), Step: int64(step)})
		}
		require.NoError(t, f.store.LogBatch(ctx, run.Info.RunID, b))
		return run.Info.RunID
	}
	evilRun = mk(evilName, map[string]string{"query": evilParam, "link": evilURL, "model": evilTag}, 1)
	plainRun = mk("plain", map[string]string{"query": "select 1", "link": "https://example.com", "model": "rf"}, 2)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
	for p, body := range map[string][]byte{
		"evil.html":           []byte(evilArtifact),
		"profile/" + "a.json": []byte(`{"name":"` + strings.ReplaceAll(evilParam, `"`, `\"`) + `","values":[1,2,3]}`),
		"plots/dot.png":       png,
		"notes.txt":           []byte(evilTag + "\nsecond line\n"),
		"model.bin":           {0, 1, 2, 3, 0xff},
	} {
		require.NoError(t, f.store.LogArtifact(ctx, evilRun, p, bytes.NewReader(body)))
	}
	return expID, evilRun, plainRun
}
