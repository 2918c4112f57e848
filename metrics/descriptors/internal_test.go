package descriptors

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestLemmatizerAgreesWithNLTK(t *testing.T) {
	b, err := os.ReadFile("testdata/descriptor_refs.json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Lemmas map[string]string `json:"lemmas"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	lx, err := loadLexicons()
	if err != nil {
		t.Fatal(err)
	}
	lem := nounLemmatizer{lx}
	if len(r.Lemmas) < 40 {
		t.Fatalf("only %d lemmas in the fixture", len(r.Lemmas))
	}
	for w, want := range r.Lemmas { // nltk.stem.WordNetLemmatizer().lemmatize(w)
		if got := lem.lemmatize(w); got != want {
			t.Errorf("lemmatize(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestScanJSONTypes(t *testing.T) {
	type kv struct {
		k string
		t pyType
	}
	cases := []struct {
		in   string
		top  pyType
		ok   bool
		keys []kv
	}{
		{`{"a": 1, "b": 1.0, "c": 1e3, "d": true, "e": null, "f": "x", "g": [], "h": {"z": 1}, "\u0069": -0}`, typeDict, true,
			[]kv{{"a", typeInt}, {"b", typeFloat}, {"c", typeFloat}, {"d", typeBool}, {"e", typeNone}, {"f", typeStr}, {"g", typeList}, {"h", typeDict}, {"i", typeInt}}},
		{`[NaN, Infinity, -Infinity]`, typeList, true, nil},
		{` "x" `, typeStr, true, nil},
		{`01`, typeInvalid, false, nil},
		{`1.`, typeInvalid, false, nil},
		{`1e`, typeInvalid, false, nil},
		{`-`, typeInvalid, false, nil},
		{`{"a":1,}`, typeInvalid, false, nil},
		{`[1,]`, typeInvalid, false, nil},
		{"\"a\tb\"", typeInvalid, false, nil},
		{`"\x"`, typeInvalid, false, nil},
		{"\ufeff{}", typeInvalid, false, nil},
		{"{}\u00a0", typeInvalid, false, nil},
		{``, typeInvalid, false, nil},
		{`{"a" 1}`, typeInvalid, false, nil},
		{`[[[[[]]]]]`, typeList, true, nil},
		{`{"a": {"b": {"c": [1, {"d": 2}]}}, "e": "\ud83d\ude00"}`, typeDict, true, []kv{{"a", typeDict}, {"e", typeStr}}},
	}
	for _, c := range cases {
		var got []kv
		top, ok := scanJSON(c.in, func(k string, t pyType) { got = append(got, kv{k, t}) })
		if top != c.top || ok != c.ok {
			t.Errorf("scanJSON(%q) = %v, %v; want %v, %v", c.in, top, ok, c.top, c.ok)
			continue
		}
		if ok && c.keys != nil && len(got) != len(c.keys) {
			t.Errorf("scanJSON(%q) keys %v, want %v", c.in, got, c.keys)
			continue
		}
		for i := range c.keys {
			if got[i] != c.keys[i] {
				t.Errorf("scanJSON(%q) key %d = %v, want %v", c.in, i, got[i], c.keys[i])
			}
		}
	}
}

// FuzzScanJSON checks that the scanner never panics and accepts every
// document encoding/json accepts (Python's json.loads reads a superset:
// NaN and Infinity).
func FuzzScanJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5e-3, true, null, "x\u00e9"]}`, `[NaN]`, `"\ud800"`, `{"a":{"b":[{}]}}`, `-0.0E+1`, `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, ok := scanJSON(s, func(string, pyType) {})
		if json.Valid([]byte(s)) && !ok {
			t.Errorf("encoding/json accepts %q, scanJSON does not", s)
		}
	})
}

func TestSentenceCountCases(t *testing.T) {
	for s, want := range map[string]int{
		"": 1, "One.": 1, "One. Two.": 2, "One? Two! Three. Four": 3, "e.g. this": 1, "Mr. Smith": 1,
		"A.b. c": 1, "end.\nnext": 2, "x.\u00a0y": 2, "Ab. c": 1, "AB. c": 2,
	} {
		if got := sentenceCount(s); got != want {
			t.Errorf("sentenceCount(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestIsPunctByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := c < 0x80 && strings.IndexByte(asciiPunct, byte(c)) >= 0
		if got := isPunctByte(byte(c)); got != want {
			t.Errorf("isPunctByte(%#x) = %v, want %v", c, got, want)
		}
	}
}
