package tests_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/tests"
)

func TestConditionShowsTheBoundApplied(t *testing.T) {
	p := tests.Ptr
	for _, c := range []struct {
		cond tests.Condition
		want string
		// in and out are values the condition accepts and rejects, to
		// hold the description to what Holds does.
		in, out float64
	}{
		{tests.Condition{Lt: p(0.3)}, "< 0.3", 0.29, 0.3},
		{tests.Condition{Gte: p(0.1), Lte: p(0.9)}, ">= 0.1 and <= 0.9", 0.5, 0.95},
		// The case: the reference's max error 9.606 + 10%.
		{tests.Condition{Lte: p(9.606), Relative: 0.1}, "<= 10.57 (9.606 + 10%)", 9.723, 10.6},
		{tests.Condition{Lt: p(10), Relative: 0.1}, "< 9 (10 - 10%)", 8.9, 9},
		{tests.Condition{Gt: p(10), Absolute: 0.5}, "> 10.5 (10 + 0.5)", 10.6, 10.5},
		{tests.Condition{Gte: p(10), Relative: 0.01, Absolute: 0.5}, ">= 9.5 (10 - 0.5)", 9.5, 9.4},
		{tests.Condition{Lte: p(0), Relative: 0.1}, "<= 0", 0, 0.001},
		{tests.Condition{Eq: p(0.9), Relative: 0.2}, "= 0.9 ± 0.18 (20%)", 1.07, 1.09},
		{tests.Condition{Eq: p(0), Absolute: 0.05}, "= 0 ± 0.05", -0.05, 0.06},
		{tests.Condition{Eq: p(5)}, "= 5", 5, 5.001},
		{tests.Condition{NotEq: p(2), Relative: 0.5}, "!= 2 ± 1 (50%)", 3.1, 2.9},
		{tests.Condition{In: []float64{1, 2}, Relative: 0.1}, "in [1, 2] (± 10%)", 2.19, 1.5},
	} {
		assert.Equal(t, c.want, c.cond.String())
		assert.True(t, c.cond.Holds(c.in), "%s holds for %v", c.want, c.in)
		assert.False(t, c.cond.Holds(c.out), "%s fails for %v", c.want, c.out)
	}
}

func TestMaxErrorDescriptionShowsTheTolerance(t *testing.T) {
	// Errors of ±1 in the reference, ±1.05 in the current data: within
	// the reference's max error + 10%, and the description says so.
	s := runModel(t, []tests.Test{&tests.ValueAbsMaxError{}}, regFrame(t, 1), regFrame(t, 1.05), regDef)
	assert.Equal(t, tests.Success, s.Tests[0].Status)
	assert.Equal(t, "Max absolute error is 1.05; expected <= 1.1 (1 + 10%) (reference)", s.Tests[0].Description)
}
