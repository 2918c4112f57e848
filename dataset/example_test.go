package dataset_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

func ExampleReadCSV() {
	const data = `age,city,income,joined
31,Oslo,52000.5,2021-03-04
42,Lima,NA,2022-11-30
27,Oslo,38000,2023-01-15
`
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(data), "people.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Len(), "rows")
	for _, c := range f.Columns() {
		fmt.Printf("%s: %s, %d missing\n", c.Name(), c.Type(), c.NullN())
	}
	income := f.Columns()[2].(*dataset.NumericColumn)
	fmt.Println(income.Values())
	// Output:
	// 3 rows
	// age: categorical, 0 missing
	// city: categorical, 0 missing
	// income: numerical, 1 missing
	// joined: datetime, 0 missing
	// [52000.5 NaN 38000]
}

func ExampleReadCSV_error() {
	const data = "a,b\n1,2\n3,\"open\n"
	_, err := dataset.ReadCSV(context.Background(), strings.NewReader(data), "bad.csv", nil)
	fmt.Println(err)
	var pe *dataset.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Column, errors.Is(err, dataset.ErrFormat))
	}
	// Output:
	// bad.csv:3: column "b" (field 2): unterminated quoted field (the quote opens on this line)
	// 3 b true
}

func ExampleConvert() {
	// "age" has few distinct integers, so inference makes it categorical;
	// convert it to numerical.
	f, _ := dataset.ReadCSV(context.Background(), strings.NewReader("age\n31\n42\n\n31\nNA\n"), "ages.csv", nil)
	age, _ := f.Column("age")
	fmt.Println(age.Type())
	num, err := dataset.Convert(age, dataset.Numerical)
	if err != nil {
		fmt.Println(err)
		return
	}
	ints, _ := num.(*dataset.NumericColumn).Ints()
	fmt.Println(num.Type(), ints, num.NullN())
	// Output:
	// categorical
	// numerical [31 42 31 0] 1
}

func ExampleDefinition_Validate() {
	const data = "id,age,city,label,proba\n1,31,Oslo,1,0.8\n2,42,Lima,0,0.3\n"
	f, _ := dataset.ReadCSV(context.Background(), strings.NewReader(data), "scores.csv", nil)
	def := dataset.Definition{
		ID:               "id",
		Target:           "label",
		PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "proba"}},
		Numerical:        []string{"age"},
	}
	fmt.Println(def.Validate(f))
	// Apply converts the listed features first.
	g, err := def.Apply(f)
	fmt.Println(err, g.Names())

	def.Categorical = []string{"town"}
	err = def.Validate(f)
	fmt.Println(err)
	fmt.Println(errors.Is(err, dataset.ErrNoColumn))
	// Output:
	// scores.csv: column "age": a numerical feature must be numerical, but the column is categorical
	// <nil> [id age city label proba]
	// scores.csv: column "town": categorical feature column not in the data (columns: "id", "age", "city", "label", "proba")
	// true
}
