package tests

// Status is the outcome of a test, spelled as Evidently spells it.
type Status string

// Statuses. A failing test that is not critical is a WARNING; ERROR means
// its metric could not be computed; SKIPPED means the test does not apply
// to this data.
const (
	Success Status = "SUCCESS"
	Fail    Status = "FAIL"
	Warning Status = "WARNING"
	Error   Status = "ERROR"
	Skipped Status = "SKIPPED"
)

// Statuses lists every status in report order.
func Statuses() []Status { return []Status{Success, Fail, Warning, Error, Skipped} }

// Failed reports whether s should fail a pipeline: FAIL or ERROR.
func (s Status) Failed() bool { return s == Fail || s == Error }
