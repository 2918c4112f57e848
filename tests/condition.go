package tests

import (
	"fmt"
	"github.com/telltale-ml/telltale/metrics"
	"math"
	"strconv"
	"strings"
)

// Condition is what a value must satisfy. Every bound that is set must
// hold. Eq, NotEq, In and NotIn compare within a tolerance (Evidently's
// ApproxValue): tol = max(Relative*|expected|, Absolute), with Relative
// 1e-6 and Absolute 1e-12 when neither is set. When Relative or Absolute is
// set, the ordered bounds use the tolerance too, as Evidently's approx
// comparisons do: v < x means v < x-tol, v <= x means v <= x+tol,
// v > x means v > x+tol, v >= x means v >= x-tol.
type Condition struct {
	Gt      *float64    `json:"gt,omitempty"`
	Gte     *float64    `json:"gte,omitempty"`
	Lt      *float64    `json:"lt,omitempty"`
	Lte     *float64    `json:"lte,omitempty"`
	Eq      *float64    `json:"eq,omitempty"`
	NotEq   *float64    `json:"not_eq,omitempty"`
	In      []float64   `json:"in,omitempty"`
	NotIn   []float64   `json:"not_in,omitempty"`
	Between *[2]float64 `json:"between,omitempty"`

	// Relative and Absolute are the tolerances of Eq, NotEq, In and NotIn;
	// zero means the defaults.
	Relative float64 `json:"relative,omitempty"`
	Absolute float64 `json:"absolute,omitempty"`
}

// Empty reports whether no bound is set.
func (c *Condition) Empty() bool {
	return c == nil || c.Gt == nil && c.Gte == nil && c.Lt == nil && c.Lte == nil && c.Eq == nil &&
		c.NotEq == nil && c.In == nil && c.NotIn == nil && c.Between == nil
}

// tol returns the tolerance around want for equality (eq) or for an
// ordered bound (ordered: zero unless a tolerance is set).
func (c *Condition) tol(want float64, ordered bool) float64 {
	rel, abs := c.Relative, c.Absolute
	if rel == 0 && abs == 0 {
		if ordered {
			return 0
		}
		rel, abs = 1e-6, 1e-12
	}
	return math.Max(rel*math.Abs(want), abs)
}

func (c *Condition) approx(v, want float64) bool {
	return math.Abs(v-want) <= c.tol(want, false)
}

// finite reports whether every bound and tolerance is a finite number.
func (c *Condition) finite() bool {
	ok := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for _, p := range []*float64{c.Gt, c.Gte, c.Lt, c.Lte, c.Eq, c.NotEq} {
		if p != nil && !ok(*p) {
			return false
		}
	}
	vals := append(append([]float64{c.Relative, c.Absolute}, c.In...), c.NotIn...)
	if c.Between != nil {
		vals = append(vals, c.Between[0], c.Between[1])
	}
	for _, v := range vals {
		if !ok(v) {
			return false
		}
	}
	return true
}

// Holds reports whether v satisfies every bound. NaN satisfies none.
func (c *Condition) Holds(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	ok := true
	if c.Gt != nil {
		ok = ok && v > *c.Gt+c.tol(*c.Gt, true)
	}
	if c.Gte != nil {
		ok = ok && v >= *c.Gte-c.tol(*c.Gte, true)
	}
	if c.Lt != nil {
		ok = ok && v < *c.Lt-c.tol(*c.Lt, true)
	}
	if c.Lte != nil {
		ok = ok && v <= *c.Lte+c.tol(*c.Lte, true)
	}
	if c.Eq != nil {
		ok = ok && c.approx(v, *c.Eq)
	}
	if c.NotEq != nil {
		ok = ok && !c.approx(v, *c.NotEq)
	}
	if c.Between != nil {
		ok = ok && v >= c.Between[0] && v <= c.Between[1]
	}
	if c.In != nil {
		in := false
		for _, w := range c.In {
			in = in || c.approx(v, w)
		}
		ok = ok && in
	}
	for _, w := range c.NotIn {
		ok = ok && !c.approx(v, w)
	}
	return ok
}

// String describes the condition for people: "< 0.3", ">= 0.1 and <= 0.9",
// "in [1, 2]". A bound with a tolerance shows the bound actually applied
// and how it was made: "<= 10.57 (9.606 + 10%)", "= 0.9 ± 0.09 (10%)".
func (c *Condition) String() string {
	if c.Empty() {
		return "no condition"
	}
	var parts []string
	add := func(op string, v *float64, sign float64) {
		if v == nil {
			return
		}
		t := c.tol(*v, true)
		if t == 0 {
			parts = append(parts, op+" "+num(*v))
			return
		}
		pm := " + "
		if sign < 0 {
			pm = " - "
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s%s%s)", op, num(*v+sign*t), num(*v), pm, c.tolSpec(*v)))
	}
	add(">", c.Gt, 1)
	add(">=", c.Gte, -1)
	add("<", c.Lt, -1)
	add("<=", c.Lte, 1)
	if c.Eq != nil {
		parts = append(parts, "= "+num(*c.Eq)+c.plusMinus(*c.Eq))
	}
	if c.NotEq != nil {
		parts = append(parts, "!= "+num(*c.NotEq)+c.plusMinus(*c.NotEq))
	}
	if c.Between != nil {
		parts = append(parts, fmt.Sprintf("between %s and %s", num(c.Between[0]), num(c.Between[1])))
	}
	if c.In != nil {
		parts = append(parts, "in "+numList(c.In)+c.listTolerance())
	}
	if c.NotIn != nil {
		parts = append(parts, "not in "+numList(c.NotIn)+c.listTolerance())
	}
	return strings.Join(parts, " and ")
}

// tolSpec says how the tolerance around want was made: "10%" when the
// relative tolerance applies, else the absolute one.
func (c *Condition) tolSpec(want float64) string {
	if c.Relative*math.Abs(want) >= c.Absolute {
		return num(c.Relative*100) + "%"
	}
	return num(c.Absolute)
}

// plusMinus is " ± 0.09 (10%)" for eq and not_eq with a tolerance set;
// "" with the default tolerance.
func (c *Condition) plusMinus(want float64) string {
	if c.Relative == 0 && c.Absolute == 0 {
		return ""
	}
	t := c.tol(want, false)
	if c.Relative*math.Abs(want) >= c.Absolute {
		return fmt.Sprintf(" ± %s (%s)", num(t), c.tolSpec(want))
	}
	return " ± " + num(t)
}

// listTolerance is " (± 10%)" for in and not_in with a tolerance set.
func (c *Condition) listTolerance() string {
	switch {
	case c.Relative == 0 && c.Absolute == 0:
		return ""
	case c.Absolute == 0:
		return " (± " + num(c.Relative*100) + "%)"
	case c.Relative == 0:
		return " (± " + num(c.Absolute) + ")"
	}
	return fmt.Sprintf(" (± the larger of %s%% and %s)", num(c.Relative*100), num(c.Absolute))
}

func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func numList(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = num(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func nan() metrics.Float { return metrics.Float(math.NaN()) }
