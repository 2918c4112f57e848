package importrules

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/telltale-ml/telltale"

// rule says what a package (a directory relative to the module root; a
// trailing "/..." covers its subdirectories) may import besides the
// standard library. Own lists packages of this module, by the same
// patterns; External lists module path prefixes.
type rule struct {
	Own      []string
	External []string
}

// rules is docs/DESIGN.md's table. A package that matches no rule fails the
// test: a new top-level package needs a rule first.
var rules = map[string]rule{
	// The module root holds the package doc only: it imports nothing.
	".":                {},
	"dataset":          {Own: []string{"internal/parallel", "internal/radixsort"}, External: []string{"github.com/parquet-go/parquet-go"}},
	"metrics/stattest": {Own: []string{"internal/repsum"}, External: []string{"gonum.org/v1/gonum"}},
	"metrics":          {Own: []string{"dataset", "metrics/...", "internal/parallel", "internal/nprand", "internal/radixsort", "internal/repsum"}, External: []string{"gonum.org/v1/gonum"}},
	"metrics/...":      {Own: []string{"dataset", "metrics", "metrics/..."}, External: []string{"gonum.org/v1/gonum"}},
	// tests reads column types (dataset.Type) through metrics.Input to
	// generate one test per column of a type.
	"tests":        {Own: []string{"metrics", "metrics/...", "dataset"}},
	"tests/...":    {Own: []string{"metrics", "metrics/...", "tests"}},
	"presets":      {Own: []string{"metrics", "metrics/...", "tests", "dataset", "internal/didyoumean"}},
	"report":       {Own: []string{"dataset", "metrics", "metrics/...", "tests", "presets", "internal/didyoumean", "internal/parallel"}, External: []string{"go.yaml.in/yaml/v3"}},
	"render":       {Own: []string{"report", "render/...", "internal/..."}},
	"render/...":   {Own: []string{"report", "metrics", "metrics/...", "tests", "render/...", "internal/..."}, External: []string{"github.com/go-echarts/go-echarts/v2", "gonum.org/v1/plot"}},
	"tracking":     {External: []string{"go.yaml.in/yaml/v3"}},
	"tracking/...": {Own: []string{"tracking"}},
	// backend opens any store from a URI: it imports each implementation.
	"tracking/backend": {Own: []string{"tracking", "tracking/..."}},
	// sqlstore keeps MLflow's schema in SQLite, PostgreSQL and MySQL.
	"tracking/sqlstore": {Own: []string{"tracking", "internal/sqlitewal"}, External: []string{"modernc.org/sqlite", "github.com/jackc/pgx/v5", "github.com/go-sql-driver/mysql"}},
	// storetest is the conformance suite stores' tests run.
	"tracking/storetest": {Own: []string{"tracking"}, External: []string{"github.com/stretchr/testify"}},
	// server is MLflow's REST API over any store; the CLI mounts the web
	// UI (server/...) into it as an http.Handler.
	"server": {Own: []string{"tracking", "render", "render/..."}, External: []string{"github.com/prometheus/client_golang", "golang.org/x/crypto/bcrypt"}},
	// The web UI reads any store and serves render/html's ECharts.
	"server/ui": {Own: []string{"tracking", "render/html"}},
	"reportlog": {Own: []string{"report", "render/...", "tracking", "metrics", "tests", "internal/..."}},
	"monitor":   {Own: []string{"dataset", "metrics", "metrics/...", "tests", "presets", "report"}, External: []string{"github.com/prometheus/client_golang", "github.com/prometheus/client_model"}},
	// monitor/httpapi serves monitors over HTTP, with the last report
	// rendered as HTML and as the JSON profile.
	"monitor/...": {Own: []string{"monitor", "report", "render/..."}, External: []string{"github.com/prometheus/client_golang", "github.com/prometheus/client_model"}},
	// sketch: mergeable per-column sketches of frames, their file format
	// and streaming readers into them.
	"sketch": {Own: []string{"dataset", "internal/parallel"}},
	// beam/ is its own Go module: the Beam pipeline that sketches files on
	// any runner (its test writes Parquet files with parquet-go).
	"beam":         {Own: []string{"sketch", "dataset"}, External: []string{"github.com/apache/beam/sdks/v2", "github.com/parquet-go/parquet-go"}},
	"beam/...":     {Own: []string{"beam", "sketch", "dataset"}, External: []string{"github.com/apache/beam/sdks/v2"}},
	"cmd/...":      {Own: []string{"..."}, External: []string{""}},
	"examples/...": {Own: []string{"..."}, External: []string{""}},
	// Benchmark tools run by hand (bench/wholeprocess.sh), like commands.
	"bench/...": {Own: []string{"..."}, External: []string{""}},
	// dbtest starts throw-away database servers and checks them with the
	// drivers the SQL store uses.
	"internal/dbtest": {Own: []string{"internal/..."}, External: []string{"github.com/jackc/pgx/v5", "github.com/go-sql-driver/mysql"}},
	// sqlitewal wraps the pure-Go SQLite's unix VFS (its C-level API).
	"internal/sqlitewal":    {External: []string{"modernc.org/sqlite", "modernc.org/libc"}},
	"internal/...":          {Own: []string{"internal/..."}},
	"internal/testdata/...": {Own: []string{"..."}, External: []string{""}},
}

// Test-only imports (testify, the package under test, test helpers) are
// checked separately: tests may import anything of this module and
// testify.
var testExternal = []string{"github.com/stretchr/testify"}

func match(pattern, pkg string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

// ruleFor returns the most specific rule matching pkg.
func ruleFor(pkg string) (rule, string, bool) {
	best, bestKey := rule{}, ""
	for k, r := range rules {
		if match(k, pkg) && len(k) > len(bestKey) {
			// An exact pattern beats a wildcard of the same length.
			best, bestKey = r, k
		}
	}
	if r, ok := rules[pkg]; ok {
		return r, pkg, true
	}
	return best, bestKey, bestKey != ""
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func moduleRoot(t *testing.T) string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", dir, err)
	}
	return dir
}

func TestImportRules(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	var problems []string
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		isTest := strings.HasSuffix(path, "_test.go")
		r, key, ok := ruleFor(pkg)
		if !ok {
			problems = append(problems, pkg+": no import rule for this package; add one to rules (see docs/DESIGN.md)")
			return nil
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if isStd(p) {
				continue
			}
			if own, ok := strings.CutPrefix(p, module); ok {
				own = strings.TrimPrefix(own, "/")
				if isTest || own == pkg {
					continue
				}
				allowed := false
				for _, pat := range r.Own {
					allowed = allowed || match(pat, own)
				}
				if !allowed {
					problems = append(problems, rel+"/"+filepath.Base(path)+": imports "+own+", which rule "+strconv.Quote(key)+" does not allow")
				}
				continue
			}
			allowed := false
			for _, prefix := range append(append([]string{}, r.External...), testExternalIf(isTest)...) {
				allowed = allowed || prefix == "" || p == prefix || strings.HasPrefix(p, prefix+"/")
			}
			if !allowed {
				problems = append(problems, rel+"/"+filepath.Base(path)+": imports "+p+", which rule "+strconv.Quote(key)+" does not allow")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no Go files found")
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

func testExternalIf(isTest bool) []string {
	if isTest {
		return testExternal
	}
	return nil
}

// TestRuleMatching guards the matcher itself, so that a broken matcher
// cannot pass every package.
func TestRuleMatching(t *testing.T) {
	cases := []struct {
		pkg, key string
	}{
		{"dataset", "dataset"},
		{"metrics", "metrics"},
		{"metrics/stattest", "metrics/stattest"},
		{"render/html", "render/..."},
		{"cmd/telltale", "cmd/..."},
		{"internal/testdata/gen", "internal/testdata/..."},
	}
	for _, c := range cases {
		_, key, ok := ruleFor(c.pkg)
		if !ok || key != c.key {
			t.Errorf("ruleFor(%q) = %q, %v; want %q", c.pkg, key, ok, c.key)
		}
	}
	if _, _, ok := ruleFor("util"); ok {
		t.Error("a package named util matched a rule")
	}
	r, _, _ := ruleFor("tracking")
	for _, pat := range r.Own {
		if match(pat, "report") {
			t.Error("tracking may import report")
		}
	}
}
