package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs the CLI in-process and returns stdout, stderr and the exit
// code main would use.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	code := exitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

func TestHelpAndUsage(t *testing.T) {
	out, _, code := runCLI(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "inspect")
	assert.Contains(t, out, "Exit codes")

	_, errOut, code := runCLI(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no command given")

	_, errOut, code = runCLI(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)

	out, _, code = runCLI(t, "inspect", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Usage: telltale inspect")
	assert.Contains(t, out, "--type COLUMN=TYPE")

	_, errOut, code = runCLI(t, "inspect", "--no-such-flag", "x.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no-such-flag")
	assert.Contains(t, errOut, "telltale inspect --help")
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "telltale "), out)
	out2, _, _ := runCLI(t, "--version")
	assert.Equal(t, out, out2)
}

func TestParseArgsInterleaved(t *testing.T) {
	fs := newFlagSet("x", "x", "", &bytes.Buffer{})
	j := fs.Bool("json", false, "")
	n := fs.String("name", "", "")
	pos, err := parseArgs(fs, []string{"a", "--json", "b", "--name", "v", "c", "--", "--json"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c", "--json"}, pos)
	assert.True(t, *j)
	assert.Equal(t, "v", *n)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestInspect(t *testing.T) {
	p := writeFile(t, "d.csv", "a,b,c,when\n1.5,x,1,2024-01-02\n2.5,y,2,2024-01-03\n,x,3,\n")
	out, errOut, code := runCLI(t, "inspect", p)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3 rows, 4 columns")
	assert.Regexp(t, `a\s+numerical\s+2\s+1\s+2\s+1.5`, out)
	assert.Regexp(t, `b\s+categorical\s+3\s+0\s+2\s+x`, out)
	assert.Regexp(t, `c\s+categorical\s+3\s+0\s+3\s+1`, out, "an integer column with few values is categorical")
	assert.Regexp(t, `when\s+datetime\s+2\s+1\s+2\s+2024-01-02`, out)

	// Flags after the file, and a type override.
	out, errOut, code = runCLI(t, "inspect", p, "--json", "--type", "c=numerical")
	require.Equal(t, 0, code, errOut)
	var got struct {
		Files []fileSchema `json:"files"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Files, 1)
	assert.Equal(t, "numerical", got.Files[0].Columns[2].Type.String())
	assert.True(t, got.Files[0].Columns[2].Integer)
	require.NotNil(t, got.Files[0].Columns[0].Example)
	assert.Equal(t, "1.5", *got.Files[0].Columns[0].Example)
}

func TestInspectErrorsExit2(t *testing.T) {
	ragged := writeFile(t, "ragged.csv", "a,b\n1,2\n3\n")
	_, errOut, code := runCLI(t, "inspect", ragged)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "ragged.csv:3")
	assert.Contains(t, errOut, "header has 2")

	empty := writeFile(t, "empty.csv", "")
	_, errOut, code = runCLI(t, "inspect", empty)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "empty")

	_, errOut, code = runCLI(t, "inspect", filepath.Join(t.TempDir(), "missing.csv"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "missing.csv")

	_, _, code = runCLI(t, "inspect")
	assert.Equal(t, 2, code)

	p := writeFile(t, "d.csv", "a\nx\n")
	_, errOut, code = runCLI(t, "inspect", p, "--type", "a=numerical")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `"x" is not a number`)
	_, errOut, code = runCLI(t, "inspect", p, "--type", "a=bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "unknown column type")
	_, errOut, code = runCLI(t, "inspect", p, "--type", "nope=text")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `column "nope"`)
	assert.Contains(t, errOut, "no such column")
}

func TestInspectFlights(t *testing.T) {
	path := "../../../shared/data/flights-3m.parquet"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("flights-3m.parquet not found at %s: %v", path, err)
	}
	out, errOut, code := runCLI(t, "inspect", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3,000,000 rows, 5 columns")
	assert.Regexp(t, `\ndate\s+datetime\s+3000000`, out)
	assert.Regexp(t, `\ndelay\s+numerical`, out)
	assert.Regexp(t, `\ndistance\s+numerical`, out)
	assert.Regexp(t, `\norigin\s+categorical`, out)
	assert.Regexp(t, `\ndestination\s+categorical`, out)
}

func TestDemoWritesOutputs(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "demo", "--out", dir)
	require.Equal(t, 0, code, errOut)
	jsonPath := filepath.Join(dir, "telltale-demo.json")
	assert.Contains(t, out, jsonPath)
	data, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	var prof map[string]any
	require.NoError(t, json.Unmarshal(data, &prof))
	assert.Equal(t, "telltale.profile/v1", prof["schema"])
	ds := prof["datasets"].(map[string]any)
	assert.EqualValues(t, 731, ds["reference"].(map[string]any)["rows"])
	assert.EqualValues(t, 730, ds["current"].(map[string]any)["rows"])

	// Deterministic: a second run writes the same bytes.
	_, _, code = runCLI(t, "demo", "--out", dir)
	require.Equal(t, 0, code)
	again, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
}
