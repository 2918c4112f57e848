// Package tracking is an experiment tracker compatible with MLflow. It
// knows nothing of reports; it stores experiments, runs, params, metrics,
// tags, dataset inputs and artifacts (files).
//
// # Stores
//
// Store is the interface every store implements, with MLflow's
// operations: FileStore (this package) keeps MLflow's file layout;
// package tracking/sqlstore keeps MLflow's database schema (SQLite,
// PostgreSQL, MySQL); package tracking/backend opens either from a
// tracking URI as MLflow spells them (./mlruns, sqlite:///mlflow.db,
// postgresql://...). StartRun, WithRun and ActiveRun log to a run of any
// store, as MLflow's fluent API does; Copy moves experiments, runs and
// artifacts between any two stores; package tracking/storetest is the
// conformance suite every store passes.
//
// # Layout of the file store
//
//	mlruns/
//	  0/meta.yaml                   the "Default" experiment, made by the first Open
//	  <experiment id>/meta.yaml     18-digit ids, as MLflow 2+ makes them
//	  <experiment id>/tags/<key>
//	  <experiment id>/<run id>/     32 hex digits
//	    meta.yaml                   status as an integer (1 RUNNING .. 5 KILLED), times in ms
//	    params/<key> tags/<key>     one file per key, the value without a newline
//	    metrics/<key>               one line per value: "<timestamp ms> <value> <step>"
//	    artifacts/                  the run's files
//	  .trash/<experiment id>/       deleted experiments
//
// Keys with "/" are subfolders. Metric values are written as Python's
// str(float) writes them (1.0, 1e-05, nan, inf), so metric, param and tag
// files are byte for byte MLflow's. meta.yaml has MLflow's keys, order and
// types, with one deliberate difference: every string is double-quoted,
// because MLflow reads YAML 1.1, where plain on, 012 or 1:20 are not
// strings. Artifact locations are file: URIs, as MLflow writes them for a
// file: tracking URI.
//
// MLflow 3.13 and later refuse file stores unless MLFLOW_ALLOW_FILE_STORE
// is true, and MLflow 3.10 and later can move one to SQLite:
//
//	MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ./mlruns
//	mlflow migrate-filestore --source ./mlruns --target sqlite:///mlflow.db
//
// # Safety and concurrency
//
// A FileStore is safe for concurrent use, and many processes may use one
// directory at once, without losing a write:
//
//   - Every whole file (meta.yaml, params, tags, artifacts) is written to a
//     temporary file, synced, then renamed into place, so readers and
//     crashes see the old or the new file, never a part. The temporary file
//     is made in the run's (or experiment's) own folder rather than beside
//     the target, because MLflow reads every file under params/, metrics/
//     and tags/ as a key: a temporary file there would show as a param.
//   - A metric value is one line appended with one write on an O_APPEND
//     file: concurrent writers interleave whole lines.
//   - A param is created with a hard link from its temporary file, which
//     fails if the param exists, so immutability holds across processes.
//   - Updates of a run's meta.yaml (end, rename, delete, restore) and
//     experiment creation hold an flock on the run's or the store's
//     directory, so experiment names stay unique under races.
//   - A new run's folders and tags are written before its meta.yaml, and
//     an experiment's tags before its meta.yaml: a reader sees them whole or
//     not at all. A process that dies mid-run leaves a run that reads as
//     RUNNING.
//   - All writes go through an os.Root: keys, names and artifact paths that
//     would leave the store ("..", absolute paths, symbolic links) are
//     refused with ErrInvalid, and an artifact path through a symbolic link
//     is refused even when the link stays inside.
//   - All reads of meta.yaml, params, tags, metrics and inputs go through
//     the same os.Root and read regular files only: a symbolic link out of
//     the store, a FIFO or a device where a value should be is skipped
//     (Options.Warn is told), never read, so a link cannot show a file
//     from outside the store and /dev/zero cannot exhaust memory; a link
//     that stays inside the store reads as the file it names. Values are read up to MLflow's
//     limits (6000 characters for a param, 8000 for a tag, at 4 bytes a
//     character) and metric files as a stream of lines of at most 4 KiB.
//   - A malformed meta.yaml or value (ErrCorrupt) skips that run or
//     experiment in listings and searches, with a warning, as MLflow
//     skips it; GetRun and GetExperiment of it fail with ErrCorrupt naming
//     the file.
//
// # Search
//
// SearchRuns and SearchExperiments take MLflow's filter and order_by
// grammar (see SearchRuns). MLflow's file store reads every file of every
// run for each page of a search. telltale keeps no index, so the files
// stay the single source of truth and stores written by MLflow or copied
// by rsync need no rebuild; instead a search reads lean: each run's
// meta.yaml (through a small parser for the flat form), attribute clauses
// first, then only the metric, param and tag files the filter and order
// need (the run's dataset inputs only for datasets clauses), stopping at
// the first failing clause, on several goroutines; the full data is read
// for the runs of the returned page only. On a 2-core
// machine, a filtered and ordered search over 10,000 runs takes about 0.3
// s for a page of 100 and 0.35 s for a page of 1,000
// (BenchmarkSearchRuns).
//
// # Differences from MLflow
//
//   - Over-long param and tag values are refused (ErrInvalid) rather than
//     truncated, so nothing is lost silently.
//   - Experiment creation is race-free; deleted experiments keep their
//     names, as in MLflow.
//   - A store that was moved still finds its artifacts when the recorded
//     absolute location is gone (MLflow issue #3144).
//   - Metric histories are returned ordered by timestamp, step and value,
//     as MLflow's SQL store returns them (MLflow's file store returns file
//     order; points logged in time order read the same either way).
//   - A resumed run (ResumeRun) keeps its end time, as in MLflow 3.
//
// Search answers as MLflow's search does (the search cases of
// tracking/storetest, taken from MLflow's own tests, hold every store to
// it), with these deliberate differences:
//
//   - LIKE and ILIKE patterns have SQL meaning only: % is any text, _ one
//     character, everything else literal, as in MLflow's SQL stores.
//     MLflow's file store pastes the pattern into a regular expression
//     unescaped, so there "." matches any character, "+", "*" and "["
//     act as regex syntax, and "(" makes the search fail.
//   - Comparators and values are checked on every clause when the filter
//     is parsed. MLflow's file store checks a clause only when a run
//     reaches it, so "params.a = 'x' AND params.b > 'y'" gives no runs
//     there when no run has a = x, and an error here.
//   - Experiment filters take attributes.name (and attr.name) as well as
//     name and attribute.name, as MLflow's search documentation lists
//     it; MLflow's code accepts only the prefixes attribute, tag and tags.
//     Backticked prefixes (`tags`.k) work in experiment filters too.
//   - The values of a datasets.name, datasets.digest or datasets.context
//     IN list match exactly. MLflow drops list values that are not all
//     lower case (a rule for run ids, applied to datasets too), so
//     datasets.name IN ('Weather') finds nothing there.
//   - Experiment ids are ordered as numbers, as in MLflow's SQL stores;
//     MLflow's file store compares them as strings, so legacy ids 2 and
//     10 order differently there.
//   - Harmless leniencies: entity prefixes in any case (METRICS.x),
//     spaces around an order_by entry, and exponents in integer run
//     times (start_time > 1.7e12) are accepted; MLflow refuses them.
//
// Every other MLflow rule holds: a run without the key never matches, not
// even "!="; NaN sorts after every number and before missing values, in
// both directions; metrics compare as floats (1e309 is +Inf), run times as
// integers, experiment times as floats; experiments that tie are ordered
// by experiment_id DESC (ASC after the default order, creation_time DESC);
// a run matches a dataset clause when any of its dataset inputs does,
// with !=, NOT IN too, and only inputs tagged mlflow.data.context count
// for datasets.context.
package tracking
