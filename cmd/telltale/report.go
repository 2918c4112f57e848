package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/atomicfile"
	"github.com/telltale-ml/telltale/internal/oneshot"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/figure"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/render/junit"
	"github.com/telltale-ml/telltale/render/markdown"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

const reportHelp = `
Compute a report: metrics comparing the current data with the reference,
from presets (--preset), a config file (--config), or both. Tests listed in
the config file run too and are shown, but do not change the exit code (use
"telltale test" to gate on them). It prints a line on what each metric
found, and writes the outputs you ask for.

Exit codes:
  0  the report was computed and written, even when some metrics failed:
     each failure is printed with its reason and kept in the JSON profile
     and the HTML page;
  2  bad usage or unreadable input, and also when no metric at all could
     be computed (a preset that needs --target, drift without --reference):
     the message names what each metric missed, and nothing is written.

Metric presets: data-drift, data-summary, data-quality (data-summary and
the missing values), classification, regression, target-drift. Evidently's
preset names (DataDriftPreset, ...) work too: "telltale test --list
--evidently". Test presets may be named too
(data-stability, ...); "tests:data-drift" picks the test preset of a name
both kinds have.

Outputs: "-" writes to stdout (and the messages go to stderr); an existing
regular file is replaced atomically; a device (/dev/null), a FIFO or a
symbolic link is written through. Outputs are checked before any work: their
directories must exist, and no two may be the same file, nor an input.

Examples:
  telltale report --reference ref.csv --current cur.csv --preset data-drift --json drift.json
  telltale report --reference ref.parquet --current cur.parquet \
      --preset data-drift,data-summary --target churned --prediction score
  telltale report --config telltale.yaml --json out.json --markdown summary.md
  telltale report --reference ref.csv --current cur.csv --preset data-drift \
      --stattest psi --stattest-threshold 0.2 --drift-share 0.3 --columns temp_max,wind
  telltale report --reference ref.csv --current cur.csv --preset data-drift --json - | jq .summary
`

func runReport(ctx context.Context, e *env, args []string) error {
	return runSuite(ctx, e, args, "report")
}

// suiteFlags are the flags report and test share.
type suiteFlags struct {
	reference, current, config string
	presets                    listFlag
	jsonOut, junitOut, mdOut   string
	htmlOut, pngDir, svgDir    string
	title                      string
	list, evidently            bool
	skipMismatched             bool
	read                       readFlags
	mapping                    mappingFlags
	drift                      driftFlags
	track                      reportTracking
}

func (f *suiteFlags) register(fs *flag.FlagSet, cmd string) {
	fs.StringVar(&f.reference, "reference", "", "the reference data `FILE` (CSV, Parquet, JSON, or a .sketch from telltale sketch); overrides the config file's")
	fs.StringVar(&f.current, "current", "", "the current data `FILE` (or a .sketch); overrides the config file's")
	fs.StringVar(&f.config, "config", "", "a YAML or JSON config `FILE` with the mapping, presets, metrics and tests (see \"telltale test --help\")")
	fs.Var(&f.presets, "preset", "a preset `NAME` to run; repeat or separate with commas for several")
	fs.StringVar(&f.jsonOut, "json", "", "write the JSON profile to `FILE` (- for stdout: --json - | jq)")
	fs.StringVar(&f.htmlOut, "html", "", "write the interactive HTML report to `FILE` (one file that opens offline; - for stdout)")
	fs.StringVar(&f.title, "title", "", "the `TITLE` of the HTML report (default \"telltale report\")")
	fs.StringVar(&f.pngDir, "png", "", "draw the key charts as PNG images into `DIR` (created if missing; drift histograms, matrices, curves)")
	fs.StringVar(&f.svgDir, "svg", "", "draw the key charts as SVG images into `DIR` (created if missing)")
	fs.StringVar(&f.junitOut, "junit", "", "write the test outcomes as JUnit XML to `FILE`, for CI test reports (- for stdout)")
	fs.StringVar(&f.mdOut, "markdown", "", "write a Markdown summary to `FILE` (a pull-request comment, $GITHUB_STEP_SUMMARY; - for stdout)")
	fs.BoolVar(&f.list, "list", false, "list the presets, tests and metrics there are, and exit; --list NAME describes one and its options; with --json, as JSON on stdout")
	fs.BoolVar(&f.evidently, "evidently", false, "with --list: list Evidently's class names (ColumnDriftMetric, DataDriftPreset, ...) with telltale's name for each")
	fs.BoolVar(&f.skipMismatched, "skip-mismatched", false, "leave out, with a note, each column that only one side has or whose types differ, instead of stopping")
	f.read.register(fs)
	f.mapping.register(fs)
	f.drift.register(fs)
	f.track.register(fs)
}

// runSuite is report and test: cmd says which.
func runSuite(ctx context.Context, e *env, args []string, cmd string) error {
	synopsis, help, prefer := "report [flags]", reportHelp, presets.MetricPreset
	if cmd == "test" {
		synopsis, help, prefer = "test [flags]", testHelp, presets.TestPreset
	}
	fs := newFlagSet(cmd, synopsis, help, e.stdout)
	var f suiteFlags
	f.register(fs, cmd)
	pos, err := parseArgs(fs, listJSON(args))
	if err != nil {
		return err
	}
	if f.list {
		if f.evidently {
			if len(pos) > 0 || f.jsonOut != "" {
				return usagef(cmd, "--list --evidently takes no name and no --json")
			}
			printEvidentlyNames(e.stdout)
			return nil
		}
		if len(pos) > 1 {
			return usagef(cmd, "--list takes one name, got %q", pos)
		}
		name := ""
		if len(pos) == 1 {
			name = pos[0]
		}
		if f.jsonOut == "" || f.jsonOut == "-" {
			if err := listCatalog(e.stdout, name, f.jsonOut != ""); err != nil {
				return usagef(cmd, "%v", err)
			}
			return nil
		}
		var buf bytes.Buffer
		if err := listCatalog(&buf, name, true); err != nil {
			return usagef(cmd, "%v", err)
		}
		return atomicfile.WriteBytes(f.jsonOut, buf.Bytes(), 0o644)
	}
	if f.evidently {
		return usagef(cmd, "--evidently goes with --list")
	}
	if len(pos) > 0 {
		return usagef(cmd, "unexpected argument %q (give data files with --reference and --current)", pos[0])
	}
	if err := f.track.check(cmd); err != nil {
		return err
	}
	readOpts, err := f.read.options(cmd)
	if err != nil {
		return err
	}
	cfg := &report.Config{}
	if f.config != "" {
		if cfg, err = report.ReadConfig(f.config, prefer); err != nil {
			return err
		}
	}
	for _, n := range cfg.Notes {
		fmt.Fprintln(e.stderr, "note:", n)
	}
	for _, name := range f.presets {
		fac, _, alias, err := presets.LookupAlias(name, prefer)
		if err != nil {
			return usagef(cmd, "--preset: %v", err)
		}
		if alias.Evidently != "" {
			fmt.Fprintln(e.stderr, "note: --preset:", alias.Said())
		}
		cfg.Presets = append(cfg.Presets, fac())
	}
	if err := f.drift.apply(cmd, cfg.Presets); err != nil {
		return err
	}
	if f.reference != "" {
		cfg.Reference = f.reference
	}
	if f.current != "" {
		cfg.Current = f.current
	}
	if cfg.Current == "" {
		return usagef(cmd, "give the current data with --current FILE (or current: in the config file)")
	}
	r := cfg.Report()
	if len(r.Presets)+len(r.Metrics)+len(r.Tests)+len(r.Generators) == 0 {
		return usagef(cmd, "nothing to do: give --preset NAME or a --config file with presets, metrics or tests")
	}
	plan, err := checkOutputs(cmd, e.stdout, []outputFile{
		{flag: "--json", path: f.jsonOut}, {flag: "--html", path: f.htmlOut},
		{flag: "--junit", path: f.junitOut}, {flag: "--markdown", path: f.mdOut},
		{flag: "--png", path: f.pngDir, dir: true}, {flag: "--svg", path: f.svgDir, dir: true},
	}, []inputFile{{"the config file", f.config}, {"the reference", cfg.Reference}, {"the current data", cfg.Current}})
	if err != nil {
		return err
	}
	if plan.usesStdout() {
		// An output goes to stdout (--json -): the messages go to stderr.
		e = &env{stdout: e.stderr, stderr: e.stderr}
	}
	def := f.mapping.apply(fs, cfg.Mapping)

	var data report.Data
	if isSketch(cfg.Reference) || isSketch(cfg.Current) {
		if data, err = summaryData(ctx, cfg.Reference, cfg.Current, readOpts, def); err != nil {
			return err
		}
	} else if data, err = frameData(ctx, cfg.Reference, cfg.Current, readOpts, def, f.skipMismatched); err != nil {
		return err
	}

	opts := &report.Options{Version: telltaleVersion()}
	if e.tty {
		opts.Progress = func(done, total int) {
			fmt.Fprintf(e.stderr, "\rcomputing metrics: %d/%d", done, total)
			if done == total {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
		}
	}
	snap, err := r.Run(ctx, data, opts)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return fmt.Errorf("%s: %w", cmd, err)
	}
	if cmd == "report" {
		if err := noMetricComputed(cmd, snap); err != nil {
			return err
		}
	}

	artifacts := map[string][]byte{}
	outputs := []struct {
		path, artifact string
		write          func(io.Writer, *report.Snapshot) error
	}{
		{f.jsonOut, "telltale.json", jsonprofile.Write},
		{f.htmlOut, "telltale.html", f.writeHTML},
		{f.junitOut, "telltale-junit.xml", junit.Write},
		{f.mdOut, "telltale.md", markdown.Write},
	}
	// The outputs are rendered and prepared side by side (each file
	// written and synced beside its path, its fsync waiting on the disk
	// while the others are made), then put in place in the order above:
	// the first that failed stops the rest, which are left as they were,
	// as when they were written one after the other.
	type rendered struct {
		data    []byte
		pending *pendingOutput
		err     error
	}
	results := make([]rendered, len(outputs))
	wanted := func(path, artifact string) bool {
		return path != "" || f.track.enabled() && (artifact == "telltale.json" || artifact == "telltale.html")
	}
	var rendering sync.WaitGroup
	for i, o := range outputs {
		if !wanted(o.path, o.artifact) {
			continue
		}
		rendering.Go(func() {
			var buf bytes.Buffer
			if err := o.write(&buf, snap); err != nil {
				results[i].err = err
				return
			}
			results[i].data = buf.Bytes()
			if o.path != "" {
				results[i].pending, results[i].err = plan.prepare(o.path, buf.Bytes())
			}
		})
	}
	rendering.Wait()
	var wrote []string
	for i, o := range outputs {
		if !wanted(o.path, o.artifact) {
			continue
		}
		err := results[i].err
		if err == nil && results[i].pending != nil {
			err = results[i].pending.commit()
		}
		if err != nil {
			for _, r := range results[i+1:] {
				r.pending.abort()
			}
			return err
		}
		artifacts[o.artifact] = results[i].data
		if o.path != "" && !plan.toStdout[o.path] {
			wrote = append(wrote, o.path)
		}
	}

	for _, pic := range []struct{ dir, format string }{{f.pngDir, "png"}, {f.svgDir, "svg"}} {
		if pic.dir == "" {
			continue
		}
		paths, err := figure.Write(pic.dir, snap, pic.format)
		if err != nil {
			return err
		}
		wrote = append(wrote, fmt.Sprintf("%d %s images in %s", len(paths), pic.format, pic.dir))
	}

	printOutcomes(e, snap, cmd)
	for _, p := range wrote {
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	params := map[string]string{"command": cmd}
	if len(f.presets) > 0 {
		params["presets"] = strings.Join(f.presets, ",")
	}
	if err := f.track.log(ctx, cmd, e, snap, artifacts, params); err != nil {
		return err
	}
	if cmd == "test" && snap.Summary.Failed {
		return errTestsFailed
	}
	return nil
}

// listJSON lets --json go without a value after --list ("test --list
// --json" prints the catalog as JSON to stdout): with --list among args, a
// bare --json becomes --json=-.
func listJSON(args []string) []string {
	list := false
	for _, a := range args {
		if a == "--" {
			break
		}
		switch a {
		case "--list", "-list", "--list=true", "-list=true":
			list = true
		}
	}
	if !list {
		return args
	}
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--json" || a == "-json" {
			a = "--json=-"
		}
		out[i] = a
	}
	return out
}

// mismatchHint adds to an error about a column that only one side has, or
// whose types differ, how to go on without it. A --type given for a column
// neither file has gets no hint: skipping would not help.
func mismatchHint(err error, opts *dataset.ReadOptions) error {
	var ce *dataset.ColumnError
	if !errors.As(err, &ce) || !(errors.Is(err, dataset.ErrNoColumn) || errors.Is(err, dataset.ErrColumnType)) {
		return err
	}
	if _, typed := opts.Types[ce.Column]; typed && errors.Is(err, dataset.ErrNoColumn) {
		return err
	}
	return fmt.Errorf("%w; give --skip-mismatched to leave such columns out with a note", err)
}

// statusColor is the ANSI colour of each status on a terminal; the codes
// have the same length so that the table stays aligned.
var statusColor = map[tests.Status]string{
	tests.Success: "\033[32m", tests.Fail: "\033[31m", tests.Warning: "\033[33m", tests.Error: "\033[91m", tests.Skipped: "\033[90m",
}

// printOutcomes prints what the metrics found (report: a headline each;
// test: the metrics that failed), a table of the tests and the verdict.
func printOutcomes(e *env, s *report.Snapshot, cmd string) {
	w := e.stdout
	var others []string
	for _, m := range s.Metrics {
		switch {
		case m.Error != "":
			fmt.Fprintf(w, "%s: failed: %s\n", m.ID, metricError(m))
		case cmd != "report":
		case headline(m.Result) != "":
			fmt.Fprintf(w, "%s: %s\n", m.ID, headline(m.Result))
		default:
			others = append(others, m.ID)
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "also computed: %s\n", strings.Join(others, ", "))
	}
	if len(s.Tests) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "STATUS"
	if e.tty {
		header += strings.Repeat(" ", len(statusColor[tests.Success]+colorReset))
	}
	fmt.Fprintf(tw, "%s \tTEST\tVALUE\tDESCRIPTION\n", header)
	for _, o := range s.Tests {
		status := string(o.Status)
		pad := strings.Repeat(" ", len("WARNING")-len(status))
		if e.tty {
			status = statusColor[o.Status] + status + colorReset
		}
		v := "-"
		if f := float64(o.Value); !math.IsNaN(f) {
			v = strconv.FormatFloat(f, 'g', 4, 64)
		}
		fmt.Fprintf(tw, "%s%s \t%s\t%s\t%s\n", status, pad, o.ID, v, oneLine(o.Description))
	}
	tw.Flush()
	fmt.Fprintln(w, verdict(s.Summary))
}

// verdict is the last line of the test table: "FAILED: 2 of 17 tests
// failed (15 passed)", "PASSED: all 17 tests passed", "PASSED: 15 of 17
// tests passed (2 warnings)".
func verdict(sum report.Summary) string {
	var rest []string
	plural := func(n int, one, many string) {
		if n == 1 {
			rest = append(rest, "1 "+one)
		} else if n > 1 {
			rest = append(rest, fmt.Sprintf("%d %s", n, many))
		}
	}
	if failed := sum.Fail + sum.Error; failed > 0 {
		plural(sum.Error, "errored", "errored")
		plural(sum.Success, "passed", "passed")
		plural(sum.Warning, "warning", "warnings")
		plural(sum.Skipped, "skipped", "skipped")
		s := fmt.Sprintf("FAILED: %d of %d tests failed", failed, sum.Total)
		if len(rest) > 0 {
			s += " (" + strings.Join(rest, ", ") + ")"
		}
		return s
	}
	if sum.Success == sum.Total {
		return fmt.Sprintf("PASSED: all %d tests passed", sum.Total)
	}
	plural(sum.Warning, "warning", "warnings")
	plural(sum.Skipped, "skipped", "skipped")
	return fmt.Sprintf("PASSED: %d of %d tests passed (%s)", sum.Success, sum.Total, strings.Join(rest, ", "))
}

// metricError is a metric's error without the metric's name repeated in
// front ("RegressionQuality: RegressionQuality: the column mapping ...").
func metricError(m report.MetricEntry) string {
	return strings.TrimPrefix(m.Error, m.Metric+": ")
}

// noMetricComputed is the usage error of a report none of whose metrics
// could be computed (a preset that needs a target, drift without
// reference data): it names what each one missed.
func noMetricComputed(cmd string, s *report.Snapshot) error {
	if len(s.Metrics) == 0 {
		return nil
	}
	var lines []string
	for _, m := range s.Metrics {
		if m.Error == "" {
			return nil
		}
		lines = append(lines, m.ID+": "+metricError(m))
	}
	return usagef(cmd, "no metric could be computed:\n  %s", strings.Join(lines, "\n  "))
}

const colorReset = "\033[0m"

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
}

// writeHTML renders the snapshot as the self-contained HTML report, with
// the --title.
func (f *suiteFlags) writeHTML(w io.Writer, s *report.Snapshot) error {
	return html.Write(w, s, &html.Options{Title: f.title})
}

// frameData reads the reference (when given) and current files as frames.
func frameData(ctx context.Context, refPath, curPath string, readOpts *dataset.ReadOptions, def *dataset.Definition, skipMismatched bool) (report.Data, error) {
	var ref, cur *dataset.Frame
	var err error
	oneshot.HugeHeapFor(refPath, curPath)
	if refPath != "" {
		ref, cur, err = dataset.ReadPair(ctx, refPath, curPath, readOpts, dataset.PairOptions{SkipMismatched: skipMismatched})
		err = mismatchHint(err, readOpts)
	} else {
		cur, err = dataset.Read(ctx, curPath, readOpts)
	}
	if err != nil {
		return report.Data{}, err
	}
	oneshot.GCAfterRead()
	if ref != nil {
		if ref, err = def.Apply(ref); err != nil {
			return report.Data{}, err
		}
	}
	if cur, err = def.Apply(cur); err != nil {
		return report.Data{}, err
	}
	return report.Data{Reference: ref, Current: cur, Definition: def}, nil
}

// summaryData reads the reference (when given) and current data as
// summaries: .sketch files decoded, other files sketched as they are read.
func summaryData(ctx context.Context, refPath, curPath string, readOpts *dataset.ReadOptions, def *dataset.Definition) (report.Data, error) {
	cur, err := readSide(ctx, curPath, readOpts)
	if err != nil {
		return report.Data{}, err
	}
	d := report.Data{CurrentSummary: cur, Definition: def}
	if refPath != "" {
		if d.ReferenceSummary, err = readSide(ctx, refPath, readOpts); err != nil {
			return report.Data{}, err
		}
	}
	for _, role := range []struct{ name, col string }{{"target", def.Target}, {"prediction", def.Prediction}, {"id", def.ID}, {"datetime", def.Datetime}} {
		if role.col == "" {
			continue
		}
		if _, ok := cur.Column(role.col); !ok {
			return report.Data{}, fmt.Errorf("the %s column %q is not in %s (columns: %s)", role.name, role.col, curPath, strings.Join(cur.Names(), ", "))
		}
	}
	return d, nil
}
