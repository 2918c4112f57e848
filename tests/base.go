package tests

import (
	"fmt"
	"github.com/telltale-ml/telltale/metrics"
	"math"
)

// Base is what every built-in test has: its condition, whose bounds
// (gt, gte, lt, lte, eq, not_eq, in, not_in, between, relative, absolute)
// sit inline in the test's config, and whether it is critical. Embed it in
// a test struct.
type Base struct {
	Condition
	// IsCritical is the "critical" option; nil means critical. A failing
	// non-critical test is a WARNING.
	IsCritical *bool `json:"critical,omitempty"`
}

// Critical implements the Critical interface.
func (b *Base) Critical() bool { return b.IsCritical == nil || *b.IsCritical }

// Decide compares value with the test's condition, or with auto when the
// user gave none (the condition Evidently derives from the reference or a
// dummy baseline; nil when none can be derived). what names the value for
// the description: "Share of drifted columns". The outcome reads, for
// example, "Share of drifted columns is 0.4; expected < 0.3".
func (b *Base) Decide(what string, value float64, auto *Condition) Outcome {
	cond := &b.Condition
	if cond.Empty() {
		cond = auto
	}
	o := Outcome{Value: metrics.Float(value)}
	if cond.Empty() {
		o.Status = Error
		o.Description = fmt.Sprintf("%s is %s; no condition was given and none can be derived without reference data", what, num(value))
		return o
	}
	c := *cond
	o.Condition = &c
	if math.IsNaN(value) {
		o.Status = Fail
		o.Description = fmt.Sprintf("%s is undefined; expected %s", what, c.String())
		return o
	}
	if c.Holds(value) {
		o.Status = Success
	} else {
		o.Status = Fail
	}
	o.Description = fmt.Sprintf("%s is %s; expected %s", what, num(value), c.String())
	return o
}

// Skip returns a SKIPPED outcome with the reason.
func Skip(reason string) Outcome {
	return Outcome{Status: Skipped, Description: reason, Value: nan()}
}

// Ptr returns a pointer to v, for building conditions: Condition{Lt: Ptr(0.3)}.
func Ptr(v float64) *float64 { return &v }
