package tests

// The short form of a test's condition, as Evidently writes lt=2.5 in
// TestValueMAE(lt=2.5): each function returns a Base with one bound, to
// set as the test's Base; And adds the bounds of another, Tolerance the
// tolerances, NotCritical makes a failure a WARNING.
//
//	&tests.ValueMAE{Base: tests.Lt(2.5)}
//	&tests.ShareOfDriftedColumns{Base: tests.Gte(0.1).And(tests.Lt(0.3))}
//	&tests.ValueRMSE{Base: tests.Eq(1.2).Tolerance(0.1, 0).NotCritical()}
//
// They are the same as the long form, Base{Condition: Condition{Lt:
// Ptr(2.5)}}.

// Lt is the condition value < v.
func Lt(v float64) Base { return Base{Condition: Condition{Lt: &v}} }

// Lte is the condition value <= v.
func Lte(v float64) Base { return Base{Condition: Condition{Lte: &v}} }

// Gt is the condition value > v.
func Gt(v float64) Base { return Base{Condition: Condition{Gt: &v}} }

// Gte is the condition value >= v.
func Gte(v float64) Base { return Base{Condition: Condition{Gte: &v}} }

// Eq is the condition value = v, within the tolerance (see Condition).
func Eq(v float64) Base { return Base{Condition: Condition{Eq: &v}} }

// NotEq is the condition value != v, beyond the tolerance.
func NotEq(v float64) Base { return Base{Condition: Condition{NotEq: &v}} }

// In is the condition that the value is one of vs, within the tolerance.
func In(vs ...float64) Base { return Base{Condition: Condition{In: vs}} }

// NotIn is the condition that the value is none of vs.
func NotIn(vs ...float64) Base { return Base{Condition: Condition{NotIn: vs}} }

// Between is the condition lo <= value <= hi.
func Between(lo, hi float64) Base { return Base{Condition: Condition{Between: &[2]float64{lo, hi}}} }

// And returns b with the bounds o sets added (o's win where both set one),
// and o's tolerances and criticality where o sets them.
func (b Base) And(o Base) Base {
	c, d := &b.Condition, o.Condition
	for _, p := range []struct{ dst, src **float64 }{{&c.Gt, &d.Gt}, {&c.Gte, &d.Gte}, {&c.Lt, &d.Lt}, {&c.Lte, &d.Lte}, {&c.Eq, &d.Eq}, {&c.NotEq, &d.NotEq}} {
		if *p.src != nil {
			*p.dst = *p.src
		}
	}
	if d.In != nil {
		c.In = d.In
	}
	if d.NotIn != nil {
		c.NotIn = d.NotIn
	}
	if d.Between != nil {
		c.Between = d.Between
	}
	if d.Relative != 0 || d.Absolute != 0 {
		c.Relative, c.Absolute = d.Relative, d.Absolute
	}
	if o.IsCritical != nil {
		b.IsCritical = o.IsCritical
	}
	return b
}

// Tolerance returns b with the relative and absolute tolerances of its
// bounds (Condition.Relative and Absolute).
func (b Base) Tolerance(relative, absolute float64) Base {
	b.Relative, b.Absolute = relative, absolute
	return b
}

// NotCritical returns b with a failure reported as a WARNING
// (Evidently's is_critical=False).
func (b Base) NotCritical() Base {
	f := false
	b.IsCritical = &f
	return b
}
