package tests

import (
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/metrics"
)

// Check reports a condition that is malformed or can never hold, as a
// *metrics.OptionError naming the key to blame: a bound or tolerance that
// is not a finite number, a negative tolerance, a reversed between, or
// lower and upper bounds that exclude every value (gt 5 with lt 3, gt 3
// with lt 3), tolerances applied as Holds applies them.
func (c *Condition) Check() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for _, b := range []struct {
		key string
		v   *float64
	}{{"gt", c.Gt}, {"gte", c.Gte}, {"lt", c.Lt}, {"lte", c.Lte}, {"eq", c.Eq}, {"not_eq", c.NotEq}} {
		if b.v != nil && !finite(*b.v) {
			return &metrics.OptionError{Key: b.key, Msg: fmt.Sprintf("%v is not a finite number", *b.v)}
		}
	}
	for _, l := range []struct {
		key string
		vs  []float64
	}{{"in", c.In}, {"not_in", c.NotIn}} {
		for _, v := range l.vs {
			if !finite(v) {
				return &metrics.OptionError{Key: l.key, Msg: fmt.Sprintf("%v is not a finite number", v)}
			}
		}
	}
	for _, t := range []struct {
		key string
		v   float64
	}{{"relative", c.Relative}, {"absolute", c.Absolute}} {
		if !finite(t.v) || t.v < 0 {
			return &metrics.OptionError{Key: t.key, Msg: fmt.Sprintf("%v: a tolerance is a finite number, at least 0", t.v)}
		}
	}
	if b := c.Between; b != nil {
		if !finite(b[0]) || !finite(b[1]) {
			return &metrics.OptionError{Key: "between", Msg: fmt.Sprintf("[%v, %v]: the bounds must be finite numbers", b[0], b[1])}
		}
		if b[0] > b[1] {
			return &metrics.OptionError{Key: "between", Msg: fmt.Sprintf("[%v, %v]: the lower bound is above the upper one", b[0], b[1])}
		}
	}

	// The tightest lower and upper bounds, as Holds applies them.
	type bound struct {
		key    string
		v      float64
		strict bool
	}
	var lo, hi *bound
	lower := func(key string, v float64, strict bool) {
		if lo == nil || v > lo.v || (v == lo.v && strict) {
			lo = &bound{key, v, strict}
		}
	}
	upper := func(key string, v float64, strict bool) {
		if hi == nil || v < hi.v || (v == hi.v && strict) {
			hi = &bound{key, v, strict}
		}
	}
	if c.Gt != nil {
		lower("gt", *c.Gt+c.tol(*c.Gt, true), true)
	}
	if c.Gte != nil {
		lower("gte", *c.Gte-c.tol(*c.Gte, true), false)
	}
	if c.Between != nil {
		lower("between", c.Between[0], false)
		upper("between", c.Between[1], false)
	}
	if c.Lt != nil {
		upper("lt", *c.Lt-c.tol(*c.Lt, true), true)
	}
	if c.Lte != nil {
		upper("lte", *c.Lte+c.tol(*c.Lte, true), false)
	}
	if lo != nil && hi != nil && (lo.v > hi.v || lo.v == hi.v && (lo.strict || hi.strict)) {
		return &metrics.OptionError{Key: hi.key, Msg: fmt.Sprintf("no value can be %s and %s", c.boundText(lo.key, true), c.boundText(hi.key, false))}
	}
	return nil
}

// boundText describes the bound key of c for Check's message.
func (c *Condition) boundText(key string, lowerSide bool) string {
	switch key {
	case "gt":
		return "> " + num(*c.Gt)
	case "gte":
		return ">= " + num(*c.Gte)
	case "lt":
		return "< " + num(*c.Lt)
	case "lte":
		return "<= " + num(*c.Lte)
	}
	if lowerSide {
		return ">= " + num(c.Between[0]) + " (between)"
	}
	return "<= " + num(c.Between[1]) + " (between)"
}
