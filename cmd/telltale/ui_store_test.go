package main

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/demodata"
)

// uiStore is what fillUIStore logged through a running "telltale server":
// experiment ids and run ids by name.
type uiStore struct {
	weather, churn, hostile string
	runs                    map[string]string
}

// The hostile strings of the store: a run name, a param, a tag and an
// experiment name that would run script if they reached the page as HTML.
const (
	evilRunName = `<img src=x onerror=alert(1)>`
	evilParam   = `</script><script>alert("param")</script>`
	evilTag     = `'"><svg onload=alert(2)>`
	evilExpName = `churn "shadow" <marquee>test</marquee>`
)

// fillUIStore logs, through the server at base, what a team's store
// holds: monthly drift checks of the 2014 Seattle weather against
// 2012-2013, each logged by the binary's "telltale test --track" with its
// HTML report and JSON profile (proxied into the server's artifact
// folder); twelve training runs of three models logged with MLflow's REST
// API as MLflow's clients log them (params, per-epoch histories, one
// still running, one failed); and an experiment of hostile strings.
func fillUIStore(t *testing.T, bin, base, dir string) *uiStore {
	t.Helper()
	st := &uiStore{runs: map[string]string{}}
	ref := filepath.Join(dir, "reference.csv")
	require.NoError(t, os.WriteFile(ref, demodata.Reference(), 0o644))
	cfg := filepath.Join(dir, "weather.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`mapping:
  datetime: date
presets:
  - metrics:data-drift
tests:
  - test: ShareOfDriftedColumns
    lt: 0.7
  - test: NumberOfDriftedColumns
    lt: 3
    critical: false
`), 0o644))
	lines := strings.Split(strings.TrimSpace(string(demodata.Current())), "\n")
	for m := 1; m <= 12; m++ {
		month := fmt.Sprintf("2014-%02d", m)
		var b strings.Builder
		b.WriteString(lines[0] + "\n")
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, month+"-") {
				b.WriteString(l + "\n")
			}
		}
		cur := filepath.Join(dir, "current-"+month+".csv")
		require.NoError(t, os.WriteFile(cur, []byte(b.String()), 0o644))
		// In the data's folder, with the paths a user types: the run's
		// tags and its report show them.
		cmd := exec.Command(bin, "test", "--config", "weather.yaml", "--reference", "reference.csv", "--current", filepath.Base(cur),
			"--track", base, "--experiment", "weather-drift", "--run-name", "weather "+month, "--param", "window="+month,
			"--title", "Weather drift "+month)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			require.NoError(t, err, "%s", out) // exit 1: a test failed, as in the months of most drift
		}
	}

	var exp struct {
		ID string `json:"experiment_id"`
	}
	mlflowAPI(t, base, http.MethodPost, "experiments/create", map[string]any{"name": "churn-model",
		"tags": []map[string]string{{"key": "team", "value": "growth"}, {"key": "mlflow.note.content", "value": "Weekly retraining of the churn classifier."}}}, &exp)
	st.churn = exp.ID
	start := time.Date(2015, 3, 2, 9, 0, 0, 0, time.UTC)
	models := []string{"rf", "gbm", "lr"}
	for i := range 12 {
		model, depth, lr := models[i%3], 4+4*(i/3%2), []string{"0.05", "0.2"}[i/6]
		name := fmt.Sprintf("%s-d%d-lr%s", model, depth, lr)
		t0 := start.Add(time.Duration(i) * 3 * time.Hour)
		id := createRun(t, base, map[string]any{"experiment_id": st.churn, "run_name": name,
			"start_time": t0.UnixMilli(), "tags": []map[string]string{{"key": "stage", "value": "weekly"}}})
		st.runs[name] = id
		quality := 0.78 + 0.015*float64(i%3) + 0.01*float64(depth)/4
		var metrics []map[string]any
		for e := range 10 {
			ts := t0.Add(time.Duration(e+1) * time.Minute).UnixMilli()
			metrics = append(metrics,
				map[string]any{"key": "loss", "value": 0.7*math.Exp(-0.25*float64(e)) + 0.05*float64(i%3), "timestamp": ts, "step": e},
				map[string]any{"key": "val_accuracy", "value": quality - 0.2*math.Exp(-0.4*float64(e)), "timestamp": ts, "step": e})
		}
		end := t0.Add(11 * time.Minute).UnixMilli()
		metrics = append(metrics, map[string]any{"key": "accuracy", "value": quality, "timestamp": end, "step": 0},
			map[string]any{"key": "f1", "value": quality - 0.07, "timestamp": end, "step": 0})
		mlflowAPI(t, base, http.MethodPost, "runs/log-batch", map[string]any{"run_id": id, "metrics": metrics,
			"params": []map[string]string{{"key": "model", "value": model}, {"key": "max_depth", "value": fmt.Sprint(depth)},
				{"key": "learning_rate", "value": lr}}}, nil)
		status := "FINISHED"
		switch i {
		case 10:
			status = "FAILED"
		case 11:
			continue // still running
		}
		mlflowAPI(t, base, http.MethodPost, "runs/update", map[string]any{"run_id": id, "status": status, "end_time": end}, nil)
	}

	mlflowAPI(t, base, http.MethodPost, "experiments/create", map[string]any{"name": evilExpName,
		"tags": []map[string]string{{"key": "note", "value": evilTag}}}, &exp)
	st.hostile = exp.ID
	for _, name := range []string{evilRunName, "plain"} {
		id := createRun(t, base, map[string]any{"experiment_id": st.hostile, "run_name": name,
			"start_time": start.UnixMilli()})
		st.runs[name] = id
		mlflowAPI(t, base, http.MethodPost, "runs/log-batch", map[string]any{"run_id": id,
			"params":  []map[string]string{{"key": "query", "value": evilParam}, {"key": "quote", "value": `it's "quoted"`}},
			"tags":    []map[string]string{{"key": "note", "value": evilTag}},
			"metrics": []map[string]any{{"key": "accuracy", "value": 0.5, "timestamp": start.UnixMilli(), "step": 0}}}, nil)
	}

	var search struct {
		Runs []struct {
			Info struct {
				RunID   string `json:"run_id"`
				RunName string `json:"run_name"`
			} `json:"info"`
		} `json:"runs"`
	}
	var got struct {
		Experiment struct {
			ID string `json:"experiment_id"`
		} `json:"experiment"`
	}
	mlflowAPI(t, base, http.MethodGet, "experiments/get-by-name?experiment_name=weather-drift", nil, &got)
	st.weather = got.Experiment.ID
	mlflowAPI(t, base, http.MethodPost, "runs/search", map[string]any{"experiment_ids": []string{st.weather}, "max_results": 100}, &search)
	require.Len(t, search.Runs, 12)
	for _, r := range search.Runs {
		st.runs[r.Info.RunName] = r.Info.RunID
	}
	return st
}

// createRun creates a run through the REST API of the server at base
// (runs/create with body) and returns its id.
func createRun(t *testing.T, base string, body map[string]any) string {
	t.Helper()
	var run struct {
		Run struct {
			Info struct {
				RunID string `json:"run_id"`
			} `json:"info"`
		} `json:"run"`
	}
	mlflowAPI(t, base, http.MethodPost, "runs/create", body, &run)
	return run.Run.Info.RunID
}
