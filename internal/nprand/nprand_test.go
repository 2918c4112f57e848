package nprand_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/nprand"
)

// testdata/refs.json holds NumPy 1.24's draws, written by
// internal/testdata/gen/nprand_refs.py.
type refs struct {
	RandomSample map[string][]float64 `json:"random_sample"`
	Permutation  map[string][]int     `json:"permutation"`
	Randint      map[string][2]int64  `json:"randint"`
	SGDSeed      int64                `json:"sgd_shuffle_seed_random_state_42"`
}

func load(t *testing.T) refs {
	t.Helper()
	b, err := os.ReadFile("testdata/refs.json")
	require.NoError(t, err)
	var r refs
	require.NoError(t, json.Unmarshal(b, &r))
	return r
}

func ints(t *testing.T, key string) []int64 {
	t.Helper()
	var out []int64
	for _, p := range strings.Split(key, ",") {
		v, err := strconv.ParseInt(p, 10, 64)
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestAgreesWithNumPy(t *testing.T) {
	r := load(t)
	require.NotEmpty(t, r.RandomSample)
	for key, want := range r.RandomSample {
		s := nprand.New(uint32(ints(t, key)[0]))
		got := make([]float64, len(want))
		for i := range got {
			got[i] = s.Float64()
		}
		assert.Equal(t, want, got, "RandomState(%s).random_sample(5)", key)
	}
	for key, want := range r.Permutation {
		k := ints(t, key)
		assert.Equal(t, want, nprand.New(uint32(k[0])).Permutation(int(k[1])), "RandomState(%d).permutation(%d)", k[0], k[1])
	}
	for key, want := range r.Randint {
		k := ints(t, key)
		s := nprand.New(uint32(k[0]))
		got := [2]int64{s.Randint(k[1], k[2]), s.Randint(k[1], k[2])}
		assert.Equal(t, want, got, "RandomState(%d).randint(%d, %d) twice", k[0], k[1], k[2])
	}
	s := nprand.New(42)
	s.Randint(1, 1<<31-1)
	assert.Equal(t, r.SGDSeed, s.Randint(0, 1<<31-1), "the shuffle seed of SGDClassifier(random_state=42)")
}

func ExampleSource_Permutation() {
	fmt.Println(nprand.New(42).Permutation(10))
	// Output: [8 1 5 0 7 2 9 4 3 6]
}
