package main

import (
	"debug/elf"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The repository's root, from this package's directory.
var repoRoot = filepath.Join("..", "..")

func TestCIExampleRunsAsShipped(t *testing.T) {
	dir := t.TempDir()
	junit, md := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.md")
	stdout, stderr, code := runCLI(t, "test", "--config", filepath.Join(repoRoot, "examples", "ci", "telltale.yaml"),
		"--junit", junit, "--markdown", md)
	// The shipped data drifts on purpose (examples/ci/README.md): exit 1,
	// with every metric computed and no test in ERROR.
	require.Equal(t, 1, code, "%s\n%s", stdout, stderr)
	assert.NotContains(t, stdout, "failed:", "a metric failed")
	assert.NotContains(t, stdout, "ERROR ")
	assert.Contains(t, stdout, "AccuracyScore")
	assert.Contains(t, stdout, "WARNING   ColumnValueMax(column=temp_max)")
	assert.Regexp(t, `FAILED: \d+ of \d+ tests failed`, stdout)
	assert.FileExists(t, junit)
	assert.FileExists(t, md)
}

// TestCIWorkflowsBuildFromTheCheckout holds the CI examples to the README:
// telltale is built from the checkout with CGO_ENABLED=0, never fetched
// with go install ...@latest (the module is not published).
func TestCIWorkflowsBuildFromTheCheckout(t *testing.T) {
	runs := func(v any) []string {
		var out []string
		var walk func(any)
		walk = func(v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if s, ok := x.(string); ok && k == "run" {
						out = append(out, s)
					}
					walk(x)
				}
			case []any:
				for _, x := range v {
					if s, ok := x.(string); ok {
						out = append(out, s) // a GitLab script line
					}
					walk(x)
				}
			}
		}
		walk(v)
		return out
	}
	for _, name := range []string{"github-actions.yml", "gitlab-ci.yml"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, "examples", "ci", name))
		require.NoError(t, err)
		var doc any
		require.NoError(t, yaml.Unmarshal(b, &doc), name)
		script := strings.Join(runs(doc), "\n")
		assert.Contains(t, script, "CGO_ENABLED=0 go build -o", name)
		assert.Contains(t, script, "./cmd/telltale", name)
		assert.Contains(t, script, "telltale test --config examples/ci/telltale.yaml", name)
		assert.NotContains(t, script, "go install", name)
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "\nCGO_ENABLED=0 go build -o telltale ./cmd/telltale")
	assert.NotContains(t, string(readme), "\ngo install")
}

// TestBinaryIsStatic checks the README's claim: built with CGO_ENABLED=0,
// the binary asks for no dynamic loader.
func TestBinaryIsStatic(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	f, err := elf.Open(telltaleBinary(t))
	require.NoError(t, err)
	defer f.Close()
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "a dynamically linked binary")
	}
	libs, err := f.ImportedLibraries()
	require.NoError(t, err)
	assert.Empty(t, libs)
}

// TestREADMEPointsAtFilesThatExist: every Markdown file the README names,
// and every relative link, is in the repository; the licence is there.
func TestREADMEPointsAtFilesThatExist(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	names := regexp.MustCompile(`[\w./-]+\.md\b`).FindAllString(string(readme), -1)
	for _, m := range regexp.MustCompile(`\]\(([^)#]+)\)`).FindAllStringSubmatch(string(readme), -1) {
		if !strings.Contains(m[1], "://") {
			names = append(names, m[1])
		}
	}
	require.NotEmpty(t, names)
	for _, n := range names {
		assert.FileExists(t, filepath.Join(repoRoot, filepath.FromSlash(n)), "README names %s", n)
	}
	license, err := os.ReadFile(filepath.Join(repoRoot, "LICENSE"))
	require.NoError(t, err)
	assert.Contains(t, string(license), "Apache License\n                           Version 2.0, January 2004")
}
