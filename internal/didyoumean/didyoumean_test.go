package didyoumean_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/internal/didyoumean"
)

func TestClosest(t *testing.T) {
	known := []string{"data-drift", "data-summary", "data-stability", "regression"}
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"data-drfit", "data-drift", true},
		{"Data-Summary", "data-summary", true},
		{"regresion", "regression", true},
		{"data-stabiltiy", "data-stability", true},
		{"classification", "", false},
		{"", "", false},
	} {
		got, ok := didyoumean.Closest(c.name, known)
		assert.Equal(t, c.ok, ok, c.name)
		assert.Equal(t, c.want, got, c.name)
	}
}
