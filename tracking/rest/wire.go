package rest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// The JSON of MLflow's REST API as the client reads it: leniently, as
// protobuf's JSON mapping allows (int64 as numbers or strings, ids as
// strings or numbers); unknown fields are ignored.

// num is an int64 written as a JSON number or a numeric string.
type num int64

func (n *num) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("not an integer: %s", b)
		}
		v = int64(f)
	}
	*n = num(v)
	return nil
}

// str is a string that may be sent as a JSON number (experiment ids).
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		if string(b) == "null" {
			*s = ""
			return nil
		}
		*s = str(b)
		return nil
	}
	var v string
	err := json.Unmarshal(b, &v)
	*s = str(v)
	return err
}

type kv struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func toMap(kvs []kv) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, t := range kvs {
		m[t.Key] = t.Value
	}
	return m
}

func toKVs(m map[string]string) []kv {
	if len(m) == 0 {
		return nil
	}
	out := make([]kv, 0, len(m))
	for k, v := range m {
		out = append(out, kv{k, v})
	}
	return out
}

type experimentWire struct {
	ExperimentID     str    `json:"experiment_id"`
	Name             string `json:"name"`
	ArtifactLocation string `json:"artifact_location"`
	LifecycleStage   string `json:"lifecycle_stage"`
	LastUpdateTime   num    `json:"last_update_time"`
	CreationTime     num    `json:"creation_time"`
	Tags             []kv   `json:"tags"`
}

func (e *experimentWire) experiment() *tracking.Experiment {
	return &tracking.Experiment{
		ID: string(e.ExperimentID), Name: e.Name, ArtifactLocation: e.ArtifactLocation, LifecycleStage: e.LifecycleStage,
		CreationTime: int64(e.CreationTime), LastUpdateTime: int64(e.LastUpdateTime), Tags: toMap(e.Tags),
	}
}

type runInfoWire struct {
	RunID          string `json:"run_id"`
	RunUUID        string `json:"run_uuid"`
	ExperimentID   str    `json:"experiment_id"`
	RunName        string `json:"run_name"`
	UserID         string `json:"user_id"`
	Status         string `json:"status"`
	StartTime      num    `json:"start_time"`
	EndTime        num    `json:"end_time"`
	ArtifactURI    string `json:"artifact_uri"`
	LifecycleStage string `json:"lifecycle_stage"`
	DeletedTime    num    `json:"deleted_time"` // telltale's server only
}

func (w *runInfoWire) info() (tracking.RunInfo, error) {
	i := tracking.RunInfo{
		RunID: w.RunID, RunName: w.RunName, ExperimentID: string(w.ExperimentID), UserID: w.UserID,
		StartTime: int64(w.StartTime), EndTime: int64(w.EndTime), DeletedTime: int64(w.DeletedTime),
		ArtifactURI: w.ArtifactURI, LifecycleStage: w.LifecycleStage,
	}
	if i.RunID == "" {
		i.RunID = w.RunUUID
	}
	if w.Status != "" {
		st, err := tracking.ParseRunStatus(w.Status)
		if err != nil {
			return i, err
		}
		i.Status = st
	}
	return i, nil
}

type runWire struct {
	Info runInfoWire `json:"info"`
	Data struct {
		Metrics []tracking.Metric `json:"metrics"`
		Params  []kv              `json:"params"`
		Tags    []kv              `json:"tags"`
	} `json:"data"`
	Inputs struct {
		DatasetInputs []struct {
			Tags    []kv             `json:"tags"`
			Dataset tracking.Dataset `json:"dataset"`
		} `json:"dataset_inputs"`
	} `json:"inputs"`
}

func (w *runWire) run() (*tracking.Run, error) {
	info, err := w.Info.info()
	if err != nil {
		return nil, err
	}
	r := &tracking.Run{Info: info, Params: toMap(w.Data.Params), Tags: toMap(w.Data.Tags),
		Metrics: make(map[string]tracking.Metric, len(w.Data.Metrics))}
	for _, m := range w.Data.Metrics {
		r.Metrics[m.Key] = m
	}
	for _, in := range w.Inputs.DatasetInputs {
		di := tracking.DatasetInput{Dataset: in.Dataset}
		if len(in.Tags) > 0 {
			di.Tags = toMap(in.Tags)
		}
		r.Inputs = append(r.Inputs, di)
	}
	return r, nil
}

type fileInfoWire struct {
	Path     string `json:"path"`
	IsDir    bool   `json:"is_dir"`
	FileSize num    `json:"file_size"`
}
