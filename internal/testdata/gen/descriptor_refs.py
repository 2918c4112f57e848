#!/usr/bin/env python3
"""Reference values for the text descriptors (metrics/descriptors/*_test.go).

Run from the repository root, on Debian 12 with python3-nltk, python3-pandas,
wamerican and wordnet-base installed:

    /usr/bin/python3 internal/testdata/gen/descriptor_refs.py

It writes metrics/descriptors/testdata/descriptor_refs.json: a list of texts (None
is a missing value) and, per descriptor, the value Evidently 0.4.40 computes for
each text, with the same calls as its features (src/evidently/features/*.py):

- TextLength: len(text); WordCount: len(re.sub(r"[^a-zA-Z ]+", "", t).split());
  SentenceCount: max(1, len(re.split(r"(?<!\\w\\.\\w.)(?<![A-Z][a-z]\\.)(?<=\\.|\\?)\\s", t)));
  NonLetterCharacterPercentage: 100 * (chars not str.isalpha() and not " ") / len(t);
  missing text: 0 (Evidently's apply returns 0 for None/NaN).
- OOV: OOVWordsPercentage.apply with nltk.stem.WordNetLemmatizer over WordNet 3.0
  (Debian's /usr/share/wordnet, read by nltk.corpus.reader.WordNetCorpusReader)
  and, in place of NLTK's "words" corpus (not packaged by Debian), the entries of
  /usr/share/dict/american-english (wamerican): the vocabulary telltale embeds.
- Sentiment: nltk.sentiment.vader.SentimentIntensityAnalyzer(lexicon_file=...)
  .polarity_scores(t)["compound"], the lexicon being the one telltale embeds
  (metrics/descriptors/data/vader_lexicon.txt.gz, from npm vader-sentiment 1.1.3).
- TriggerWordsPresence / IncludesWords / ExcludesWords: the features' apply code
  (words_feature._listed_words_present) with the same lemmatizer.
- Contains (any): pandas Series.str.contains("|".join(items), case=...); (all):
  all(item in t) / casefold; DoesNotContain: their negation; BeginsWith/EndsWith:
  Series.str.startswith/endswith (casefolded when not case sensitive); RegExp:
  Series.astype(str).str.fullmatch(reg_exp).astype(int); ContainsLink: urlparse
  of each whitespace-separated word; IsValidJSON: json.loads; JSONSchemaMatch:
  the feature's _minimal_match/_exact_match; ExactMatch: the feature's
  data[column] == data[with_column] over the texts and "others" (a second
  column: the same text, a case-changed one, another row's, or missing).

Where Evidently raises (a missing text for IsValidJSON, JSONSchemaMatch and
DoesNotContain "any"; a non-object for JSONSchemaMatch; an empty text for
NonLetterCharacterPercentage), the value is null and the Go test checks
telltale's documented choice instead.
"""
import gzip
import json
import math
import os
import random
import re
import tempfile
from urllib.parse import urlparse

import nltk
import pandas as pd
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from nltk.stem import WordNetLemmatizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(ROOT, "metrics", "descriptors", "data")
OUT = os.path.join(ROOT, "metrics", "descriptors", "testdata", "descriptor_refs.json")

tmp = tempfile.mkdtemp()
# WordNet from Debian: NLTK's reader wants a lexnames file, which the lemmatizer
# does not use; one line satisfies it.
wn_dir = os.path.join(tmp, "wordnet")
os.mkdir(wn_dir)
for name in os.listdir("/usr/share/wordnet"):
    if name.startswith(("index.", "data.")) or name.endswith(".exc"):
        os.symlink(os.path.join("/usr/share/wordnet", name), os.path.join(wn_dir, name))
with open(os.path.join(wn_dir, "lexnames"), "w") as f:
    f.write("00\tadj.all\t3\n")
wn = WordNetCorpusReader(wn_dir, None)
lem = WordNetLemmatizer()
# WordNetLemmatizer calls nltk.corpus.wordnet._morphy; point it at our reader.
import nltk.stem.wordnet as _wnmod
_wnmod.wn = wn

with open("/usr/share/dict/american-english", encoding="utf-8") as f:
    eng_words = set(w.strip() for w in f if w.strip())

lex_path = os.path.join(tmp, "vader_lexicon.txt")
with gzip.open(os.path.join(DATA, "vader_lexicon.txt.gz"), "rt", encoding="utf-8") as f:
    # NLTK's make_lex_dict splits on "\n" and fails on an empty last line.
    lex = f.read().rstrip("\n")
with open(lex_path, "w", encoding="utf-8") as f:
    f.write(lex)
sid = SentimentIntensityAnalyzer(lexicon_file="file:" + lex_path)


def missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- texts ---
texts = [
    None,
    "",
    " ",
    "Hello",
    "The product is great!",
    "The product is NOT great.",
    "I do not like it. It broke after two days? Terrible.",
    "This is the best purchase I've ever made!!! Love it :)",
    "It was kind of good, but the battery is very bad.",
    "Mr. Smith bought e.g. three items. He was happy. Really?",
    "At least it works. The very least I expect is support.",
    "Never so happy in my life. Never this bad.",
    "The shit! That movie was the bomb. Yeah right.",
    "Dogs and cats are wonderful pets; churches, buses, wolves and geese too.",
    "Visit https://example.com/path?q=1 or www.example.org, mail me at mailto:a@b.org",
    "ftp://files.server.net/x and http://[::1]/ and HTTP://CAPS.COM",
    '{"name": "Ann", "age": 31, "tags": ["a", "b"], "score": 4.5}',
    '{"name": null, "age": "31"}',
    '[1, 2, 3]',
    '{"a": NaN, "b": Infinity, "c": -Infinity}',
    '{"a": 1,}',
    '  {"x": {"y": [true, false, null]}}  ',
    '"just a string"',
    "12.5e3",
    "tab\tseparated\twords and\nnew lines",
    "Ünïcödé letters: café, naïve, Straße, 東京, 123",
    "ALL CAPS IS VERY ANGRY!!!!",
    "Some CAPS are GOOD and some are not",
    "what?? why??? really????",
    "I don't think it's not bad... isn't it?",
    "The service was slightly better than expected, somewhat nice.",
    "email me about the online webinar, it's awesome",
    "running ran runs runner women men children mice",
    "12345 67890 !!! ??? ...",
    "U.S.A. is big. The U.K. too. Dr. No. Ms. Jones left.",
    "bad ass movie, cut the mustard, kiss of death",
    "I love love love it but hate hate the price",
    "Apple apples APPLE banana Bananas",
    "Check (this) item [now] {please}",
    "a b c d e",
    "Good morning. Good night? Good bye! Good day.\nNew line. After",
]

rng = random.Random(7)
vocab = ("good bad great terrible love hate very extremely not never but kind of "
         "the a product service battery screen price was is it I you they really "
         "slightly barely happy sad awful awesome ok fine dogs churches wolves "
         "email online running geese mice boxes ladies men").split()
punct = ["", "", "", ",", ".", "!", "?", "!!", ":)", ":(", "..."]
for _ in range(300):
    n = rng.randint(0, 25)
    words = []
    for _ in range(n):
        w = rng.choice(vocab)
        r = rng.random()
        if r < 0.1:
            w = w.upper()
        elif r < 0.2:
            w = w.capitalize()
        words.append(w + rng.choice(punct))
    texts.append(" ".join(words))

# pandas.read_csv gives a missing text as NaN (astype(str) makes it "nan").
col = pd.Series([float("nan") if v is None else v for v in texts], dtype=object)


# --- Evidently's features, as in src/evidently/features/*.py (0.4.40) ---
def text_length(v):
    return 0 if missing(v) else len(v)


_wc = re.compile(r"[^a-zA-Z ]+")


def word_count(v):
    return 0 if missing(v) else len(_wc.sub("", v).split())


_sc = re.compile(r"(?<!\w\.\w.)(?<![A-Z][a-z]\.)(?<=\.|\?)\s")


def sentence_count(v):
    return 0 if missing(v) else max(1, len(_sc.split(v)))


def non_letter(v):
    if missing(v):
        return 0
    if len(v) == 0:
        return None  # Evidently: ZeroDivisionError
    n = sum(1 for ch in v if not ch.isalpha() and ch != " ")
    return 100 * n / len(v)


def oov(v, ignore_words=()):
    if missing(v):
        return 0
    words_ = re.sub("[^A-Za-z0-9 ]+", "", v).split()
    if len(words_) == 0:
        return 0
    n = 0
    for word in words_:
        if word.lower() not in ignore_words and lem.lemmatize(word.lower()) not in eng_words:
            n += 1
    return 100 * n / len(words_)


def sentiment(v):
    return 0 if missing(v) else sid.polarity_scores(v)["compound"]


def trigger(v, words_list, lemmatize=True):
    if missing(v):
        return 0
    for word_ in re.sub("[^A-Za-z0-9 ]+", "", v).split():
        word = word_.lower()
        if lemmatize:
            word = lem.lemmatize(word)
        if word in words_list:
            return 1
    return 0


def listed_words_present(in_str, mode, words_list, lemmatize):
    wl = set(words_list)
    result = False
    if missing(in_str):
        return False
    for word_ in re.sub("[^A-Za-z0-9 ]+", "", in_str).split():
        word = word_.lower()
        if lemmatize:
            word = lem.lemmatize(word)
        if word in wl:
            if mode in ("includes_all", "excludes_any"):
                wl.remove(word)
            else:
                result = True
    if mode in ("includes_all", "excludes_any"):
        result = len(wl) == 0
    if mode.startswith("excludes"):
        return not result
    return result


def contains(items, mode, case_sensitive, negate):
    if mode == "any":
        s = col.str.contains("|".join(items), case=case_sensitive)
        out = []
        for x in s:
            if missing(x):
                out.append(None)
            else:
                out.append(bool(x) != negate)
        return out

    def comparison(item, string):
        if not isinstance(string, str):
            return False
        if case_sensitive:
            return item in string
        return item.casefold() in string.casefold()

    return [all(comparison(i, x) for i in items) != negate for x in col]


def part(fn, affix, case_sensitive):
    data = col
    if not case_sensitive:
        data = data.str.casefold()
        affix = affix.casefold()
    s = getattr(data.str, fn)(affix)
    return [None if missing(x) else bool(x) for x in s]


def regexp(reg_exp):
    return [int(x) for x in col.astype(str).str.fullmatch(reg_exp).astype(int)]


def contains_link(v):
    if missing(v):
        return False  # Evidently returns 0, which is False
    for word in str(v).split():
        try:
            parsed = urlparse(word)
        except ValueError:
            return None  # Evidently raises
        if parsed.scheme and parsed.netloc:
            return True
    return False


def is_valid_json(v):
    if missing(v):
        return None  # Evidently: TypeError
    try:
        json.loads(v)
    except ValueError:
        return False
    return True


def json_schema(v, expected, validate_types, exact):
    if missing(v):
        return None
    validate_types = validate_types if not exact else True
    try:
        obj = json.loads(v)
    except json.JSONDecodeError:
        return False
    if not isinstance(obj, dict):
        if not exact and not expected:
            return True
        return None  # Evidently raises (or answers by accident for lists and strings)
    if exact and set(obj.keys()) != set(expected.keys()):
        return False
    for key, t in expected.items():
        if key not in obj or obj[key] is None:
            return False
        if validate_types and t and not isinstance(obj[key], t):
            return False
    return True


types = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict, "": None}

cases = []


def add(name, params, values):
    cases.append({"descriptor": name, "params": params, "values": values})


add("TextLength", {}, [text_length(v) for v in texts])
add("WordCount", {}, [word_count(v) for v in texts])
add("SentenceCount", {}, [sentence_count(v) for v in texts])
add("NonLetterCharacterPercentage", {}, [non_letter(v) for v in texts])
add("OOV", {}, [oov(v) for v in texts])
add("OOV", {"ignore_words": ["webinar", "dogs"]}, [oov(v, ("webinar", "dogs")) for v in texts])
add("Sentiment", {}, [sentiment(v) for v in texts])
for wl, lm in [(["dog", "church", "wolf", "goose"], True), (["dog", "church"], False), (["love", "apple", "man"], True)]:
    add("TriggerWordsPresence", {"words_list": wl, "lemmatize": lm}, [trigger(v, wl, lm) for v in texts])
for wl in [["good", "bad"], ["battery", "price", "screen"], []]:
    for mode in ["any", "all"]:
        add("IncludesWords", {"words_list": wl, "mode": mode, "lemmatize": True},
            [listed_words_present(v, "includes_" + mode, wl, True) for v in texts])
        add("ExcludesWords", {"words_list": wl, "mode": mode, "lemmatize": True},
            [listed_words_present(v, "excludes_" + mode, wl, True) for v in texts])
add("IncludesWords", {"words_list": ["dogs", "men"], "mode": "any", "lemmatize": False},
    [listed_words_present(v, "includes_any", ["dogs", "men"], False) for v in texts])
for items, mode, cs in [(["good", "bad"], "any", True), (["GOOD", "bad"], "any", False), (["go+d", "b.d"], "any", True),
                        (["good", "bad"], "all", True), (["STRASSE", "café"], "all", False), (["é"], "any", False)]:
    add("Contains", {"items": items, "mode": mode, "case_sensitive": cs}, contains(items, mode, cs, False))
    if mode == "all":
        add("DoesNotContain", {"items": items, "mode": mode, "case_sensitive": cs}, contains(items, mode, cs, True))
add("DoesNotContain", {"items": [], "mode": "all", "case_sensitive": True}, contains([], "all", True, True))
add("Contains", {"items": [], "mode": "all", "case_sensitive": True}, contains([], "all", True, False))
for affix, cs in [("The", True), ("the", False), ("", True), ("ü", False)]:
    add("BeginsWith", {"prefix": affix, "case_sensitive": cs}, part("startswith", affix, cs))
for affix, cs in [(".", True), ("IT", False), ("?", True)]:
    add("EndsWith", {"suffix": affix, "case_sensitive": cs}, part("endswith", affix, cs))
for pat in [r"[A-Z].*", r"\d+", r"(good|bad)( \w+)*", r"n.n", r".*"]:
    add("RegExp", {"reg_exp": pat}, regexp(pat))
# ExactMatch compares two columns: "others" is the second one.
others = []
for i, v in enumerate(texts):
    if i % 7 == 3 or v is None:
        others.append(None if i % 2 else v)
    elif i % 3 == 0:
        others.append(v)
    elif i % 3 == 1:
        others.append(v.upper())
    else:
        others.append(texts[(i + 1) % len(texts)])
other_col = pd.Series([float("nan") if v is None else v for v in others], dtype=object)
add("ExactMatch", {"with_column": "other"}, [bool(x) for x in (col == other_col)])
add("ContainsLink", {}, [contains_link(v) for v in texts])
add("IsValidJSON", {}, [is_valid_json(v) for v in texts])
for schema, vt, ex in [({"name": "str", "age": "int"}, False, False), ({"name": "str", "age": "int"}, True, False),
                       ({"name": "str", "age": "int", "tags": "list", "score": "float"}, False, True),
                       ({"a": "float", "b": "float", "c": ""}, True, False), ({"x": "dict"}, True, False),
                       ({"score": "int"}, True, False), ({}, False, False)]:
    add("JSONSchemaMatch", {"expected_schema": schema, "validate_types": vt, "exact_match": ex},
        [json_schema(v, {k: types[t] for k, t in schema.items()}, vt, ex) for v in texts])

# Lemmas of single words, for the lemmatizer test.
lemma_words = ["dogs", "churches", "aardwolves", "abaci", "as", "is", "was", "us", "bus", "boss", "geese",
               "mice", "women", "men", "ladies", "boxes", "wolves", "running", "hardrock", "species", "series",
               "glasses", "axes", "teeth", "feet", "data", "criteria", "crises", "analyses", "children",
               "knives", "heroes", "potatoes", "matches", "wishes", "quizzes", "foxes", "2000s", "cats", "ss", "s",
               "sses", "ies", "menmen", "bellies", "cookies", "movies", "buses", "gases", "lenses"]

out = {
    "nltk": nltk.__version__,
    "pandas": pd.__version__,
    "texts": texts,
    "others": others,
    "cases": cases,
    "lemmas": {w: lem.lemmatize(w) for w in lemma_words},
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=0)
    f.write("\n")
print("wrote", OUT, len(texts), "texts,", len(cases), "cases")
