#!/usr/bin/env bash
# Regenerates the word lists metrics/descriptors embeds, from Debian's
# packages and the npm registry (run as root on Debian 12):
#
#   apt-get install -y wamerican wordnet-base
#   bash metrics/descriptors/data/gen.sh
#
# english-words.txt.gz   the entries of /usr/share/dict/american-english
#                        (Debian's wamerican 2020.12.07, SCOWL) made of
#                        lower-case ASCII letters and digits only: OOV looks
#                        up lower-cased [a-z0-9] words, so no other entry can
#                        ever match.
# wordnet-nouns.txt.gz   the lemmas of WordNet 3.0's index.noun (Debian's
#                        wordnet-base) made of [a-z0-9] only, for the same
#                        reason: the noun lemmatizer's candidate forms are
#                        [a-z0-9] words.
# wordnet-noun-exc.txt.gz  the lines of WordNet 3.0's noun.exc whose
#                        inflected form is [a-z0-9] ("inflected base...").
# vader_lexicon.txt.gz   vader_lexicon.txt of the npm package
#                        vader-sentiment 1.1.3, unchanged (md5
#                        6ac6ae444f21dc3ffff5ec4e60dac162 uncompressed).
#
# gzip -n keeps the output byte-identical from run to run.
set -euo pipefail
cd "$(dirname "$0")"
LC_ALL=C
grep -E '^[a-z0-9]+$' /usr/share/dict/american-english | gzip -9n > english-words.txt.gz
grep -v '^ ' /usr/share/wordnet/index.noun | awk '{print $1}' | grep -E '^[a-z0-9]+$' | gzip -9n > wordnet-nouns.txt.gz
grep -E '^[a-z0-9]+ ' /usr/share/wordnet/noun.exc | gzip -9n > wordnet-noun-exc.txt.gz
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent vader-sentiment@1.1.3 >/dev/null && tar xzf vader-sentiment-1.1.3.tgz)
echo "6ac6ae444f21dc3ffff5ec4e60dac162  $tmp/package/vader_lexicon.txt" | md5sum -c --quiet
gzip -9n < "$tmp/package/vader_lexicon.txt" > vader_lexicon.txt.gz
rm -rf "$tmp"
