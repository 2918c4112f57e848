package storetest

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func testArtifacts(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	id := mustRun(t, s, "0", "r", t0, nil).Info.RunID
	write := func(p, data string) error { return s.LogArtifact(ctx, id, p, strings.NewReader(data)) }
	read := func(p string) (string, error) {
		f, err := s.OpenArtifact(ctx, id, p)
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return string(b), err
	}

	list, err := s.ListArtifacts(ctx, id, "")
	require.NoError(t, err)
	assert.Empty(t, list)

	require.NoError(t, write("report.html", "<html>"))
	require.NoError(t, write("reports/daily/drift.json", `{"drift": true}`))
	require.NoError(t, write("reports/daily/drift.json", `{"drift": false}`)) // replaced
	require.NoError(t, write("naïve 日本.txt", "ü"))
	list, err = s.ListArtifacts(ctx, id, "")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{
		{Path: "naïve 日本.txt", Size: 2}, {Path: "report.html", Size: 6}, {Path: "reports", IsDir: true},
	}, list)
	list, err = s.ListArtifacts(ctx, id, "reports/daily")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{{Path: "reports/daily/drift.json", Size: 16}}, list)
	got, err := read("reports/daily/drift.json")
	require.NoError(t, err)
	assert.Equal(t, `{"drift": false}`, got)
	got, err = read("naïve 日本.txt")
	require.NoError(t, err)
	assert.Equal(t, "ü", got)

	_, err = read("missing.txt")
	isErr(t, err, tracking.ErrNotFound)
	_, err = s.ListArtifacts(ctx, id, "no/such/dir")
	isErr(t, err, tracking.ErrNotFound)
	for _, bad := range []string{"", "../x", "/etc/passwd", "a/../../x", "a/./b", "a//b", `..\x`, "C:/x", "x\x00y"} {
		isErr(t, write(bad, "x"), tracking.ErrInvalid)
		if bad != "" {
			_, err := read(bad)
			isErr(t, err, tracking.ErrInvalid)
			_, err = s.ListArtifacts(ctx, id, bad)
			isErr(t, err, tracking.ErrInvalid)
		}
	}
	isErr(t, s.LogArtifact(ctx, "0123456789abcdef0123456789abcdef", "x", strings.NewReader("x")), tracking.ErrNotFound)
	_, err = s.ListArtifacts(ctx, "0123456789abcdef0123456789abcdef", "")
	isErr(t, err, tracking.ErrNotFound)

	require.NoError(t, s.DeleteRun(ctx, id))
	isErr(t, write("late.txt", "x"), tracking.ErrDeleted)
	got, err = read("report.html")
	require.NoError(t, err, "a deleted run's artifacts can be read")
	assert.Equal(t, "<html>", got)

	// The run helpers write through LogArtifact.
	ar, err := tracking.StartRun(ctx, s, "0", "helper", nil)
	require.NoError(t, err)
	require.NoError(t, ar.LogArtifactBytes(ctx, "a/b.txt", []byte("b")))
	list, err = s.ListArtifacts(ctx, ar.ID(), "a")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{{Path: "a/b.txt", Size: 1}}, list)
}
