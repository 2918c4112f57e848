package metrics

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDriftTreeLimit(t *testing.T) {
	assert.Equal(t, 50_000, driftTreeLimit(1))
	assert.Equal(t, 50_000, driftTreeLimit(100), "100 columns of 2·50,000 rows: 10,000,000 values")
	assert.Equal(t, 25_000, driftTreeLimit(200))
	assert.Equal(t, 1_000, driftTreeLimit(100_000), "at least 1,000 rows")
	assert.Equal(t, []int{0, 2, 5, 7}, evenRows(10, 4))
	assert.Equal(t, []int{0, 1, 2}, evenRows(3, 50_000))
	assert.Empty(t, evenRows(0, 10))
}
