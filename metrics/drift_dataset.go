package metrics

import (
	"context"
	"errors"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/parallel"
)

// DataDrift tests every column for drift and decides whether the dataset
// drifted: when the share of drifted columns reaches DriftShare
// (Evidently's get_dataset_drift: share >= drift_share, default 0.5).
//
// The columns are Columns when given, else, as Evidently's legacy
// DataDriftTable: the target, a single prediction column, and the
// numerical, categorical and text features (datetime, id and probability
// columns are not tested). Columns are tested in parallel. A column that
// cannot be tested gets an error in its entry and does not count; the
// metric fails only when no column can be tested.
//
// FeatureImportance adds each column's importance to its entry, as
// Evidently's feature_importance option shows it beside the drift, in one
// of two ways:
//
//   - Given importances, as Evidently's additional_data
//     current_feature_importance and reference_feature_importance give
//     them (a map from column to importance, from the user's own model),
//     are shown as given (they need no FeatureImportance).
//   - Otherwise FeatureImportance fits a model to tell the reference rows
//     from the current ones, a CART tree grown as scikit-learn's
//     DecisionTreeClassifier(max_depth=5, min_samples_leaf=20) grows it
//     (package cart), on the numerical and categorical columns (at most
//     50,000 evenly spaced rows of each dataset, fewer beyond 100
//     columns so that the tree holds at most 10,000,000 values; missing
//     numbers below
//     every value, categories in sorted order as OrdinalEncoder codes
//     them), and gives each column's share of the tree's Gini impurity
//     decrease (feature_importances_) as its drift_importance: the
//     columns that tell the datasets apart. Evidently instead fits a
//     RandomForestClassifier/Regressor (min_samples_leaf=10) to the
//     target on each dataset, without a random_state, so that its
//     numbers change from run to run and no fixture could pin them; the
//     tree's are deterministic and agree with scikit-learn's.
//
// Compute returns *DataDriftResult.
type DataDrift struct {
	Columns []string `json:"columns,omitempty"`
	// DriftShare is the share of drifted columns at which the dataset
	// drifts; nil means 0.5.
	DriftShare *float64 `json:"drift_share,omitempty"`
	// FeatureImportance asks for each column's importance: the given
	// ones, or else the drift tree's (see above).
	FeatureImportance bool `json:"feature_importance,omitempty"`
	// CurrentFeatureImportance and ReferenceFeatureImportance map columns
	// to their importance in each dataset.
	CurrentFeatureImportance   map[string]float64 `json:"current_feature_importance,omitempty"`
	ReferenceFeatureImportance map[string]float64 `json:"reference_feature_importance,omitempty"`
	DriftOptions
}

// Name implements Metric.
func (m *DataDrift) Name() string { return "DataDrift" }

// Params implements Parameterized.
func (m *DataDrift) Params() any { return m }

// DataDriftResult is the drift of a dataset.
type DataDriftResult struct {
	// NumberOfColumns counts the columns tested without error.
	NumberOfColumns        int   `json:"number_of_columns"`
	NumberOfDriftedColumns int   `json:"number_of_drifted_columns"`
	ShareOfDriftedColumns  Float `json:"share_of_drifted_columns"`
	DatasetDrift           bool  `json:"dataset_drift"`
	DriftShare             Float `json:"drift_share"`
	// NumberOfColumnsWithErrors counts the columns that could not be
	// tested; their entries in Columns say why.
	NumberOfColumnsWithErrors int                 `json:"number_of_columns_with_errors"`
	Columns                   []ColumnDriftResult `json:"columns"`
}

// ReadsSummaries implements SummaryReader.
func (m *DataDrift) ReadsSummaries() {}

// Compute implements Metric.
func (m *DataDrift) Compute(ctx context.Context, in *Input) (Result, error) {
	share := 0.5
	if m.DriftShare != nil {
		share = *m.DriftShare
	}
	if err := CheckShare("drift_share", &share); err != nil {
		return nil, err
	}
	d, err := newDrifter(in, &m.DriftOptions)
	if err != nil {
		return nil, err
	}
	cols := m.Columns
	if cols == nil {
		cols = DriftColumns(in)
	}
	for _, c := range cols {
		if _, ok := in.ColumnType(c); !ok {
			return nil, &ColumnError{Metric: m.Name(), Column: c, Err: ErrNoColumn}
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%w: no numerical, categorical or text columns to test", ErrEmpty)
	}
	var fitted map[string]float64
	if m.FeatureImportance && m.CurrentFeatureImportance == nil && m.ReferenceFeatureImportance == nil {
		if fitted, err = driftImportances(ctx, in, cols); err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name(), err)
		}
	}
	res := &DataDriftResult{Columns: make([]ColumnDriftResult, len(cols)), DriftShare: Float(share)}
	if err := testColumns(ctx, cols, res.Columns, d.column); err != nil {
		return nil, err
	}
	for i := range res.Columns {
		c := &res.Columns[i]
		if v, ok := m.CurrentFeatureImportance[c.Column]; ok {
			c.CurrentFeatureImportance = valuePtr(v)
		}
		if v, ok := m.ReferenceFeatureImportance[c.Column]; ok {
			c.ReferenceFeatureImportance = valuePtr(v)
		}
		if v, ok := fitted[c.Column]; ok {
			c.DriftImportance = valuePtr(v)
		}
	}
	var errs []error
	for _, c := range res.Columns {
		switch {
		case c.err != nil:
			res.NumberOfColumnsWithErrors++
			errs = append(errs, fmt.Errorf("column %q: %w", c.Column, c.err))
		case c.Drifted == Drift:
			res.NumberOfDriftedColumns++
			res.NumberOfColumns++
		default:
			res.NumberOfColumns++
		}
	}
	if res.NumberOfColumns == 0 {
		return nil, fmt.Errorf("no column could be tested: %w", errors.Join(errs...))
	}
	res.ShareOfDriftedColumns = Float(float64(res.NumberOfDriftedColumns) / float64(res.NumberOfColumns))
	res.DatasetDrift = float64(res.ShareOfDriftedColumns) >= share
	return res, nil
}

// testColumns fills out[i] with test(cols[i]) in parallel. A panic in one
// column's test becomes that column's error (with the panic value and
// stack); it returns only ctx's error.
func testColumns(ctx context.Context, cols []string, out []ColumnDriftResult, test func(string) ColumnDriftResult) error {
	err := parallel.For(ctx, 0, len(cols), func(i int) { out[i] = test(cols[i]) })
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	var panics parallel.Panics
	if errors.As(err, &panics) {
		for _, p := range panics {
			perr := fmt.Errorf("%w: %w", ErrPanic, p)
			out[p.Index] = ColumnDriftResult{Column: cols[p.Index], Statistic: nan(), PValue: nan(), Score: nan(), Threshold: nan(), err: perr, Error: perr.Error()}
		}
	} else if err != nil {
		return err
	}
	return nil
}

// DriftColumns returns the columns DataDrift tests by default, in frame
// order: the target, a prediction column, and the numerical, categorical
// and text features of the current data.
func DriftColumns(in *Input) []string {
	def := in.Def()
	var cols []string
	if def.Target != "" {
		cols = append(cols, def.Target)
	}
	if def.Prediction != "" {
		cols = append(cols, def.Prediction)
	}
	feats := in.Features()
	for _, t := range []dataset.Type{dataset.Numerical, dataset.Categorical, dataset.Text} {
		cols = append(cols, feats[t]...)
	}
	// Keep frame order, which users recognise.
	pos := map[string]int{}
	for i, n := range in.Names() {
		pos[n] = i
	}
	seen := map[string]bool{}
	out := cols[:0]
	for _, c := range cols {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sortByPos(out, pos)
	return out
}

func sortByPos(names []string, pos map[string]int) {
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && pos[names[j]] < pos[names[j-1]]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
}
