package main

import (
	"flag"

	"github.com/telltale-ml/telltale/dataset"
)

// mappingFlags are the column-mapping flags of report and test; each one
// given overrides the config file's mapping key of the same name.
type mappingFlags struct {
	target, prediction, posLabel, id, datetime string
	probas, numerical, categorical, text       listFlag
}

func (m *mappingFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.target, "target", "", "the `COLUMN` of true labels or values")
	fs.StringVar(&m.prediction, "prediction", "", "the `COLUMN` of predicted labels (classification) or values (regression)")
	fs.Var(&m.probas, "prediction-probas", "predicted probability `COLUMNS`, named as their classes (a,b,c); one column in a binary task is the probability of the class it is named after, else of --pos-label")
	fs.StringVar(&m.posLabel, "pos-label", "", "the positive `LABEL` of a binary task, compared as a string (default \"1\")")
	fs.StringVar(&m.id, "id", "", "the row id `COLUMN` (never a feature)")
	fs.StringVar(&m.datetime, "datetime", "", "the timestamp `COLUMN` (never a feature)")
	fs.Var(&m.numerical, "numerical", "numerical feature `COLUMNS` (a,b), converted if read otherwise")
	fs.Var(&m.categorical, "categorical", "categorical feature `COLUMNS` (a,b)")
	fs.Var(&m.text, "text", "text feature `COLUMNS` (a,b)")
}

// apply returns def (nil for none) with the flags that were given laid
// over it.
func (m *mappingFlags) apply(fs *flag.FlagSet, def *dataset.Definition) *dataset.Definition {
	out := dataset.Definition{}
	if def != nil {
		out = *def
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "target":
			out.Target = m.target
		case "prediction":
			out.Prediction = m.prediction
		case "prediction-probas":
			out.PredictionProbas = dataset.ProbasNamedAsClasses(m.probas...)
		case "pos-label":
			out.PosLabel = m.posLabel
		case "id":
			out.ID = m.id
		case "datetime":
			out.Datetime = m.datetime
		case "numerical":
			out.Numerical = m.numerical
		case "categorical":
			out.Categorical = m.categorical
		case "text":
			out.Text = m.text
		}
	})
	return &out
}
