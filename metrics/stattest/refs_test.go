package stattest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// jfloat decodes a JSON number or the strings "NaN", "+Inf", "-Inf"; null
// stays NaN with Null set.
type jfloat struct {
	V    float64
	Null bool
}

func (f *jfloat) UnmarshalJSON(b []byte) error {
	s := string(b)
	switch s {
	case "null":
		f.V, f.Null = math.NaN(), true
		return nil
	case `"NaN"`:
		f.V = math.NaN()
		return nil
	case `"+Inf"`:
		f.V = math.Inf(1)
		return nil
	case `"-Inf"`:
		f.V = math.Inf(-1)
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	f.V = v
	return err
}

// sampleSpec is a list of values or a generator spec.
type sampleSpec struct {
	Values []float64
	Gen    *genSpec
}

type genSpec struct {
	Kind   string  `json:"kind"`
	Seed   uint64  `json:"seed"`
	N      int     `json:"n"`
	Shift  float64 `json:"shift"`
	Scale  float64 `json:"scale"`
	Levels float64 `json:"levels"`
}

func (s *sampleSpec) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		s.Gen = &genSpec{Scale: 1}
		return json.Unmarshal(b, s.Gen)
	}
	return json.Unmarshal(b, &s.Values)
}

// expand mirrors expand() in internal/testdata/gen/stattest_refs.py:
// splitmix64 uniforms and only +, -, *, / so both sides are bit-identical.
func (s sampleSpec) expand() []float64 {
	if s.Gen == nil {
		return s.Values
	}
	g := s.Gen
	state := g.Seed
	next := func() float64 {
		state += 0x9E3779B97F4A7C15
		z := state
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		z ^= z >> 31
		return float64(z>>11) * 0x1p-53
	}
	out := make([]float64, g.N)
	for i := range out {
		var v float64
		switch g.Kind {
		case "uniform":
			v = next()
		case "irwin":
			var s float64
			for range 12 {
				s += next()
			}
			v = s - 6
		case "ratio":
			u := next()
			w := next()
			v = (u - 0.5) / (w + 0.001)
		case "int":
			v = math.Floor(next() * g.Levels)
		default:
			panic("unknown generator " + g.Kind)
		}
		out[i] = g.Shift + g.Scale*v
	}
	return out
}

type refCase struct {
	Name   string `json:"name"`
	Test   string `json:"test"`
	Call   string `json:"call"`
	Kind   string `json:"kind"`
	Sample string `json:"sample"`
	Counts *struct {
		Keys []string `json:"keys"`
		Ref  []int    `json:"ref"`
		Cur  []int    `json:"cur"`
	} `json:"counts"`
	Options *struct {
		Alternative string `json:"alternative"`
		Welch       bool   `json:"welch"`
		Random      bool   `json:"random_pvalue"`
	} `json:"options"`
	Error     bool    `json:"error"`
	Statistic jfloat  `json:"statistic"`
	PValue    jfloat  `json:"pvalue"`
	Score     jfloat  `json:"score"`
	Exact     bool    `json:"exact"`
	PAbsTol   float64 `json:"p_abs_tol"`
}

type refFile struct {
	SciPy   string                           `json:"scipy"`
	Samples map[string]map[string]sampleSpec `json:"samples"`
	Cases   []refCase                        `json:"cases"`
}

func loadRefs(t testing.TB) refFile {
	t.Helper()
	b, err := os.ReadFile("testdata/refs.json")
	require.NoError(t, err)
	var rf refFile
	require.NoError(t, json.Unmarshal(b, &rf))
	return rf
}

// close reports whether got agrees with want within a relative tolerance,
// or an absolute one near zero; equal infinities agree.
func close(got, want, rel, abs float64) bool {
	if math.IsInf(want, 0) || math.IsNaN(want) {
		return got == want || (math.IsNaN(want) && math.IsNaN(got))
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

// Tolerances of the fixture comparison (issue 3): statistics 1e-9
// relative, p-values 1e-7 relative, exact-mode p-values 1e-9.
const (
	relStat   = 1e-9
	relP      = 1e-7
	relPExact = 1e-9
	absStat   = 1e-12 // statistics that are 0 up to rounding
	absP      = 1e-15 // p-values below this are all "0"
)

func TestAgreementWithSciPy(t *testing.T) {
	rf := loadRefs(t)
	require.Equal(t, "1.10.1", rf.SciPy)
	reg := stattest.Default()
	cache := map[string][2]*stattest.Sample{}
	for _, c := range rf.Cases {
		name := fmt.Sprintf("%s/%s", c.Name, c.Test)
		if c.Options != nil {
			name += fmt.Sprintf("/%s-welch=%v", c.Options.Alternative, c.Options.Welch)
		}
		t.Run(name, func(t *testing.T) {
			test, ok := reg.Lookup(c.Test)
			require.True(t, ok, c.Test)
			var in stattest.Input
			if c.Kind == "num" {
				s, ok := cache[c.Sample]
				if !ok {
					sp := rf.Samples[c.Sample]
					s[0] = stattest.MustSample(sp["ref"].expand())
					s[1] = stattest.MustSample(sp["cur"].expand())
					cache[c.Sample] = s
				}
				in = stattest.NumericalInput(s[0], s[1])
			} else {
				in = stattest.CategoricalInput(&stattest.Counts{Keys: c.Counts.Keys, Reference: c.Counts.Ref, Current: c.Counts.Cur})
			}
			var opts stattest.Options
			if c.Options != nil {
				opts.Welch = c.Options.Welch
				switch c.Options.Alternative {
				case "less":
					opts.Alternative = stattest.AltLess
				case "greater":
					opts.Alternative = stattest.AltGreater
				}
			}
			res, err := test.Run(in, test.DefaultThreshold, opts)
			if c.Error {
				require.Error(t, err, c.Call)
				assert.True(t, errors.Is(err, stattest.ErrConstant) || errors.Is(err, stattest.ErrTooFew), "%v", err)
				return
			}
			require.NoError(t, err, c.Call)
			assert.Truef(t, close(res.Statistic, c.Statistic.V, relStat, absStat),
				"statistic %v, want %v (rel err %.3g) from %s", res.Statistic, c.Statistic.V, relErr(res.Statistic, c.Statistic.V), c.Call)
			if c.Options != nil && c.Options.Random {
				return // permutation p-value: see TestPermutationTests
			}
			if c.PValue.Null {
				assert.True(t, math.IsNaN(res.PValue), "distance tests have a NaN p-value")
			} else {
				tol := relP
				if c.Exact {
					tol = relPExact
				}
				assert.Truef(t, close(res.PValue, c.PValue.V, tol, max(absP, c.PAbsTol)),
					"p-value %v, want %v (rel err %.3g) from %s", res.PValue, c.PValue.V, relErr(res.PValue, c.PValue.V), c.Call)
			}
			assert.Truef(t, close(res.Score, c.Score.V, max(relStat, relP), max(absP, c.PAbsTol)), "score %v, want %v", res.Score, c.Score.V)
		})
	}
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestKolmogorovDistribution(t *testing.T) {
	b, err := os.ReadFile("testdata/refs.json")
	require.NoError(t, err)
	var rf struct {
		KSTwo []struct {
			N    int     `json:"n"`
			X    float64 `json:"x"`
			SF   jfloat  `json:"sf"`
			Call string  `json:"call"`
		} `json:"kstwo"`
	}
	require.NoError(t, json.Unmarshal(b, &rf))
	require.NotEmpty(t, rf.KSTwo)
	for _, c := range rf.KSTwo {
		got := stattest.KolmogorovSF(c.N, c.X)
		// sf = 1 - cdf in the central branches: 1e-14 absolute.
		assert.Truef(t, close(got, c.SF.V, relP, 1e-14), "%s = %v, got %v (rel err %.3g)", c.Call, c.SF.V, got, relErr(got, c.SF.V))
	}
}
