// Package telltale watches the data and models of ML pipelines: it compares
// a current dataset with a reference one and tells what changed (drift,
// data quality, model quality), turns its findings into tests that pass or
// fail, renders them to one HTML page and a JSON profile, and logs them as
// runs that MLflow's tools read. It uses Evidently's concepts and names;
// its numbers agree with SciPy and scikit-learn.
//
// This package holds no code: it is the map of the module. Read data with
// [github.com/telltale-ml/telltale/dataset], choose metrics
// ([github.com/telltale-ml/telltale/metrics]), tests
// ([github.com/telltale-ml/telltale/tests]) or presets
// ([github.com/telltale-ml/telltale/presets]), run them with
// [github.com/telltale-ml/telltale/report], and render the snapshot with
// [github.com/telltale-ml/telltale/render/html] and its siblings; the
// telltale command (cmd/telltale) does all of it from the shell.
//
// # Example
//
// Drift between two CSV files, gated by a test, drawn as a page (the
// package's Example runs it):
//
//	ctx := context.Background()
//	ref, cur, err := dataset.ReadPair(ctx, "examples/ci/data/reference.csv", "examples/ci/data/current.csv", nil, dataset.PairOptions{})
//	if err != nil {
//		log.Fatal(err)
//	}
//	r := &report.Report{
//		Presets: []presets.Preset{&presets.DataDrift{}},
//		Tests:   []tests.Test{&tests.ShareOfDriftedColumns{Base: tests.Lt(0.3)}},
//	}
//	snap, err := r.Run(ctx, report.Data{Reference: ref, Current: cur}, nil)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println(snap.Tests[0].Status, snap.Tests[0].Description)
//	var page bytes.Buffer // or a file: one self-contained HTML page
//	if err := html.Write(&page, snap, nil); err != nil {
//		log.Fatal(err)
//	}
package telltale
