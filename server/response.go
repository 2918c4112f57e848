package server

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"

	"github.com/telltale-ml/telltale/tracking"
)

// The JSON shapes of MLflow's REST API (mlflow/protos/service.proto as
// MLflow's server writes them: snake_case names, int64 as numbers, unset
// fields omitted, NaN and infinities as the strings "NaN", "Infinity" and
// "-Infinity").

type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type experimentJSON struct {
	ExperimentID     string     `json:"experiment_id"`
	Name             string     `json:"name"`
	ArtifactLocation string     `json:"artifact_location"`
	LifecycleStage   string     `json:"lifecycle_stage"`
	LastUpdateTime   int64      `json:"last_update_time,omitempty"`
	CreationTime     int64      `json:"creation_time,omitempty"`
	Tags             []keyValue `json:"tags,omitempty"`
}

// runInfoJSON is RunInfo. deleted_time is telltale's addition, not in
// MLflow's RunInfo: it is sent only to clients that ask for it with the
// header X-Telltale-Fields: deleted_time (telltale's HTTP store does, so
// it reports when a run was deleted as the other stores do), so MLflow's
// clients get exactly MLflow's fields.
type runInfoJSON struct {
	RunUUID        string `json:"run_uuid"`
	ExperimentID   string `json:"experiment_id"`
	RunName        string `json:"run_name"`
	UserID         string `json:"user_id"`
	Status         string `json:"status"`
	StartTime      int64  `json:"start_time"`
	EndTime        int64  `json:"end_time,omitempty"`
	ArtifactURI    string `json:"artifact_uri"`
	LifecycleStage string `json:"lifecycle_stage"`
	RunID          string `json:"run_id"`
	DeletedTime    int64  `json:"deleted_time,omitempty"`
}

type runDataJSON struct {
	Metrics []tracking.Metric `json:"metrics,omitempty"`
	Params  []keyValue        `json:"params,omitempty"`
	Tags    []keyValue        `json:"tags,omitempty"`
}

type datasetInputJSON struct {
	Tags    []keyValue       `json:"tags,omitempty"`
	Dataset tracking.Dataset `json:"dataset"`
}

type runInputsJSON struct {
	DatasetInputs []datasetInputJSON `json:"dataset_inputs,omitempty"`
}

type runJSON struct {
	Info    runInfoJSON   `json:"info"`
	Data    runDataJSON   `json:"data"`
	Inputs  runInputsJSON `json:"inputs"`
	Outputs *struct{}     `json:"outputs,omitempty"`
}

type fileInfoJSON struct {
	Path     string `json:"path"`
	IsDir    bool   `json:"is_dir"`
	FileSize *int64 `json:"file_size,omitempty"` // files only, 0 included
}

// sortedKV returns a map as key-value pairs sorted by key, so responses
// are deterministic.
func sortedKV(m map[string]string) []keyValue {
	if len(m) == 0 {
		return nil
	}
	out := make([]keyValue, 0, len(m))
	for k, v := range m {
		out = append(out, keyValue{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func toExperimentJSON(e *tracking.Experiment) experimentJSON {
	return experimentJSON{
		ExperimentID: e.ID, Name: e.Name, ArtifactLocation: e.ArtifactLocation, LifecycleStage: e.LifecycleStage,
		LastUpdateTime: e.LastUpdateTime, CreationTime: e.CreationTime, Tags: sortedKV(e.Tags),
	}
}

func toRunInfoJSON(i *tracking.RunInfo, ext bool) runInfoJSON {
	out := runInfoJSON{
		RunUUID: i.RunID, ExperimentID: i.ExperimentID, RunName: i.RunName, UserID: i.UserID,
		Status: i.Status.String(), StartTime: i.StartTime, EndTime: i.EndTime, ArtifactURI: i.ArtifactURI,
		LifecycleStage: i.LifecycleStage, RunID: i.RunID,
	}
	if ext {
		out.DeletedTime = i.DeletedTime
	}
	return out
}

// toRunJSON is a run as runs/get and runs/search answer it, with
// "outputs": {} as MLflow writes it; runs/create answers without outputs
// (withOutputs false), as MLflow's does.
func toRunJSON(r *tracking.Run, withOutputs, ext bool) runJSON {
	out := runJSON{Info: toRunInfoJSON(&r.Info, ext)}
	if withOutputs {
		out.Outputs = &struct{}{}
	}
	if len(r.Metrics) > 0 {
		out.Data.Metrics = make([]tracking.Metric, 0, len(r.Metrics))
		for _, m := range r.Metrics {
			out.Data.Metrics = append(out.Data.Metrics, m)
		}
		sort.Slice(out.Data.Metrics, func(i, j int) bool { return out.Data.Metrics[i].Key < out.Data.Metrics[j].Key })
	}
	out.Data.Params = sortedKV(r.Params)
	out.Data.Tags = sortedKV(r.Tags)
	for _, in := range r.Inputs {
		out.Inputs.DatasetInputs = append(out.Inputs.DatasetInputs, datasetInputJSON{Tags: sortedKV(in.Tags), Dataset: in.Dataset})
	}
	return out
}

// writeJSON answers 200 with v as JSON. The empty answer of most writes
// ({}) is written as it is, without encoding/json.
func writeJSON(w http.ResponseWriter, v any) {
	if v == (struct{}{}) {
		jsonHeaders(w.Header())
		io.WriteString(w, "{}")
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, err)
		return
	}
	jsonHeaders(w.Header())
	w.Write(b)
}

// jsonHeaders sets the headers of a JSON answer.
func jsonHeaders(h http.Header) {
	// Set would allocate a slice per header; these are the values'
	// own, of capacity 1, so an Add elsewhere copies rather than writes
	// them.
	h["Content-Type"] = []string{"application/json"}
	h["X-Content-Type-Options"] = []string{"nosniff"}
}
