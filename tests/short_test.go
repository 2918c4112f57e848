package tests_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tests"
)

func TestShortConditionsAreTheLongForm(t *testing.T) {
	p := tests.Ptr
	f := false
	for _, c := range []struct {
		short, long tests.Base
	}{
		{tests.Lt(2.5), tests.Base{Condition: tests.Condition{Lt: p(2.5)}}},
		{tests.Lte(1), tests.Base{Condition: tests.Condition{Lte: p(1)}}},
		{tests.Gt(0), tests.Base{Condition: tests.Condition{Gt: p(0)}}},
		{tests.Gte(0.1).And(tests.Lt(0.3)), tests.Base{Condition: tests.Condition{Gte: p(0.1), Lt: p(0.3)}}},
		{tests.Eq(1.2).Tolerance(0.1, 0).NotCritical(), tests.Base{Condition: tests.Condition{Eq: p(1.2), Relative: 0.1}, IsCritical: &f}},
		{tests.NotEq(3), tests.Base{Condition: tests.Condition{NotEq: p(3)}}},
		{tests.In(1, 2), tests.Base{Condition: tests.Condition{In: []float64{1, 2}}}},
		{tests.NotIn(0), tests.Base{Condition: tests.Condition{NotIn: []float64{0}}}},
		{tests.Between(0.2, 0.8), tests.Base{Condition: tests.Condition{Between: &[2]float64{0.2, 0.8}}}},
		{tests.Lt(1).And(tests.Lt(2)), tests.Base{Condition: tests.Condition{Lt: p(2)}}},
	} {
		assert.Equal(t, c.long, c.short)
	}
	// The config keys are the same.
	b, err := json.Marshal(&tests.ValueMAE{Base: tests.Lt(2.5)})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"lt":2.5`)
}

func TestShortConditionDecides(t *testing.T) {
	s := runModel(t, []tests.Test{
		&tests.ValueMAE{Base: tests.Lt(2.5)},
		&tests.ValueMAE{Base: tests.Lt(0.5).NotCritical()},
	}, nil, regFrame(t, 1), regDef)
	assert.Equal(t, []tests.Status{tests.Success, tests.Warning}, statuses(s))
	assert.Equal(t, "MAE is 1; expected < 2.5", s.Tests[0].Description)
}

func ExampleLt() {
	mae := &tests.ValueMAE{Base: tests.Lt(2.5)}                                    // TestValueMAE(lt=2.5)
	share := &tests.ShareOfDriftedColumns{Base: tests.Gte(0.1).And(tests.Lt(0.3))} // gte=0.1, lt=0.3
	fmt.Println(mae.Condition.String())
	fmt.Println(share.Condition.String())
	// Output:
	// < 2.5
	// >= 0.1 and < 0.3
}
