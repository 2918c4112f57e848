package tracking

import (
	"fmt"
	"strings"
)

// RunStatus is the state of a run. The values are MLflow's: meta.yaml
// stores the integer, the API and the search grammar use the name.
type RunStatus int

// Run statuses, as in mlflow/entities/run_status.py.
const (
	Running   RunStatus = 1
	Scheduled RunStatus = 2
	Finished  RunStatus = 3
	Failed    RunStatus = 4
	Killed    RunStatus = 5
)

var statusNames = [...]string{"", "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"}

// String returns MLflow's name of the status, such as "FINISHED".
func (s RunStatus) String() string {
	if s.valid() {
		return statusNames[s]
	}
	return fmt.Sprintf("RunStatus(%d)", int(s))
}

func (s RunStatus) valid() bool { return s >= Running && s <= Killed }

// Terminated reports whether the status is FINISHED, FAILED or KILLED.
func (s RunStatus) Terminated() bool { return s == Finished || s == Failed || s == Killed }

// ParseRunStatus returns the status named s (case-insensitive), such as
// "finished".
func ParseRunStatus(s string) (RunStatus, error) {
	for i, n := range statusNames {
		if i > 0 && strings.EqualFold(n, s) {
			return RunStatus(i), nil
		}
	}
	return 0, fmt.Errorf("%w: unknown run status %q (want RUNNING, SCHEDULED, FINISHED, FAILED or KILLED)", ErrInvalid, s)
}

// MarshalText writes the status name, so JSON shows "FINISHED".
func (s RunStatus) MarshalText() ([]byte, error) {
	if !s.valid() {
		return nil, fmt.Errorf("%w: run status %d", ErrInvalid, int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a status name.
func (s *RunStatus) UnmarshalText(b []byte) error {
	v, err := ParseRunStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Lifecycle stages of experiments and runs.
const (
	StageActive  = "active"
	StageDeleted = "deleted"
)

// ViewType selects runs or experiments by lifecycle stage, as MLflow's
// ViewType does.
type ViewType int

// View types, with MLflow's values.
const (
	ActiveOnly  ViewType = 1
	DeletedOnly ViewType = 2
	All         ViewType = 3
)

func (v ViewType) includes(stage string) bool {
	switch v {
	case DeletedOnly:
		return stage == StageDeleted
	case All:
		return true
	default:
		return stage != StageDeleted
	}
}
