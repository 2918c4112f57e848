package dataset_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

const defCSV = "id,when,age,city,score,p_yes,p_no,label,pred,e1,e2,note\n" +
	"a1,2024-01-01,31,Oslo,0.5,0.9,0.1,yes,yes,0.1,0.2,x\n" +
	"a2,2024-01-02,42,Lima,0.7,0.2,0.8,no,yes,0.3,0.4,y\n"

func TestDefinitionValidate(t *testing.T) {
	f := mustCSV(t, defCSV, nil)
	ok := dataset.Definition{
		Target: "label", Prediction: "pred", ID: "id", Datetime: "when",
		PredictionProbas: dataset.ProbasNamedAsClasses("p_yes", "p_no"),
		Numerical:        []string{"score"}, Categorical: []string{"city", "age"},
		Embeddings: map[string][]string{"emb": {"e1", "e2"}},
	}
	require.NoError(t, ok.Validate(f))
	assert.Equal(t, map[dataset.Type][]string{
		dataset.Categorical: {"age", "city", "note"},
		dataset.Numerical:   {"score"},
	}, ok.Features(f))

	cases := []struct {
		name   string
		def    dataset.Definition
		err    error
		column string
		parts  []string
	}{
		{"missing target", dataset.Definition{Target: "y"}, dataset.ErrNoColumn, "y",
			[]string{`t.csv: column "y": target column not in the data (columns: "id", "when"`, "and 2 more"}},
		{"missing feature", dataset.Definition{Numerical: []string{"score", "weight"}}, dataset.ErrNoColumn, "weight",
			[]string{`column "weight": numerical feature column not in the data`}},
		{"missing embedding column", dataset.Definition{Embeddings: map[string][]string{"v": {"e1", "e9"}}}, dataset.ErrNoColumn, "e9",
			[]string{`column of embedding "v" not in the data`}},
		{"mistyped listed feature", dataset.Definition{Numerical: []string{"city"}}, dataset.ErrColumnType, "city",
			[]string{`t.csv: column "city": a numerical feature must be numerical, but the column is categorical`}},
		{"mistyped datetime", dataset.Definition{Datetime: "city"}, dataset.ErrColumnType, "city",
			[]string{"the datetime column must be datetime"}},
		{"mistyped probability", dataset.Definition{Target: "label", PredictionProbas: []dataset.ProbaColumn{{Label: "yes", Column: "city"}}}, dataset.ErrColumnType, "city",
			[]string{"a prediction probability must be numerical"}},
		{"mistyped embedding", dataset.Definition{Embeddings: map[string][]string{"v": {"e1", "note"}}}, dataset.ErrColumnType, "note",
			[]string{`a column of embedding "v" must be numerical`}},
		{"target is prediction", dataset.Definition{Target: "label", Prediction: "label"}, dataset.ErrDefinition, "label",
			[]string{`column "label": named both as target and as prediction`}},
		{"feature in two lists", dataset.Definition{Numerical: []string{"score"}, Categorical: []string{"score"}}, dataset.ErrDefinition, "score",
			[]string{"named both as numerical feature and as categorical feature"}},
		{"id listed as feature", dataset.Definition{ID: "id", Categorical: []string{"id"}}, dataset.ErrDefinition, "id",
			[]string{"named both as id and as categorical feature"}},
		{"probabilities without target", dataset.Definition{PredictionProbas: dataset.ProbasNamedAsClasses("p_yes")}, dataset.ErrDefinition, "",
			[]string{"prediction probabilities need a target column"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.def.Validate(f)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.err)
			if tc.column != "" {
				var ce *dataset.ColumnError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tc.column, ce.Column)
				assert.Equal(t, "t.csv", ce.Source)
			}
			for _, p := range tc.parts {
				assert.Contains(t, err.Error(), p)
			}
			_, err = tc.def.Apply(f)
			assert.Error(t, err)
		})
	}
}

func TestDefinitionApply(t *testing.T) {
	f := mustCSV(t, defCSV, nil)
	d := dataset.Definition{Numerical: []string{"age"}, Text: []string{"note"}, Categorical: []string{"score"}}
	g, err := d.Apply(f)
	require.NoError(t, err)
	checkConsistent(t, g)
	age, _ := g.Column("age")
	assert.Equal(t, dataset.Numerical, age.Type())
	assert.Equal(t, []float64{31, 42}, age.(*dataset.NumericColumn).Values())
	note, _ := g.Column("note")
	assert.Equal(t, dataset.Text, note.Type())
	score, _ := g.Column("score")
	assert.Equal(t, dataset.Categorical, score.Type())
	assert.Equal(t, f.Names(), g.Names())
	// f itself is unchanged.
	age, _ = f.Column("age")
	assert.Equal(t, dataset.Categorical, age.Type())

	_, err = (&dataset.Definition{Numerical: []string{"city"}}).Apply(f)
	var ce *dataset.ColumnError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "city", ce.Column)
	assert.ErrorIs(t, err, dataset.ErrColumnType)
	assert.Contains(t, err.Error(), `t.csv: column "city": listed as numerical: row 1: "Oslo" is not a number`)

	_, err = (&dataset.Definition{DatetimeFeatures: []string{"score"}}).Apply(f)
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, dataset.ErrColumnType)
	assert.Contains(t, err.Error(), "cannot convert a numerical column to datetime")
}

func TestDefinitionPositive(t *testing.T) {
	assert.Equal(t, "1", (&dataset.Definition{}).Positive())
	assert.Equal(t, "yes", (&dataset.Definition{PosLabel: "yes"}).Positive())
}

func TestAlign(t *testing.T) {
	ref := mustCSV(t, "a,b,c\n1.5,x,2024-01-01\n2.5,y,2024-01-02\n", nil)
	cases := []struct {
		name   string
		cur    string
		skip   bool
		err    error
		column string
		parts  []string
		names  []string
		notes  []string
	}{
		{name: "same", cur: "a,b,c\n3.5,z,2024-02-01\n", names: []string{"a", "b", "c"}},
		{name: "order and conversion", cur: "c,b,a\n2024-02-01,1,3.5\n", names: []string{"a", "b", "c"}},
		{name: "missing in current", cur: "a,c\n3.5,2024-02-01\n", err: dataset.ErrNoColumn, column: "b",
			parts: []string{`column "b": in the reference (ref.csv) but not in the current data (t.csv)`}},
		{name: "missing in reference", cur: "a,b,c,d\n3.5,z,2024-02-01,9\n", err: dataset.ErrNoColumn, column: "d",
			parts: []string{`column "d": in the current data (t.csv) but not in the reference (ref.csv)`}},
		{name: "mistyped", cur: "a,b,c\nfoo,z,2024-02-01\n", err: dataset.ErrColumnType, column: "a",
			parts: []string{`column "a": numerical in the reference (ref.csv) but categorical in the current data (t.csv)`}},
		{name: "skip mismatched", cur: "a,c,d\nfoo,2024-02-01,9\n", skip: true, names: []string{"c"},
			notes: []string{`skipped column "a": numerical in the reference`, `skipped column "b": in the reference`, `skipped column "d": in the current data`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			refN := ref.WithNotes()
			refN, err := renamed(refN, "ref.csv")
			require.NoError(t, err)
			cur := mustCSV(t, tc.cur, nil)
			r, c, err := dataset.Align(refN, cur, dataset.PairOptions{SkipMismatched: tc.skip})
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				var ce *dataset.ColumnError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tc.column, ce.Column)
				for _, p := range tc.parts {
					assert.Contains(t, err.Error(), p)
				}
				return
			}
			require.NoError(t, err)
			checkConsistent(t, r)
			checkConsistent(t, c)
			assert.Equal(t, tc.names, r.Names())
			assert.Equal(t, tc.names, c.Names())
			for i := range r.Columns() {
				assert.Equal(t, r.Columns()[i].Type(), c.Columns()[i].Type())
			}
			require.Len(t, c.Notes(), len(tc.notes))
			for i, n := range tc.notes {
				assert.Contains(t, c.Notes()[i], n)
				assert.Contains(t, r.Notes()[i], n)
			}
		})
	}
}

// renamed returns f with another source.
func renamed(f *dataset.Frame, source string) (*dataset.Frame, error) {
	return dataset.New(source, f.Columns()...)
}

func TestReadPair(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	ctx := context.Background()
	// In the reference n has 12 distinct integers (numerical); in the
	// current sample only 2, which alone would read as categorical.
	ref := write("ref.csv", "n,k\n1,a\n2,b\n3,a\n4,a\n5,a\n6,a\n7,a\n8,a\n9,a\n10,a\n11,a\n12,a\n")
	cur := write("cur.csv", "n,k\n1,a\n2,b\n")
	r, c, err := dataset.ReadPair(ctx, ref, cur, nil, dataset.PairOptions{})
	require.NoError(t, err)
	assert.Equal(t, []dataset.Type{dataset.Numerical, dataset.Categorical}, colTypes(r))
	assert.Equal(t, []dataset.Type{dataset.Numerical, dataset.Categorical}, colTypes(c))

	// A current value that cannot take the reference's type.
	bad := write("bad.csv", "n,k\n1,a\nlots,b\n")
	_, _, err = dataset.ReadPair(ctx, ref, bad, nil, dataset.PairOptions{})
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, bad, pe.File)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, "n", pe.Column)

	r, c, err = dataset.ReadPair(ctx, ref, bad, nil, dataset.PairOptions{SkipMismatched: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"k"}, c.Names())
	assert.Equal(t, []string{"k"}, r.Names())
	// The reader's note on the current file, then Align's.
	require.Len(t, c.Notes(), 2)
	assert.Contains(t, c.Notes()[0], `bad.csv:3: column "n" starts with numbers but holds "lots"`)
	assert.Contains(t, c.Notes()[1], `skipped column "n": numerical in the reference`)

	// A column missing from the current file.
	short := write("short.csv", "n\n1\n")
	_, _, err = dataset.ReadPair(ctx, ref, short, nil, dataset.PairOptions{})
	assert.ErrorIs(t, err, dataset.ErrNoColumn)
	assert.Contains(t, err.Error(), `column "k"`)

	// An explicit type wins over the reference's.
	r, c, err = dataset.ReadPair(ctx, ref, cur, types("n", dataset.Categorical), dataset.PairOptions{})
	require.NoError(t, err)
	assert.Equal(t, dataset.Categorical, r.Columns()[0].Type())
	assert.Equal(t, dataset.Categorical, c.Columns()[0].Type())
}

func TestTypesNamingNoColumn(t *testing.T) {
	_, err := readCSV("a,b\n1,2\n", types("a", dataset.Numerical, "c", dataset.Text))
	var pe *dataset.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "c", pe.Column)
	assert.ErrorIs(t, err, dataset.ErrNoColumn)
	assert.Contains(t, err.Error(), `t.csv: column "c": a type is given for this column, but the file has no such column (columns: "a", "b")`)

	_, err = readJSON(`[{"a": 1}]`, types("zz", dataset.Numerical))
	assert.ErrorIs(t, err, dataset.ErrNoColumn)

	type row struct {
		X int64 `parquet:"x"`
	}
	_, err = readParquet(writeParquet(t, []row{{1}}), types("y", dataset.Numerical))
	assert.ErrorIs(t, err, dataset.ErrNoColumn)

	dir := t.TempDir()
	ref := filepath.Join(dir, "ref.csv")
	cur := filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(ref, []byte("a,b\n1,x\n"), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte("a,c\n2,y\n"), 0o644))
	ctx := context.Background()
	// A type for a column of one side only is fine; Align skips it.
	r, c, err := dataset.ReadPair(ctx, ref, cur, types("c", dataset.Text), dataset.PairOptions{SkipMismatched: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, r.Names())
	assert.Equal(t, []string{"a"}, c.Names())
	// A type for a column of neither is an error.
	_, _, err = dataset.ReadPair(ctx, ref, cur, types("d", dataset.Text), dataset.PairOptions{SkipMismatched: true})
	assert.ErrorIs(t, err, dataset.ErrNoColumn)
	assert.ErrorContains(t, err, `column "d": a type is given for this column, but neither`)
}
