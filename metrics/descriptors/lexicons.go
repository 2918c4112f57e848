package descriptors

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// The embedded word lists; data/gen.sh makes them and data/NOTICE.txt
// holds their licences.
//
//go:embed data/english-words.txt.gz data/wordnet-nouns.txt.gz data/wordnet-noun-exc.txt.gz data/vader_lexicon.txt.gz
var dataFS embed.FS

// lexicons are the word lists, read once on first use.
type lexicons struct {
	// english is the English vocabulary of OOV: Debian's wamerican
	// (SCOWL) entries of lower-case ASCII letters and digits.
	english map[string]struct{}
	// nouns are WordNet 3.0's noun lemmas of [a-z0-9] characters, and
	// nounExc its irregular noun forms (noun.exc): "geese" -> ["goose"].
	nouns   map[string]struct{}
	nounExc map[string][]string
	// vader is the VADER lexicon: token -> mean valence.
	vader map[string]float64
}

// loadLexicons reads the embedded lists once; the result is never
// modified, so it is safe to share.
var loadLexicons = sync.OnceValues(func() (*lexicons, error) {
	lx := &lexicons{}
	var err error
	if lx.english, err = readSet("data/english-words.txt.gz"); err != nil {
		return nil, err
	}
	if lx.nouns, err = readSet("data/wordnet-nouns.txt.gz"); err != nil {
		return nil, err
	}
	lx.nounExc = map[string][]string{}
	if err := readLines("data/wordnet-noun-exc.txt.gz", func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 {
			return fmt.Errorf("want an inflected form and its bases, got %q", line)
		}
		lx.nounExc[f[0]] = f[1:]
		return nil
	}); err != nil {
		return nil, err
	}
	lx.vader = make(map[string]float64, 7600)
	if err := readLines("data/vader_lexicon.txt.gz", func(line string) error {
		// NLTK's make_lex_dict: the token and its mean valence, the first
		// two tab-separated fields.
		fields := strings.Split(strings.TrimSpace(line), "\t")
		if len(fields) < 2 {
			return fmt.Errorf("want a token and its valence, got %q", line)
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return err
		}
		lx.vader[fields[0]] = v
		return nil
	}); err != nil {
		return nil, err
	}
	return lx, nil
})

func readSet(name string) (map[string]struct{}, error) {
	set := map[string]struct{}{}
	err := readLines(name, func(line string) error {
		set[line] = struct{}{}
		return nil
	})
	return set, err
}

func readLines(name string, fn func(string) error) error {
	raw, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("descriptors: %s: %w", name, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("descriptors: %s: %w", name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("descriptors: %s: %w", name, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("descriptors: %s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}
