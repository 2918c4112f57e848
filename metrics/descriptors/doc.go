// Package descriptors computes text descriptors: per-row features of a
// text column (its length, word and sentence counts, share of
// out-of-vocabulary words, VADER sentiment, matches of words, substrings,
// patterns, links and JSON), each a new numerical or categorical column
// that metrics and tests read like any other. They are Evidently's
// feature descriptors (evidently.descriptors, Evidently 0.4.40), with its
// names, options and default column names ("Text Length for review").
//
// A Descriptor names the column it reads and computes its column over a
// frame; Apply adds the columns of a list of descriptors to a frame.
// Reports add the descriptors of a config's descriptors key, of a column
// given as {descriptor: NAME, column: COL} in a metric or a test, and of
// the text-evals preset; see package report.
//
// Descriptors compute each distinct text once (columns are dictionary
// encoded) and map rows to the results, so repeated texts cost nothing.
//
// # Values, and where telltale differs from Evidently
//
// Numerical descriptors (TextLength, WordCount, SentenceCount,
// NonLetterCharacterPercentage, OOV, Sentiment) give a missing text 0, as
// Evidently does. Categorical ones give the values Evidently's features
// return: "True" and "False" (Python booleans), but "1" and "0" for RegExp
// and TriggerWordsPresence (integers); a column keeps only the values that
// occur. The values agree with Evidently's, computed with pandas, re,
// json, urllib and NLTK 3.8 (internal/testdata/gen/descriptor_refs.py),
// except:
//
//   - OOV's vocabulary is Debian's wamerican (SCOWL) word list, not NLTK's
//     "words" corpus (Webster's Second International, 1934), which Debian
//     does not package; see OOV for how the percentages differ.
//   - Sentiment's lexicon is the one of the npm package vader-sentiment
//     1.1.3, which may differ from the revision NLTK downloads.
//   - The lemmatizer is NLTK's WordNetLemmatizer on WordNet 3.0 (the same
//     data NLTK downloads), embedded as its noun lemmas and exceptions.
//   - Regular expressions (RegExp, Contains in mode "any") use Go's RE2
//     syntax: the usual patterns mean the same, backreferences and
//     lookarounds are errors.
//   - Where Evidently raises, telltale answers: an empty text has a
//     NonLetterCharacterPercentage of 0; a missing text is missing for
//     IsValidJSON, JSONSchemaMatch and DoesNotContain in mode "any"; a
//     JSON text that is not an object does not match a schema; a word
//     urllib rejects as an invalid IPv6 URL is no link. JSON nested
//     deeper than Python's recursion limit is valid.
//   - DoesNotContain's and JSONSchemaMatch's default column names differ
//     from Evidently's, which would clash ("Text Does Not Contain of ...";
//     "JSONSchemaMatch minimal match for review").
//
// The embedded word lists and their licences are in data/ (NOTICE.txt);
// data/gen.sh rebuilds them from Debian's and npm's packages.
package descriptors
