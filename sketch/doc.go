// Package sketch summarises data too large for memory, or spread over
// many machines, as mergeable per-column sketches: one streaming pass per
// file or partition, then merges in any order, then the metrics (drift,
// summaries, missing values) computed from the merged sketch.
//
// # What a column's sketch holds
//
// Every column: its rows and missing values (exact). A numerical column
// adds its infinite and zero counts (exact); the count, mean and sum of
// squared deviations of its finite values, merged with Chan, Golub and
// LeVeque's pairwise update (exact up to rounding), with the minimum and
// maximum; a histogram on fixed dyadic bins (exact, for the charts and
// for tightening the distribution's bounds); and every distinct value with
// its count while there are at most Options.ExactValues of them, after
// which a KLL quantile sketch (Karnin, Lang and Liberty 2016) and a
// HyperLogLog distinct count (Flajolet et al. 2007 with HyperLogLog++'s
// 64-bit hash and Ertl's 2017 estimator) take over (the most common value
// is then unknown; the fullest histogram bin bounds its count). A
// categorical or text column adds the exact length and word statistics of
// its values and its categories' exact counts up to Options.Categories,
// then Misra-Gries heavy hitters (Misra and Gries 1982, merged as in
// Agarwal et al. 2012) and a HyperLogLog. A datetime column adds its first
// and last instants and its instants' counts, exact up to
// Options.ExactValues, then a HyperLogLog.
//
// # Error bounds
//
// Summary turns a sketch into a dataset.Summary in which every estimate
// carries its bound:
//
//   - the distribution (dataset.CDF): exact while the values are; beyond,
//     the KLL rank error holds for every x at once with probability 99%
//     (see kll), and the histogram caps it by the count of the bin around
//     x, a deterministic bound; 0.3% of the values for 10^8 values with
//     the default K = 2048, far less where the bins are fine;
//   - distinct counts: 3 relative standard errors of the HyperLogLog,
//     3·1.04/sqrt(4096) = 4.9% with the default precision (about 99.7% of
//     estimates; exact while the values are kept);
//   - counts beyond the exact limits: Misra-Gries' deterministic bound,
//     each count short by at most (N - Σcounters)/(HeavyHitters+1).
//
// # Merging
//
// Merge is associative and commutative within these bounds, and the parts
// that are exact (counts, histograms, exact values, HyperLogLog registers,
// text statistics) merge to the same bits as the sketch of the whole;
// moments to within rounding. merge(a, b) and merge(b, a) give the same
// bytes. Sketching is deterministic: KLL's coins are hashes of the values
// being compacted, not random draws, so the same input gives the same
// bytes (the input read in the same chunks: the chunking decides when
// compactions happen).
//
// # File format
//
// A sketch file (.sketch) is gzip-compressed JSON whose "format" is
// "telltale.sketch/v1"; schema.json beside this file is its JSON Schema.
// `zcat ref.sketch | jq .` shows it. Numbers are JSON numbers as Go's
// encoding/json writes them (shortest round-tripping form), arrays are in
// a fixed order (values ascending; heavy hitters by count, then value) and
// the bytes are deterministic. Decode checks every size and invariant
// (counts add up, values sorted and within [min, max], levels weigh what
// they claim, registers in range, at most MaxFileSize bytes decompressed)
// and returns an error wrapping ErrFormat for anything else, so files from
// untrusted sources are safe to read. A later format gets a new version
// string; readers refuse versions they do not know.
//
// A numerical column with 10^8 rows takes about 30 KB, a categorical one
// a few KB.
package sketch
