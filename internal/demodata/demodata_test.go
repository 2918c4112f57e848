package demodata_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/internal/demodata"
)

func TestSplitByYears(t *testing.T) {
	ref, cur := demodata.Reference(), demodata.Current()
	header := "date,precipitation,temp_max,temp_min,wind,weather\n"
	assert.True(t, bytes.HasPrefix(ref, []byte(header)))
	assert.True(t, bytes.HasPrefix(cur, []byte(header)))
	// 2012 is a leap year: 366 + 365 days; 2014 and 2015: 365 + 365.
	assert.Equal(t, 1+731, bytes.Count(ref, []byte("\n")))
	assert.Equal(t, 1+730, bytes.Count(cur, []byte("\n")))
	assert.Contains(t, string(ref), "\n2013-12-31,")
	assert.NotContains(t, string(ref), "\n2014-")
	assert.Contains(t, string(cur), "\n2015-12-31,")
}
