package telltale_test

import (
	"bytes"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocExampleIsTheExample holds the code in the package doc to the
// Example that runs it, so that the doc cannot rot.
func TestDocExampleIsTheExample(t *testing.T) {
	fset := token.NewFileSet()
	pkgFile, err := parser.ParseFile(fset, "telltale.go", nil, parser.ParseComments)
	require.NoError(t, err)
	var inDoc []string
	for _, l := range strings.Split(pkgFile.Doc.Text(), "\n") {
		if strings.HasPrefix(l, "\t") {
			inDoc = append(inDoc, l[1:])
		}
	}
	exFile, err := parser.ParseFile(fset, "example_test.go", nil, parser.ParseComments)
	require.NoError(t, err)
	examples := doc.Examples(exFile)
	require.Len(t, examples, 1)
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	require.NoError(t, cfg.Fprint(&b, fset, &printer.CommentedNode{Node: examples[0].Code, Comments: examples[0].Comments}))
	lines := strings.Split(b.String(), "\n")
	require.Greater(t, len(lines), 2)
	var inExample []string
	for _, l := range lines[1 : len(lines)-1] { // inside the braces
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "// Output:") || strings.HasPrefix(s, "// FAIL") {
			continue
		}
		inExample = append(inExample, strings.TrimPrefix(l, "\t"))
	}
	assert.Equal(t, strings.Join(inExample, "\n"), strings.Join(inDoc, "\n"))
	assert.LessOrEqual(t, len(inDoc), 18, "a short example")
}
