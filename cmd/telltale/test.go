package main

import (
	"context"
)

const testHelp = `
Run a test suite on the current data, compared with the reference, and
gate CI on it. Tests come from test presets (--preset) and from a config
file (--config). It prints a table of outcomes and exits with
  0  every test passed (WARNINGs and SKIPPED allowed),
  1  a test FAILed or ERRORed (its metric could not be computed),
  2  bad usage or unreadable input.
A failing test with "critical: false" is a WARNING and does not fail.

Test presets: data-stability, data-quality, data-drift,
no-target-performance, regression, binary-classification,
binary-classification-topk (needs k, in a config file),
multiclass-classification. Metric presets (data-summary, ...) may be named
too; "metrics:data-drift" picks the metric preset of a name both kinds
have. Run "telltale test --list" for every preset, test, metric,
descriptor and stat test, "telltale test --list NAME" for one's description and options, and
add --json for either as JSON. "telltale test --list --evidently" prints
Evidently's class names, which a config may use too (ColumnDriftMetric,
TestShareOfDriftedColumns, DataDriftPreset, ...; see
docs/migrating-from-evidently.md).

The config file (YAML; JSON works too). Paths are relative to the file;
flags override it. A config file is trusted input, like a Makefile: it
names the files to read, and what they hold goes into the report and any
tracked run; run configs you wrote or reviewed, whatever the data.

  reference: ref.parquet
  current: cur.parquet
  mapping:
    target: churned              # true labels or values
    prediction: score            # predicted labels or values
    prediction_probas: [no, yes] # columns named as classes; or {yes: p_yes}
    pos_label: "yes"             # positive class, compared as a string
    id: customer_id              # never a feature
    datetime: ts                 # never a feature
    numerical: [age, income]     # feature types (inferred when not listed)
    categorical: [plan]
    text: [comment]
    datetime_features: [signup]
    embeddings: {profile: [e0, e1, e2]}
  descriptors:                   # text descriptors: new columns of a text column
    - {descriptor: TextLength, column: comment}   # "Text Length for comment"
    - {descriptor: Contains, column: comment, items: [refund], case_sensitive: false}
  presets:
    - data-stability
    - preset: data-drift         # options by name
      stattest: psi              # also num_stattest, cat_stattest, text_stattest,
      stattest_threshold: 0.2    #   per_column_stattest and their _threshold
      drift_share: 0.4           #   variants, columns
  metrics:
    - metric: ColumnSummary
      column: age
  tests:
    - test: ShareOfDriftedColumns
      lt: 0.3                    # conditions: gt gte lt lte eq not_eq in not_in
    - test: ColumnShareOfMissingValues  #   between [a, b]; relative and
      column: age                #   absolute tolerances for eq, not_eq, in
      lte: 0.05
      critical: false            # a failure is a WARNING
    - test: NumberOfRows         # no condition: derived from the reference
    - test: AllColumnsShareOfMissingValues   # a generator: one test per column
      lt: 0.1
    - test: ColumnValueMean      # a descriptor wherever a column is named
      column: {descriptor: Sentiment, column: comment}
      gte: 0

Text descriptors (TextLength, WordCount, SentenceCount, OOV, Sentiment,
Contains, RegExp, IsValidJSON, ...; "telltale test --list" lists them with
their options) are Evidently's; the text-evals preset summarises them.

Outputs (--json, --html, --junit, --markdown): "-" writes to stdout and the
table to stderr; see "telltale report --help".

Examples:
  telltale test --reference ref.csv --current cur.csv --preset data-stability
  telltale test --config telltale.yaml --junit junit.xml --markdown "$GITHUB_STEP_SUMMARY"
  telltale test --reference ref.parquet --current cur.parquet --preset data-drift \
      --target churned --json profile.json
`

func runTest(ctx context.Context, e *env, args []string) error {
	return runSuite(ctx, e, args, "test")
}
