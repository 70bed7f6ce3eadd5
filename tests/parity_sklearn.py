#!/usr/bin/env python3
"""fitrank's TF-IDF against scikit-learn's TfidfVectorizer on real résumés and postings.

    /usr/bin/python3 tests/parity_sklearn.py --fitrank ./fitrank --shared ../shared [--n 600]

models/model.h promises sklearn's formulas (tf, smooth/plain idf, l2 norm, min_df/max_df,
max_features with numpy's tie-breaking).  This test holds it to that on a corpus big enough for
the rare paths to occur: many tied counts at the max_features cut, df bounds that bite, German
text with umlauts and stemming, empty documents.

Tokenization is deliberately *not* under test here (the tokenizer has its own spec and golden
tests): fitrank's own `tokenize` output is handed to sklearn as a callable analyzer, so any
difference is in counting, pruning, weighting or normalising — or `fit` not counting exactly
what `tokenize` prints, which is also a bug.

For each option set: fitrank tokenize → tokens per doc; fitrank fit + vectorize; sklearn
fit_transform over the same tokens; then compare
  (i)  the vocabulary: as a set, and its sorted order through the order in which vectorize
       prints each row's terms (ascending term id); `model info --json` n_docs / n_terms too,
  (ii) every weight: |Δ| ≤ 1e-6 with --norm l2; |Δ| ≤ 1e-6 · (largest weight of that document
       in sklearn) with --norm none, since raw tf·idf weights are unbounded and fitrank prints
       float32 (%.9g).
Prints one line per option set ("parity: NAME: docs=… terms=… max_abs_err=… OK" or FAIL with
the first mismatches); with max_features the line also says how the cut fell among tied terms.
Exits 1 if any set fails, 0 otherwise, and 0 with a SKIP line when scikit-learn or the shared
data is missing (neither can be vendored into the repo).
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
except ImportError:
    print("parity: SKIP (python3-sklearn not installed)")
    sys.exit(0)

TOL = 1e-6
SHOW = 5            # mismatches printed per FAIL line
TIMEOUT_S = 600     # per fitrank call; a hang must fail the test, not stall `make test`

csv.field_size_limit(sys.maxsize)

# Each set pairs tokenizer options (given to tokenize *and* fit) with model options (fit only).
# They are chosen to reach different code paths, not to be realistic configurations:
#   defaults        – smooth idf, raw tf, l2; every token in the vocabulary.
#   log-plain-none  – both alternative formulas at once, un-normalised output, df bounds as counts
#                     and as a proportion, stop words of both languages, bigrams.
#   maxfeat-stem    – min_df as a proportion and max_df as a count (the reverse of the usual),
#                     max_features cutting through many tied counts (numpy argsort tie-breaking;
#                     with the default --n it keeps 1000 of ~1900 eligible terms).
#   german-trigrams – German stemmer, accent stripping, hyphen parts only, min length 3, n-grams
#                     up to 3 with a max_features cut among millions of rare n-grams.
#   bigrams-only    – ngram-min 2 (no unigram at all), hyphen join, max_df as a proportion that
#                     removes frequent bigrams, no normalisation.
OPTION_SETS = [
    ("defaults", [], []),
    ("log-plain-none",
     ["--stop-words", "en,de", "--ngram-max", "2"],
     ["--tf", "log", "--idf", "plain", "--norm", "none", "--min-df", "2", "--max-df", "0.9"]),
    ("maxfeat-stem",
     ["--stem", "english"],
     ["--min-df", "0.01", "--max-df", "50", "--max-features", "1000", "--tf", "log"]),
    ("german-trigrams",
     ["--stem", "german", "--stop-words", "de", "--strip-accents", "--hyphen", "split",
      "--min-len", "3", "--ngram-max", "3"],
     ["--idf", "plain", "--min-df", "1", "--max-df", "1.0", "--max-features", "5000"]),
    ("bigrams-only",
     ["--hyphen", "join", "--ngram-min", "2", "--ngram-max", "2"],
     ["--max-df", "0.2", "--norm", "none", "--max-features", "20000"]),
]


# ---- corpus -------------------------------------------------------------------------------

def build_corpus(data, n):
    """First n//2 LiveCareer résumés, first n - n//2 Google postings (the rest from LiveCareer if
    the postings run out), every cv-project-fit CV and posting, and the one empty résumé.
    No sampling: a failure must reproduce on the next run."""
    docs = []
    with open(os.path.join(data, "resumes-livecareer", "resumes_from_pdf.csv"),
              newline="", encoding="utf-8") as f:
        resumes = [(r["ID"], r["Resume_str"]) for r in csv.DictReader(f)]
    with open(os.path.join(data, "google-job-postings", "job_skills_dev.csv"),
              newline="", encoding="utf-8") as f:
        cols = ("Title", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications")
        postings = ["\n\n".join(r[c] for c in cols if r.get(c)) for r in csv.DictReader(f)]

    n_post = min(n - n // 2, len(postings))
    n_res = min(n - n_post, len(resumes))
    docs += [("livecareer-" + i, t) for i, t in resumes[:n_res]]
    # ID 12632728 has no text layer (SOURCE.md): sklearn still counts it in n, so it checks that
    # fitrank neither drops empty documents nor lets them disturb idf.
    docs += [("livecareer-" + i, t) for i, t in resumes[n_res:] if not t.strip()][:1]
    docs += [("google-%d" % i, t) for i, t in enumerate(postings[:n_post])]

    base = os.path.join(data, "cv-project-fit")
    for kind in ("cv", "jobpost"):
        names = sorted((x for x in os.listdir(os.path.join(base, kind)) if x.endswith(".txt")),
                       key=lambda x: (len(x), x))
        for name in names:
            with open(os.path.join(base, kind, name), encoding="utf-8") as f:
                docs.append(("cvfit-%s-%s" % (kind, name[:-4]), f.read()))
    assert len({i for i, _ in docs}) == len(docs), "corpus ids must be unique"
    return docs


def write_jsonl(docs, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


# ---- running fitrank ------------------------------------------------------------------------

class FitrankError(Exception):
    pass


def run(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise FitrankError("timed out after %ds: %s" % (TIMEOUT_S, " ".join(cmd)))
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise FitrankError("exit %d: %s: %s" % (p.returncode, " ".join(cmd),
                                                 err[-1] if err else "(no stderr)"))
    try:
        return p.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FitrankError("%s: output is not UTF-8 (%s)" % (" ".join(cmd), e))


def read_jsonl(text, key, what):
    """{id: obj[key]} from JSONL output, refusing duplicate ids (they would hide a lost doc)."""
    out = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            doc_id, value = obj["id"], obj[key]
        except (ValueError, KeyError, TypeError) as e:
            raise FitrankError("%s line %d: not {\"id\", \"%s\"} JSON (%s): %.80s"
                               % (what, lineno, key, e, line))
        if doc_id in out:
            raise FitrankError("%s: id %r printed twice" % (what, doc_id))
        out[doc_id] = value
    return out


def model_terms(fitrank, model):
    """The model's term list, in its stored order, if `model info --json` exposes one; None
    otherwise (the command is optional in the contract, so its absence is not a failure)."""
    try:
        info = json.loads(run([fitrank, "model", "info", model, "--json"]))
    except (FitrankError, ValueError):
        return None, None
    if not isinstance(info, dict):
        return None, None
    terms = None
    for key in ("terms", "vocabulary", "vocab"):
        v = info.get(key)
        if isinstance(v, list) and all(isinstance(t, str) for t in v):
            terms = v
        elif isinstance(v, dict):   # {term: index}
            terms = sorted(v, key=v.get)
        if terms is not None:
            break
    return info, terms


# ---- the reference ---------------------------------------------------------------------------

def df_bound(s):
    """The CLI's rule, mirrored: an integer literal is a count, anything else a proportion —
    and sklearn decides by Python type, so "1" and "1.0" must become int and float."""
    return int(s) if re.fullmatch(r"[0-9]+", s) else float(s)


def sklearn_params(model_opts):
    p = {"sublinear_tf": False, "smooth_idf": True, "norm": "l2",
         "min_df": 1, "max_df": 1.0, "max_features": None}
    it = iter(model_opts)
    for opt in it:
        val = next(it)
        if opt == "--tf":
            p["sublinear_tf"] = {"raw": False, "log": True}[val]
        elif opt == "--idf":
            p["smooth_idf"] = {"smooth": True, "plain": False}[val]
        elif opt == "--norm":
            p["norm"] = {"l2": "l2", "none": None}[val]
        elif opt == "--min-df":
            p["min_df"] = df_bound(val)
        elif opt == "--max-df":
            p["max_df"] = df_bound(val)
        elif opt == "--max-features":
            p["max_features"] = int(val)
        else:
            raise ValueError("no sklearn equivalent for " + opt)
    return p


def term_stats(ids, tokens_by_id):
    """df and total count of every token, to explain a vocabulary difference (a max_features
    tie at the cut looks very different from a df-bound off-by-one)."""
    cv = CountVectorizer(analyzer=lambda d: tokens_by_id[d], lowercase=False)
    X = cv.fit_transform(ids)
    df = np.bincount(X.indices, minlength=X.shape[1])
    tf = np.asarray(X.sum(axis=0)).ravel()
    return {t: (int(df[j]), int(tf[j])) for t, j in cv.vocabulary_.items()}


def describe_cut(ids, tokens_by_id, params, vocab):
    """How max_features cut the vocabulary: a cut that keeps only part of a group of equally
    frequent terms is what exercises numpy's argsort tie-breaking; a set where max_features does
    not bind tests nothing, and the summary line should say so."""
    n = len(ids)
    lo, hi = params["min_df"], params["max_df"]
    lo = lo if isinstance(lo, int) else lo * n
    hi = hi if isinstance(hi, int) else hi * n
    stats = term_stats(ids, tokens_by_id)
    eligible = [tf for df, tf in stats.values() if lo <= df <= hi]
    if len(eligible) <= params["max_features"]:
        return "max_features=%d not binding (%d eligible)" % (params["max_features"], len(eligible))
    cut = min(stats[t][1] for t in vocab)
    tied = sum(1 for tf in eligible if tf == cut)
    kept = sum(1 for t in vocab if stats[t][1] == cut)
    return "cut=%d/%d(kept %d of %d tied at tf=%d)" % (len(vocab), len(eligible), kept, tied, cut)


# ---- one option set ---------------------------------------------------------------------------

def check(name, tok_opts, model_opts, fitrank, corpus, docs, work):
    ids = [i for i, _ in docs]
    params = sklearn_params(model_opts)

    tokens_by_id = read_jsonl(run([fitrank, "tokenize", *tok_opts, corpus]), "tokens", "tokenize")
    if set(tokens_by_id) != set(ids):
        missing = [i for i in ids if i not in tokens_by_id]
        extra = sorted(set(tokens_by_id) - set(ids))
        return False, "tokenize ids differ from the corpus: missing %s extra %s" % (
            missing[:SHOW], extra[:SHOW])

    model = os.path.join(work, name + ".frm")
    run([fitrank, "fit", "-o", model, *model_opts, *tok_opts, corpus])
    vectors = read_jsonl(run([fitrank, "vectorize", "--model", model, corpus]),
                         "vector", "vectorize")
    if set(vectors) != set(ids):
        missing = [i for i in ids if i not in vectors]
        return False, "vectorize ids differ from the corpus: missing %s" % missing[:SHOW]

    # Feeding ids as the "documents" lets the analyzer look the tokens up; lowercase=False because
    # fitrank's tokens are already case-folded and must reach sklearn byte for byte.
    tv = TfidfVectorizer(analyzer=lambda d: tokens_by_id[d], lowercase=False,
                         dtype=np.float64, **params)
    X = tv.fit_transform(ids).tocsr()
    vocab = tv.get_feature_names_out()
    problems = []

    # (i) vocabulary.  Every vocabulary term occurs in some fitted document with a weight > 0
    # (idf ≥ 1 in both variants), so the union of the vectors' keys is fitrank's vocabulary.
    fr_vocab = set()
    for v in vectors.values():
        fr_vocab.update(v)
    sk_vocab = set(vocab)
    if fr_vocab != sk_vocab:
        stats = term_stats(ids, tokens_by_id)
        only_fr = sorted(fr_vocab - sk_vocab, key=lambda t: (-stats.get(t, (0, 0))[1], t))
        only_sk = sorted(sk_vocab - fr_vocab, key=lambda t: (-stats[t][1], t))

        def fmt(ts):
            return ", ".join("%r(df=%s,tf=%s)" % ((t,) + stats.get(t, ("?", "?")))
                             for t in ts[:SHOW])
        problems.append("vocabulary: %d terms vs sklearn %d; only in fitrank [%s]; only in "
                        "sklearn [%s]" % (len(fr_vocab), len(sk_vocab), fmt(only_fr),
                                          fmt(only_sk)))
    # Sorted order: model info does not list the terms, but vectorize prints each row's terms by
    # ascending term id (fr_sparse), and ids are the sorted vocabulary, so every row must follow
    # sklearn's (code-point) order; a byte/locale/signed-char sort would break rows with non-ASCII.
    index = {t: j for j, t in enumerate(vocab)}
    for doc_id in ids:
        cols = [index[t] for t in vectors[doc_id] if t in index]
        if any(a >= b for a, b in zip(cols, cols[1:])):
            k = next(k for k, (a, b) in enumerate(zip(cols, cols[1:])) if a >= b)
            problems.append("vocabulary order: %s prints %r before %r, sklearn sorts them the "
                            "other way" % (doc_id, vocab[cols[k]], vocab[cols[k + 1]]))
            break
    info, ordered = model_terms(fitrank, model)
    if ordered is not None and list(ordered) != list(vocab):
        first = next((k for k, (a, b) in enumerate(zip(ordered, vocab)) if a != b),
                     min(len(ordered), len(vocab)))
        problems.append("vocabulary order differs from sorted() at index %d: fitrank %r, "
                        "sklearn %r" % (first, ordered[first:first + 3],
                                        list(vocab[first:first + 3])))
    if info is not None:
        for key, want in (("n_docs", len(ids)), ("n_terms", len(vocab))):
            if key in info and info[key] != want:
                problems.append("model info %s=%r, expected %d" % (key, info[key], want))

    # (ii) weights, including terms present on one side only (they count as the full weight).
    max_abs = max_rel = 0.0
    bad = []
    for row, doc_id in enumerate(ids):
        lo, hi = X.indptr[row], X.indptr[row + 1]
        ref = {vocab[j]: float(w) for j, w in zip(X.indices[lo:hi], X.data[lo:hi])}
        got = vectors[doc_id]
        scale = max(ref.values(), default=1.0) if params["norm"] is None else 1.0
        for term in ref.keys() | got.keys():
            a, b = got.get(term), ref.get(term)
            if not isinstance(a, (int, float)) and a is not None:
                bad.append((float("inf"), doc_id, term, a, b))
                continue
            err = abs((a or 0.0) - (b or 0.0))
            max_abs = max(max_abs, err)
            max_rel = max(max_rel, err / scale)
            if err / scale > TOL or a is None or b is None:
                bad.append((err / scale, doc_id, term, a, b))
    if bad:
        bad.sort(key=lambda x: -x[0])
        problems.append("%d weights differ; worst: %s" % (len(bad), "; ".join(
            "%s %r fitrank=%s sklearn=%s" % (d, t, a, b) for _, d, t, a, b in bad[:SHOW])))

    summary = "docs=%d terms=%d max_abs_err=%.3g" % (len(ids), len(vocab), max_abs)
    if params["norm"] is None:
        summary += " max_rel_err=%.3g" % max_rel
    if params["max_features"] is not None:
        summary += " " + describe_cut(ids, tokens_by_id, params, vocab)
    if problems:
        return False, summary + " | " + " | ".join(problems)
    return True, summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fitrank", default="./fitrank", help="the fitrank binary")
    ap.add_argument("--shared", default="../shared", help="the shared folder holding data/")
    ap.add_argument("--n", type=int, default=600,
                    help="English documents (half résumés, half postings); the German "
                         "cv-project-fit documents are always added (default 600)")
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="run only this option set (repeatable): %s"
                         % ", ".join(n for n, _, _ in OPTION_SETS))
    ap.add_argument("--keep", metavar="DIR",
                    help="write the corpus and models into DIR and keep them (for debugging)")
    args = ap.parse_args()

    data = os.path.join(args.shared, "data")
    if not os.path.isdir(data):
        print("parity: SKIP (%s absent)" % os.path.join(args.shared, "data"))
        return 0
    fitrank = args.fitrank if os.sep in args.fitrank else shutil.which(args.fitrank)
    if not fitrank or not os.access(fitrank, os.X_OK):
        print("parity: FAIL: no executable fitrank at %s" % args.fitrank)
        return 1
    fitrank = os.path.abspath(fitrank)
    sets = [s for s in OPTION_SETS if not args.only or s[0] in args.only]
    if args.only and len(sets) != len(set(args.only)):
        ap.error("unknown option set in --only; known: %s"
                 % ", ".join(n for n, _, _ in OPTION_SETS))

    docs = build_corpus(data, args.n)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        work, tmp = args.keep, None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="fr-parity-")
        work = tmp.name
    corpus = os.path.join(work, "corpus.jsonl")
    write_jsonl(docs, corpus)

    failed = 0
    for name, tok_opts, model_opts in sets:
        try:
            ok, msg = check(name, tok_opts, model_opts, fitrank, corpus, docs, work)
        except FitrankError as e:
            ok, msg = False, str(e)
        if ok:
            print("parity: %s: %s OK" % (name, msg))
        else:
            failed += 1
            print("parity: %s: FAIL %s (options: %s)"
                  % (name, msg, " ".join(tok_opts + model_opts) or "defaults"))
        sys.stdout.flush()
    if tmp:
        tmp.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
