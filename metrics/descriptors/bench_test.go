package descriptors_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// benchFrame is n reviews of 5 to 40 words drawn from a small vocabulary
// with punctuation and capitals: all distinct texts, the worst case for
// the descriptors, which compute each distinct text once.
func benchFrame(b *testing.B, n int) *dataset.Frame {
	b.Helper()
	words := strings.Fields("the battery is great but the screen was not good really very bad love hate " +
		"price delivery slow fast phone camera works broke after two days would buy again never dogs churches " +
		"email online running 2024 https://example.com/x {\"a\": 1}")
	punct := []string{"", "", "", ",", ".", "!", "?"}
	r := rand.New(rand.NewPCG(1, 2))
	vals := make([]string, n)
	var sb strings.Builder
	for i := range vals {
		sb.Reset()
		k := 5 + r.IntN(36)
		for j := 0; j < k; j++ {
			if j > 0 {
				sb.WriteByte(' ')
			}
			w := words[r.IntN(len(words))]
			if r.IntN(10) == 0 {
				w = strings.ToUpper(w)
			}
			sb.WriteString(w)
			sb.WriteString(punct[r.IntN(len(punct))])
		}
		sb.WriteString(" #")
		sb.WriteString(strings.Repeat("x", i%7)) // keep texts distinct enough
		vals[i] = sb.String()
	}
	f, err := dataset.New("bench", dataset.NewStringColumn("review", dataset.Text, vals, nil))
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// BenchmarkDescriptors computes each descriptor over 1,000,000 rows
// (go test -bench Descriptors -benchtime 1x ./metrics/descriptors).
func BenchmarkDescriptors(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 50_000
	}
	f := benchFrame(b, n)
	col := descriptors.Base{Column: "review"}
	for _, d := range []descriptors.Descriptor{
		&descriptors.TextLength{Base: col},
		&descriptors.WordCount{Base: col},
		&descriptors.SentenceCount{Base: col},
		&descriptors.NonLetterCharacterPercentage{Base: col},
		&descriptors.OOV{Base: col},
		&descriptors.Sentiment{Base: col},
		&descriptors.IncludesWords{Base: col, WordsList: []string{"battery", "camera"}, Mode: "all", Lemmatize: true},
		&descriptors.Contains{Base: col, Items: []string{"broke", "slow"}, Mode: "any", CaseSensitive: false},
		&descriptors.RegExp{Base: col, RegExp: `.*\d+.*`},
		&descriptors.ContainsLink{Base: col},
		&descriptors.IsValidJSON{Base: col},
	} {
		b.Run(d.Name(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.Compute(context.Background(), f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
