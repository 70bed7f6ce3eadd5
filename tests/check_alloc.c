/* tests/check_alloc.c — the library under allocation failure (tests/failalloc.h).
 *
 * Each scenario drives one of the library's entry points end to end on small inputs (tokenize,
 * lexicon, fit/save/load, the embedded model, posting and résumé parsing, every input format,
 * docset building + rank + cosine, index save/map/append, explain's scorer, eval, file I/O) and
 * folds what it produced into a digest.  In check_failalloc (`make failalloc`, ASan + LSan) each
 * scenario runs once to count its allocations, then again with allocation n failing for every n
 * reached — failing only the n-th ("transient"), the n-th and every later one ("persistent",
 * memory stays exhausted), and the n-th with no fr_error passed (it is optional) — until a run
 * completes without reaching n.  Every run must be clean:
 *   - no crash, no ASan/UBSan report (the run would die), no leak (LSan, checked after every
 *     scenario and at exit);
 *   - a failing call returns an error status with a non-empty message, and leaves no half-built
 *     object: an out-pointer stays NULL;
 *   - a run the library got through although an allocation failed (a fallback) gives exactly the
 *     digest of the run without injection: a failure is never silently swallowed into a different
 *     result.
 * In check_fitrank (no injection) each scenario runs once and must succeed: the scenarios cannot
 * rot.  FR_FAILALLOC_ONLY=NAME runs one scenario; FR_FAILALLOC_AT=N (FR_FAILALLOC_MODE=0, 1 or 2:
 * the kinds above) runs one injection point with the failing allocation's stack printed. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_support.h"
#include "fr.h"
#include "tests/failalloc.h"
#include "util/io.h"

#if defined(__SANITIZE_ADDRESS__)
#define T_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_LSAN 1
#endif
#endif
#ifdef T_LSAN
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

/* ------------------------------------------------------------------ fixtures */

static const char POSTING_EN[] =
    "Senior Data Engineer\n\nAbout the role\nWe build data pipelines for analytics teams.\n\n"
    "Requirements:\n- 5+ years of experience with Python and SQL\n"
    "- Bachelor's degree in Computer Science or a related field\n"
    "- Experience with Kubernetes, Docker or Terraform\n- Strong communication skills\n\n"
    "Nice to have:\n- Experience with Apache Spark or Airflow\n- Knowledge of C++ and Node.js\n\n"
    "Benefits: competitive salary, equal opportunity employer.\n";
static const char POSTING_DE[] =
    "# Backend-Entwickler (m/w/d)\n\n## Ihr Profil\n* Abgeschlossenes Studium der Informatik\n"
    "* Mindestens 3 Jahre Erfahrung mit Java und PostgreSQL\n* Kenntnisse in React sind wünschenswert\n\n"
    "## Von Vorteil\n* Erfahrung mit AWS und CI/CD\n";
static const char RESUME_EN[] =
    "Jane Doe\njane@example.com | +1 555 0100\n\nSummary\nData engineer focused on reliable pipelines.\n\n"
    "Experience\nSenior Data Engineer, Acme Corp, Jan 2019 – Present\n"
    "- Built Python and SQL pipelines on Kubernetes\n- Led the migration to Terraform and Docker\n\n"
    "Data Analyst, Beta GmbH, 01/2015 - 12/2018\n- Reported with SQL and Tableau to the board\n\n"
    "Education\nM.Sc. Computer Science, TU Berlin, 2012 - 2014\n"
    "Currently enrolled in a PhD program in statistics\n\n"
    "Skills\nPython, SQL, Spark, Airflow, C++, Node.js, Straße ＣＡＦÉ\n";
static const char RESUME_DE[] =
    "Max Mustermann\n\nBerufserfahrung\nSoftwareentwickler, Firma GmbH, seit 2020\n"
    "• Entwicklung mit Java und PostgreSQL\n• React Frontends für Kunden\n\n"
    "Ausbildung\nB.Sc. Informatik, Universität Hamburg, 2015 - 2019\n\nKenntnisse: Java, AWS, Docker, k8s\n";
static const char RESUME_SHORT[] = "Alex\nSkills: Rust, Go, Linux, 東京 データ\n";

static const char *const FIT_DOCS[] = {POSTING_EN, POSTING_DE, RESUME_EN, RESUME_DE, RESUME_SHORT,
                                       "Python developer with SQL, Airflow and Spark experience.",
                                       "Java backend engineer: PostgreSQL, AWS, Docker and Kubernetes."};
#define N_FIT (sizeof FIT_DOCS / sizeof *FIT_DOCS)

/* Files of the input scenario: one of every format the input layer reads. */
static const struct {
    const char *name, *body;
} FILES[] = {
    {"in/a.txt", POSTING_EN},
    {"in/b.md", POSTING_DE},
    {"in/c.jsonl", "{\"id\": \"j1\", \"title\": \"Dev\", \"text\": \"Python and SQL\\nRequirements:\\n- Go\"}\n\n"
                   "{\"text\": \"Java, AWS\"}\n"},
    {"in/d.csv", "ID,text,extra\nc1,\"multi\nline \"\"quoted\"\" Python\",x\nc2,plain SQL,y\n"},
    {"in/e.json", "{\"@type\": \"JobPosting\", \"title\": \"Data Engineer\", \"description\": "
                  "\"<p>We need Python.</p>\", \"qualifications\": \"5 years of SQL\"}"},
    {"in/f.json", "{\"basics\": {\"name\": \"A\"}, \"work\": [{\"position\": \"Dev\", \"name\": \"X\", "
                  "\"startDate\": \"2019-01\", \"highlights\": [\"Python\"]}], \"skills\": [{\"name\": \"SQL\"}]}"},
    {"in/g.html", "<html><head><title>T</title><script type=\"application/ld+json\">{\"@type\": \"JobPosting\", "
                  "\"title\": \"X\", \"description\": \"Python\"}</script></head><body><h2>Requirements</h2>"
                  "<ul><li>Python &amp; SQL</li><li>Docker</li></ul></body></html>"},
    {"in/sub/h.txt", RESUME_EN},
    {"in/skip.bin", "not read"},
    /* read in pieces (sc_input_pieces): U+FFFD substituted, lines across pieces; a bad line settled
     * against the rest of its file, where invalid UTF-8 comes first */
    {"p.jsonl", "{\"text\": \"\xff caf\xc3\xa9\"}\r\n\n{\"id\": \"long\", \"text\": \"a line across many pieces\"}"},
    {"q.jsonl", "{\"text\": \"a\"}\n{bad\n{\"text\": \"\xff\"}\n"},
    {"labels.csv", "resume,posting,label\nr1,p1,1\nr2,p1,3\nr1,p2,5\nr2,p2,2\nr1,p1,2\nr3,p2,1\n"},
    {"scores.csv", "resume,posting,score\nr1,p1,0.9\nr2,p1,0.1\nr1,p2,0.3\nr2,p2,0.5\nr3,p2,0.7\n"},
};
#define N_FILES (sizeof FILES / sizeof *FILES)

typedef struct {
    char dir[512];
    fr_model *m;     /* fitted on FIT_DOCS, dim 4 */
    fr_lexicon *lx;
    fr_docset P, R;  /* POSTING_EN, POSTING_DE; RESUME_EN, RESUME_DE, RESUME_SHORT */
} env_t;

static env_t *env;

static void path_of(char *out, size_t cap, const char *rel) { snprintf(out, cap, "%s/%s", env->dir, rel); }

static void write_file(const char *rel, const char *body)
{
    char p[600];
    path_of(p, sizeof p, rel);
    for (char *s = strchr(p + strlen(env->dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(p, 0700);
        *s = '/';
    }
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    ck_assert(fwrite(body, 1, strlen(body), f) == strlen(body));
    ck_assert(fclose(f) == 0);
}

/* Built once per process, never under injection. */
static env_t *env_get(void)
{
    if (env)
        return env;
    static env_t e;
    env = &e;
    fa_disarm();
    snprintf(e.dir, sizeof e.dir, "%s/alloc", t_tmpdir());
    mkdir(e.dir, 0700);
    for (size_t i = 0; i < N_FILES; i++)
        write_file(FILES[i].name, FILES[i].body);
    fr_error err = {0};
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.dim = 4;
    fr_fitter *f;
    ck_assert_int_eq(fr_fitter_new(&o, &f, &err), FR_OK);
    for (size_t i = 0; i < N_FIT; i++)
        ck_assert_int_eq(fr_fitter_add(f, FIT_DOCS[i], strlen(FIT_DOCS[i]), &err), FR_OK);
    ck_assert_int_eq(fr_fitter_finish(f, &e.m, &err), FR_OK);
    fr_fitter_free(f);
    ck_assert_int_eq(fr_lexicon_new(&e.lx, &err), FR_OK);
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(e.m, e.lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&e.P, FR_SET_POSTINGS, e.m, e.lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&e.R, FR_SET_RESUMES, e.m, e.lx, &err), FR_OK);
    const char *pt[] = {POSTING_EN, POSTING_DE}, *rt[] = {RESUME_EN, RESUME_DE, RESUME_SHORT};
    char id[16];
    for (int i = 0; i < 2; i++) {
        fr_posting *p;
        snprintf(id, sizeof id, "p%d", i + 1);
        ck_assert_int_eq(fr_posting_parse(id, pt[i], strlen(pt[i]), "source", e.lx, &p, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_posting(&e.P, b, p, pt[i], strlen(pt[i]), &err), FR_OK);
        fr_posting_free(p);
    }
    for (int i = 0; i < 3; i++) {
        fr_resume *r;
        snprintf(id, sizeof id, "r%d", i + 1);
        ck_assert_int_eq(fr_resume_parse(id, rt[i], strlen(rt[i]), "source", e.lx, (fr_ym){2026, 1}, &r, &err),
                         FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&e.R, b, r, rt[i], strlen(rt[i]), &err), FR_OK);
        fr_resume_free(r);
    }
    fr_docset_builder_free(b);
    return env;
}

/* ------------------------------------------------------------------ digest and checks */

static void dg(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ s[i]) * 1099511628211ULL;
    *h = (*h ^ 0xff) * 1099511628211ULL; /* a separator: "ab","c" differs from "a","bc" */
}
static void dgs(uint64_t *h, const char *s) { dg(h, s ? s : "(null)", s ? strlen(s) : 6); }
static void dgu(uint64_t *h, uint64_t x) { dg(h, &x, sizeof x); }
static void dgf(uint64_t *h, double x)
{
    char b[32];
    snprintf(b, sizeof b, "%.6g", x);
    dgs(h, b);
}

/* A violation the scenario itself sees (a half-built object); the first one is kept. */
static char violation[512];

static void half_built(const char *call, int line)
{
    if (!violation[0])
        snprintf(violation, sizeof violation, "line %d: %s failed but left a half-built object behind", line, call);
}

/* Call returning a status; on failure, to cleanup. */
#define DO(call)                                                                                                  \
    do {                                                                                                          \
        if ((st = (call)) != FR_OK)                                                                               \
            goto out;                                                                                             \
    } while (0)
/* A constructor: on failure its out-pointer must still be NULL. */
#define NEW(call, ptr)                                                                                            \
    do {                                                                                                          \
        if ((st = (call)) != FR_OK) {                                                                             \
            if ((ptr) != NULL)                                                                                    \
                half_built(#call, __LINE__);                                                                      \
            ptr = NULL;                                                                                           \
            goto out;                                                                                             \
        }                                                                                                         \
    } while (0)

typedef fr_status (*scenario_fn)(uint64_t *h, fr_error *err);

/* ------------------------------------------------------------------ scenarios */

static fr_status sc_tokenize(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_tokenizer *t = NULL;
    fr_buf norm = {0};
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.stop_words = FR_STOP_EN | FR_STOP_DE;
    snprintf(o.stem, sizeof o.stem, "english");
    o.ngram_max = 2;
    o.strip_accents = 1;
    o.invalid = FR_INVALID_REPLACE;
    NEW(fr_tokenizer_new(&o, &t, err), t);
    const char *texts[] = {RESUME_EN, POSTING_DE, "C++ and C# on .NET, written in C; CI/CD \xff bad byte",
                           "supercalifragilisticexpialidocious-antidisestablishmentarianism réalisé"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        fr_tokens toks;
        DO(fr_tokenize(t, texts[i], strlen(texts[i]), &toks, err));
        for (size_t k = 0; k < toks.n; k++) {
            dg(h, toks.text + toks.off[k], toks.len[k]);
            dgu(h, (uint64_t)toks.src_start[k] << 32 | toks.src_end[k]);
        }
    }
    DO(fr_normalize(t, RESUME_EN, strlen(RESUME_EN), &norm, err));
    dg(h, norm.data, norm.len);
    fr_tokenizer_free(t);
    t = NULL;
    /* German stemming: a second stemmer */
    fr_tok_opts_default(&o);
    snprintf(o.stem, sizeof o.stem, "german");
    NEW(fr_tokenizer_new(&o, &t, err), t);
    fr_tokens toks;
    DO(fr_tokenize(t, RESUME_DE, strlen(RESUME_DE), &toks, err));
    for (size_t k = 0; k < toks.n; k++)
        dg(h, toks.text + toks.off[k], toks.len[k]);
out:
    fr_buf_free(&norm);
    fr_tokenizer_free(t);
    return st;
}

static fr_status sc_lexicon(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_lexicon *lx = NULL, *small = NULL;
    fr_tokenizer *t = NULL;
    NEW(fr_lexicon_new(&lx, err), lx);
    dgu(h, fr_lexicon_size(lx));
    dgu(h, (uint64_t)fr_lexicon_version(lx));
    static const char tsv[] = "# a comment\nversion\t7\nkubernetes\tk8s\t\nmachine learning\tml,machine-learning\t\n"
                              "go\tgolang\tcase\n";
    NEW(fr_lexicon_from_tsv(tsv, sizeof tsv - 1, &small, err), small);
    dgu(h, fr_lexicon_size(small));
    fr_tok_opts o;
    fr_lexicon_tok_opts(&o);
    NEW(fr_tokenizer_new(&o, &t, err), t);
    fr_tokens toks;
    DO(fr_tokenize(t, RESUME_EN, strlen(RESUME_EN), &toks, err));
    fr_skill_hit hits[64];
    size_t n = fr_lexicon_find(lx, &toks, RESUME_EN, strlen(RESUME_EN), hits, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        dgs(h, fr_lexicon_name(lx, hits[i].skill));
out:
    fr_tokenizer_free(t);
    fr_lexicon_free(small);
    fr_lexicon_free(lx);
    return st;
}

static fr_status sc_fit_save_load(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_fitter *f = NULL;
    fr_model *m = NULL, *back = NULL;
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.dim = 3;
    o.tok.ngram_max = 2;
    snprintf(o.tok.stem, sizeof o.tok.stem, "english");
    o.max_features = 200;
    NEW(fr_fitter_new(&o, &f, err), f);
    for (size_t i = 0; i < N_FIT; i++)
        DO(fr_fitter_add(f, FIT_DOCS[i], strlen(FIT_DOCS[i]), err));
    NEW(fr_fitter_finish(f, &m, err), m);
    dgs(h, fr_model_hash(m));
    char path[600];
    path_of(path, sizeof path, "fit.frm");
    DO(fr_model_save(m, path, err));
    NEW(fr_model_load(path, &back, err), back);
    dgs(h, fr_model_hash(back));
    dgu(h, fr_model_n_terms(back));
out:
    fr_model_free(back);
    fr_model_free(m);
    fr_fitter_free(f);
    return st;
}

/* rank --mode cosine --fit: fit + rows in one pass over two parts, then the top k on two threads */
static fr_status sc_cofit(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_cofit *c = NULL;
    fr_row_ref rows[N_FIT];
    fr_topk tops[2];
    memset(tops, 0, sizeof tops);
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.tok.stop_words = FR_STOP_EN;
    NEW(fr_cofit_new(&o, 2, &c, err), c);
    for (size_t i = 0; i < N_FIT; i++)
        DO(fr_cofit_add(c, i % 2, N_FIT - 1 - i, FIT_DOCS[N_FIT - 1 - i], strlen(FIT_DOCS[N_FIT - 1 - i]), err));
    DO(fr_cofit_finish(c, 2, err));
    dgs(h, fr_model_hash(fr_cofit_model(c)));
    for (size_t d = 0; d < N_FIT; d++) {
        rows[d].e = fr_cofit_row(c, d, &rows[d].n);
        for (size_t i = 0; i < rows[d].n; i++) {
            dgu(h, rows[d].e[i].col);
            dgf(h, rows[d].e[i].v.w);
        }
    }
    for (size_t q = 0; q < 2; q++)
        if (fr_topk_init(&tops[q], 3) != FR_OK) {
            st = FR_ENOMEM;
            if (err)
                snprintf(err->msg, sizeof err->msg, "out of memory");
            goto out;
        }
    DO(fr_cosine_topk(rows, 2, rows + 2, N_FIT - 2, fr_model_n_terms(fr_cofit_model(c)), 2, tops, err));
    for (size_t q = 0; q < 2; q++) {
        size_t n = fr_topk_sort(&tops[q]);
        for (size_t i = 0; i < n; i++) {
            dgu(h, tops[q].id[i]);
            dgf(h, tops[q].val[i]);
        }
    }
out:
    for (size_t q = 0; q < 2; q++)
        fr_topk_free(&tops[q]);
    fr_cofit_free(c);
    return st;
}

static fr_status sc_default_model(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_model *m = NULL;
    fr_vectorizer *v = NULL;
    float *x = NULL;
    NEW(fr_model_default(&m, err), m);
    dgs(h, fr_model_hash(m));
    NEW(fr_vectorizer_new(m, &v, err), v);
    fr_sparse sp;
    DO(fr_vectorize(v, RESUME_EN, strlen(RESUME_EN), &sp, err));
    for (size_t i = 0; i < sp.n; i++) {
        dgu(h, sp.ids[i]);
        dgf(h, sp.w[i]);
    }
    x = malloc(fr_model_dim(m) * sizeof *x); /* test-side: never injected */
    ck_assert(x != NULL);
    DO(fr_project(m, &sp, x));
    for (size_t i = 0; i < fr_model_dim(m); i++)
        dgf(h, x[i]);
out:
    free(x);
    fr_vectorizer_free(v);
    fr_model_free(m);
    return st;
}

static void dg_items(uint64_t *h, const fr_items *its)
{
    for (size_t i = 0; i < its->n; i++) {
        const fr_item *it = &its->v[i];
        dgs(h, it->text);
        dgu(h, (uint64_t)it->start << 32 | it->end);
        dgf(h, it->min_years);
        dgu(h, (uint64_t)it->degree << 8 | (uint64_t)it->enrolled << 4 | (uint64_t)it->any_of);
        for (size_t k = 0; k < it->n_skills; k++)
            dgs(h, it->skills[k]);
        for (size_t k = 0; k < it->n_fields; k++)
            dgs(h, it->fields[k]);
    }
}

static fr_status sc_posting(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_posting *p = NULL;
    const char *texts[] = {POSTING_EN, POSTING_DE, "Just some text without any requirement heading."};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        NEW(fr_posting_parse("p", texts[i], strlen(texts[i]), "source", env->lx, &p, err), p);
        dgs(h, p->title);
        dg_items(h, &p->summary);
        dg_items(h, &p->responsibilities);
        dg_items(h, &p->required);
        dg_items(h, &p->preferred);
        dg_items(h, &p->other);
        dg_items(h, &p->context);
        for (size_t k = 0; k < p->n_skills; k++)
            dgs(h, p->skills[k]);
        dgu(h, (uint64_t)p->no_requirements);
        fr_posting_free(p);
        p = NULL;
    }
out:
    fr_posting_free(p);
    return st;
}

static fr_status sc_resume(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_resume *r = NULL;
    const char *texts[] = {RESUME_EN, RESUME_DE, RESUME_SHORT};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        NEW(fr_resume_parse("r", texts[i], strlen(texts[i]), "source", env->lx, (fr_ym){2026, 1}, &r, err), r);
        for (size_t k = 0; k < r->n_sections; k++) {
            dgs(h, r->sections[k].heading);
            dgu(h, (uint64_t)r->sections[k].kind);
        }
        for (size_t k = 0; k < r->n_experience; k++) {
            const fr_experience *x = &r->experience[k];
            dgs(h, x->title);
            dgs(h, x->organisation);
            dgu(h, (uint64_t)x->start_off << 32 | x->end_off);
            for (size_t s = 0; s < x->n_skills; s++)
                dgs(h, x->skills[s]);
        }
        for (size_t k = 0; k < r->n_education; k++) {
            dgu(h, (uint64_t)r->education[k].degree);
            dgs(h, r->education[k].field);
            dgs(h, r->education[k].institution);
            dgs(h, r->education[k].status);
        }
        dg_items(h, &r->chunks);
        for (size_t k = 0; k < r->n_skill_years; k++) {
            dgs(h, r->skill_years[k].skill);
            dgf(h, r->skill_years[k].years);
        }
        dgf(h, r->total_years);
        dgu(h, (uint64_t)r->highest_degree);
        dgs(h, r->highest_field);
        for (size_t k = 0; k < r->n_skills; k++)
            dgs(h, r->skills[k]);
        fr_resume_free(r);
        r = NULL;
    }
out:
    fr_resume_free(r);
    return st;
}

/* Every format through the input layer, each document parsed as a posting and as a résumé. */
static fr_status sc_input(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_input *in = NULL;
    fr_posting *p = NULL;
    fr_resume *r = NULL;
    char dir[600], one[600];
    path_of(dir, sizeof dir, "in");
    path_of(one, sizeof one, "in/c.jsonl");
    const char *args[] = {dir, one};
    fr_input_opts io;
    fr_input_opts_default(&io);
    io.invalid = FR_INVALID_REPLACE;
    NEW(fr_input_open(args, 2, &io, &in, err), in);
    for (;;) {
        fr_doc d;
        int more = 0;
        DO(fr_input_next(in, &d, &more, err));
        if (!more)
            break;
        dg(h, d.id, d.id_len);
        dg(h, d.text, d.len);
        dgs(h, d.title);
        dgs(h, d.offsets);
        dgu(h, d.offset);
        if (d.alt_text)
            dg(h, d.alt_text, d.alt_len);
        NEW(fr_posting_parse_doc(&d, env->lx, &p, err), p);
        dgs(h, p->title);
        dg_items(h, &p->required);
        dg_items(h, &p->preferred);
        dg_items(h, &p->context);
        for (size_t k = 0; k < p->n_skills; k++)
            dgs(h, p->skills[k]);
        fr_posting_free(p);
        p = NULL;
        NEW(fr_resume_parse_doc(&d, env->lx, (fr_ym){2026, 1}, &r, err), r);
        dg_items(h, &r->chunks);
        for (size_t k = 0; k < r->n_skills; k++)
            dgs(h, r->skills[k]);
        for (size_t k = 0; k < r->n_experience; k++)
            dgu(h, (uint64_t)r->experience[k].start_off << 32 | r->experience[k].end_off);
        fr_resume_free(r);
        r = NULL;
    }
    dgu(h, fr_input_skipped(in));
out:
    fr_posting_free(p);
    fr_resume_free(r);
    fr_input_free(in);
    return st;
}

/* JSONL read in pieces: documents, then an error found only by reading the file to its end. */
static fr_status sc_input_pieces(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_input *in = NULL;
    char one[600], two[600];
    path_of(one, sizeof one, "in/c.jsonl");
    path_of(two, sizeof two, "p.jsonl");
    const char *args[] = {one, two};
    fr_input_opts io;
    fr_input_opts_default(&io);
    io.invalid = FR_INVALID_REPLACE;
    io.piece_bytes = 7;
    NEW(fr_input_open(args, 2, &io, &in, err), in);
    for (;;) {
        fr_doc d;
        int more = 0;
        DO(fr_input_next(in, &d, &more, err));
        if (!more)
            break;
        dg(h, d.id, d.id_len);
        dg(h, d.text, d.len);
        dgu(h, d.offset);
    }
    dgu(h, fr_input_replaced(in));
    fr_input_free(in);
    in = NULL;
    path_of(one, sizeof one, "q.jsonl");
    io.invalid = FR_INVALID_STRICT;
    NEW(fr_input_open(args, 1, &io, &in, err), in);
    fr_doc d;
    int more = 0;
    fr_error bad = {0};
    while ((st = fr_input_next(in, &d, &more, &bad)) == FR_OK && more)
        dg(h, d.text, d.len);
    if (st == FR_ENOMEM) {
        if (err)
            *err = bad;
        goto out;
    }
    st = st == FR_EUTF8 && strstr(bad.msg, "q.jsonl:29: invalid UTF-8") ? FR_OK : FR_EINVAL;
    dg(h, bad.msg, strlen(bad.msg));
out:
    fr_input_free(in);
    return st;
}

static void dg_result(uint64_t *h, const fr_rank_result *res)
{
    for (size_t q = 0; q < res->n_query; q++)
        for (size_t i = res->start[q]; i < res->start[q + 1]; i++) {
            dgu(h, (uint64_t)res->hits[i].posting << 32 | res->hits[i].resume);
            dgf(h, res->hits[i].ev.score);
            dgu(h, res->hits[i].ev.gate);
        }
}

/* Prepare both sets from text (postings and résumés, and the plain form --mode cosine uses),
 * then rank both ways, pruned and exhaustive, and by cosine. */
static fr_status sc_docset_rank(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_docset_builder *b = NULL;
    fr_docset P = {0}, R = {0}, C = {0};
    fr_posting *p = NULL;
    fr_resume *r = NULL;
    fr_rank_result res = {0};
    NEW(fr_docset_builder_new(env->m, env->lx, &b, err), b);
    DO(fr_docset_init(&P, FR_SET_POSTINGS, env->m, env->lx, err));
    DO(fr_docset_init(&R, FR_SET_RESUMES, env->m, env->lx, err));
    DO(fr_docset_init(&C, FR_SET_RESUMES, env->m, env->lx, err));
    const char *pt[] = {POSTING_EN, POSTING_DE}, *rt[] = {RESUME_EN, RESUME_DE, RESUME_SHORT};
    for (size_t i = 0; i < 2; i++) {
        NEW(fr_posting_parse("p", pt[i], strlen(pt[i]), "source", env->lx, &p, err), p);
        DO(fr_docset_add_posting(&P, b, p, pt[i], strlen(pt[i]), err));
        fr_posting_free(p);
        p = NULL;
    }
    for (size_t i = 0; i < 3; i++) {
        NEW(fr_resume_parse("r", rt[i], strlen(rt[i]), "source", env->lx, (fr_ym){2026, 1}, &r, err), r);
        DO(fr_docset_add_resume(&R, b, r, rt[i], strlen(rt[i]), err));
        fr_resume_free(r);
        r = NULL;
        DO(fr_docset_add_plain(&C, b, "c", rt[i], strlen(rt[i]), err));
    }
    fr_rank_opts o;
    for (int mode = 0; mode < 4; mode++) {
        fr_rank_opts_default(&o);
        o.k = 2;
        o.threads = 1;
        o.per_resume = mode & 1;
        o.exhaustive = mode < 2;
        o.prune_small_pools = 1;
        DO(fr_rank(&P, &R, env->m, &o, &res, err));
        dg_result(h, &res);
        fr_rank_result_free(&res);
    }
    fr_rank_opts_default(&o);
    o.threads = 1;
    DO(fr_rank_cosine(&env->P, &C, &o, &res, err));
    dg_result(h, &res);
out:
    fr_rank_result_free(&res);
    fr_posting_free(p);
    fr_resume_free(r);
    fr_docset_free(&P);
    fr_docset_free(&R);
    fr_docset_free(&C);
    fr_docset_builder_free(b);
    return st;
}

/* index build (save), mapping it back, appending a mapped set, ranking against it. */
static fr_status sc_index(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_docset Q = {0}, S = {0}, A = {0};
    fr_rank_result res = {0};
    char pp[600], rp[600];
    path_of(pp, sizeof pp, "p.fri");
    path_of(rp, sizeof rp, "r.fri");
    DO(fr_index_save(&env->P, pp, err));
    DO(fr_index_save(&env->R, rp, err));
    dgu(h, (uint64_t)fr_index_sniff(pp));
    DO(fr_index_map(pp, env->m, env->lx, FR_SET_POSTINGS, &Q, err));
    DO(fr_index_map(rp, env->m, env->lx, FR_SET_RESUMES, &S, err));
    DO(fr_docset_check_all(&Q, err));
    DO(fr_docset_init(&A, FR_SET_RESUMES, env->m, env->lx, err));
    DO(fr_docset_append(&A, &S, err));
    DO(fr_docset_append(&A, &env->R, err));
    fr_rank_opts o;
    fr_rank_opts_default(&o);
    o.threads = 1;
    o.k = 3;
    DO(fr_rank(&Q, &A, env->m, &o, &res, err));
    dg_result(h, &res);
    fr_rank_result_free(&res);
    o.per_resume = 1;
    o.prune_small_pools = 1;
    DO(fr_rank(&Q, &S, env->m, &o, &res, err));
    dg_result(h, &res);
out:
    fr_rank_result_free(&res);
    fr_docset_free(&Q);
    fr_docset_free(&S);
    fr_docset_free(&A);
    return st;
}

/* explain: one pair scored canonically with its items. */
static fr_status sc_explain(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_scorer *s = NULL;
    fr_item_eval items[64];
    NEW(fr_scorer_new(env->m, &s, err), s);
    for (size_t p = 0; p < env->P.n; p++)
        for (size_t r = 0; r < env->R.n; r++) {
            fr_pair_eval pe;
            DO(fr_score_pair(s, &env->P, p, &env->R, r, NULL, &pe, items, err));
            dgf(h, pe.score);
            for (uint32_t i = 0; i < pe.req_total + pe.pref_total && i < 64; i++) {
                dgf(h, items[i].cov);
                dgu(h, (uint64_t)items[i].lex_chunk << 32 | (uint32_t)items[i].dense_chunk);
            }
        }
out:
    fr_scorer_free(s);
    return st;
}

static fr_status sc_eval(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_labels l = {0};
    float *key = NULL;
    double *pq = NULL;
    char lp[600], sp[600];
    path_of(lp, sizeof lp, "labels.csv");
    path_of(sp, sizeof sp, "scores.csv");
    DO(fr_labels_read(lp, &l, err));
    dgu(h, l.n_pairs);
    dgu(h, l.n_conflicts);
    key = calloc(l.n_pairs, sizeof *key); /* test-side */
    pq = calloc(l.resume_ids.n + l.posting_ids.n, sizeof *pq);
    ck_assert(key && pq);
    DO(fr_labels_read_scores(&l, sp, key, err));
    for (int by = 0; by < 2; by++) {
        fr_eval_metrics mt;
        DO(fr_eval_metrics_compute(&l, key, by, NULL, &mt, pq, err));
        dgf(h, mt.ndcg10);
        dgf(h, mt.p5);
        dgf(h, mt.mrr);
    }
out:
    free(key);
    free(pq);
    fr_labels_free(&l);
    return st;
}

static fr_status sc_io(uint64_t *h, fr_error *err)
{
    fr_status st = FR_OK;
    fr_buf b = {0};
    fr_outfile o = {0};
    int opened = 0;
    char in[600], outp[600];
    path_of(in, sizeof in, "in/a.txt");
    path_of(outp, sizeof outp, "out.txt");
    DO(fr_read_file(in, &b, err));
    dg(h, b.data, b.len);
    DO(fr_outfile_open(&o, outp, err));
    opened = 1;
    if (fwrite(b.data, 1, b.len, o.fp) != b.len) {
        st = fr_fail(err, FR_EIO, "write failed");
        goto out;
    }
    opened = 0;
    DO(fr_outfile_commit(&o, err));
    fr_buf_reset(&b);
    DO(fr_read_file(outp, &b, err));
    dg(h, b.data, b.len);
out:
    if (opened)
        fr_outfile_abort(&o);
    fr_buf_free(&b);
    return st;
}

/* ------------------------------------------------------------------ the harness */

static const struct {
    const char *name;
    scenario_fn fn;
} SCENARIOS[] = {
    {"tokenize", sc_tokenize}, {"lexicon", sc_lexicon},   {"fit_save_load", sc_fit_save_load}, {"cofit", sc_cofit},
    {"default_model", sc_default_model}, {"posting", sc_posting}, {"resume", sc_resume},
    {"input", sc_input},       {"input_pieces", sc_input_pieces}, {"docset_rank", sc_docset_rank}, {"index", sc_index},
    {"explain", sc_explain},   {"eval", sc_eval},         {"io", sc_io},
};
#define N_SCENARIOS (sizeof SCENARIOS / sizeof *SCENARIOS)

static int leaks_found(void)
{
#ifdef T_LSAN
    return __lsan_do_recoverable_leak_check();
#else
    return 0;
#endif
}

/* Kinds of run: the n-th allocation fails; the n-th and every later one; the n-th, with no
 * fr_error passed (it is optional everywhere: no path may write through it unchecked). */
enum { MODE_TRANSIENT, MODE_PERSIST, MODE_NO_ERR, N_MODES };
static const char *const MODE_NAME[] = {"", " (persistent)", " (err = NULL)"};

/* Per status other than FR_ENOMEM, the first message seen under injection (for the summary: an
 * allocation failure reported as, say, bad input would be a wrong message worth seeing). */
static char other_msg[FR_EEMPTY + 1][160];

static const char *scenario_name;
static uint64_t cur_n;
static int cur_mode;

/* A crash under injection (ASan or UBSan report, signal): say which run it was, to reproduce it.
 * Called from a signal handler: snprintf into a static buffer and write(2) are all it does. */
static void on_death(void)
{
    static char msg[512];
    static volatile sig_atomic_t said;
    if (said || !scenario_name)
        return;
    said = 1;
    int n = snprintf(msg, sizeof msg,
                     "failalloc: died in scenario %s with allocation %llu failing%s; reproduce with "
                     "FR_FAILALLOC_ONLY=%s FR_FAILALLOC_AT=%llu FR_FAILALLOC_MODE=%d CK_FORK=no check_failalloc\n",
                     scenario_name, (unsigned long long)cur_n, MODE_NAME[cur_mode], scenario_name,
                     (unsigned long long)cur_n, cur_mode);
    if (n > 0 && write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1) < 0)
        return;
}

static void on_signal(int sig)
{
    on_death();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* One run with allocation n failing (n = 0: none).  Returns a description of what is wrong with
 * it, or NULL when it is clean. */
static const char *run_once(scenario_fn fn, uint64_t n, int mode, uint64_t base, fr_status *st_out, char *why,
                            size_t cap)
{
    fr_error err;
    memset(&err, 0, sizeof err);
    violation[0] = '\0';
    uint64_t h = 14695981039346656037ULL;
    cur_n = n;
    cur_mode = mode;
    fa_arm(n, mode == MODE_PERSIST);
    fr_status st = fn(&h, mode == MODE_NO_ERR ? NULL : &err);
    fa_disarm();
    *st_out = st;
    if (violation[0]) {
        snprintf(why, cap, "%s", violation);
        return why;
    }
    if (st != FR_OK && st != FR_ENOMEM && mode != MODE_NO_ERR && !other_msg[st][0]) /* shown in the summary */
        snprintf(other_msg[st], sizeof other_msg[st], "%.159s", err.msg);
    if (st != FR_OK && mode != MODE_NO_ERR && !err.msg[0]) {
        snprintf(why, cap, "status %d (%s) with an empty message", (int)st, fr_strerror(st));
        return why;
    }
    if (st == FR_OK && n && h != base) {
        snprintf(why, cap, "succeeded with a different result (a failure swallowed)");
        return why;
    }
    return NULL;
}

typedef struct {
    uint64_t points, runs, errors, recovered, enomem, leaks;
} tally;

static void run_scenario(size_t s)
{
    const char *name = SCENARIOS[s].name;
    scenario_fn fn = SCENARIOS[s].fn;
    const char *only = getenv("FR_FAILALLOC_ONLY");
    if (only && *only && strcmp(only, name) != 0)
        return;
    env_get();
    scenario_name = name;
    signal(SIGABRT, on_signal); /* UBSan and ASan die by abort() (abort_on_error=1) */
#ifdef T_LSAN
    __sanitizer_set_death_callback(on_death); /* ASan keeps its own SIGSEGV handler, for its report */
#else
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
#endif
    char why[600];
    fr_status st;
    uint64_t base = 0;
    {
        fr_error err = {0};
        uint64_t h = 14695981039346656037ULL;
        fa_arm(0, 0);
        st = fn(&h, &err);
        ck_assert_msg(st == FR_OK, "scenario %s fails without injection: %s", name, err.msg);
        ck_assert_msg(!violation[0], "scenario %s: %s", name, violation);
        base = h;
    }
    uint64_t count = fa_count();
    ck_assert_msg(leaks_found() == 0, "scenario %s leaks without injection", name);
    if (!fa_linked())
        return; /* check_fitrank: the scenario works, nothing to inject */
    ck_assert_msg(count > 0, "scenario %s made no allocation through the shims", name);

    const char *at = getenv("FR_FAILALLOC_AT");
    if (at && *at) { /* one point, traced */
        const char *md = getenv("FR_FAILALLOC_MODE");
        int mode = md && *md >= '0' && *md < '0' + N_MODES ? *md - '0' : MODE_TRANSIENT;
        fa_trace(1);
        const char *bad = run_once(fn, strtoull(at, NULL, 10), mode, base, &st, why, sizeof why);
        fa_trace(0);
        printf("failalloc: %s at %s: status %d (%s)%s%s\n", name, at, (int)st, fr_strerror(st), bad ? ": " : "",
               bad ? bad : "");
        ck_assert_msg(!bad, "scenario %s, allocation %s failing: %s", name, at, bad);
        return;
    }
    tally t = {0};
    t.points = count;
    int bad_runs = 0;
    char first[800] = "";
    for (int mode = 0; mode < N_MODES; mode++) {
        for (uint64_t n = 1;; n++) {
            const char *bad = run_once(fn, n, mode, base, &st, why, sizeof why);
            if (!fa_fired()) { /* n was past the end: the run was the plain one */
                ck_assert_msg(st == FR_OK && !bad, "scenario %s: run past the last allocation fails", name);
                break;
            }
            t.runs++;
            if (st == FR_OK) {
                t.recovered++;
                if (getenv("FR_FAILALLOC_VERBOSE"))
                    printf("failalloc: %s: allocation %llu%s failing: recovered, same result\n", name,
                           (unsigned long long)n, MODE_NAME[mode]);
            }
            else {
                t.errors++;
                t.enomem += st == FR_ENOMEM;
            }
            if (bad) {
                fprintf(stderr, "failalloc: %s: allocation %llu%s failing: %s\n", name, (unsigned long long)n,
                        MODE_NAME[mode], bad);
                if (!bad_runs++) {
                    snprintf(first, sizeof first, "allocation %llu%s failing: %s", (unsigned long long)n,
                             MODE_NAME[mode], bad);
                    fa_trace(1); /* again, to show where that allocation is */
                    run_once(fn, n, mode, base, &st, why, sizeof why);
                    fa_trace(0);
                }
            }
            if (getenv("FR_FAILALLOC_LEAKS_EACH") && leaks_found()) {
                t.leaks++;
                fprintf(stderr, "failalloc: %s leaks with allocation %llu%s failing\n", name, (unsigned long long)n,
                        MODE_NAME[mode]);
            }
        }
    }
    if (!getenv("FR_FAILALLOC_LEAKS_EACH") && leaks_found())
        t.leaks++;
    printf("failalloc: %-14s %6llu allocations, %6llu runs: %6llu errors (%llu out of memory), %llu recovered, "
           "%d unclean, %s\n",
           name, (unsigned long long)t.points, (unsigned long long)t.runs, (unsigned long long)t.errors,
           (unsigned long long)t.enomem, (unsigned long long)t.recovered, bad_runs, t.leaks ? "LEAKS" : "no leak");
    for (int k = 0; k <= FR_EEMPTY; k++)
        if (other_msg[k][0]) {
            printf("failalloc: %-14s also %s, e.g. \"%s\"\n", name, fr_strerror((fr_status)k), other_msg[k]);
            other_msg[k][0] = '\0';
        }
    fflush(stdout);
    ck_assert_msg(bad_runs == 0, "scenario %s: %d unclean runs under injection; first: %s", name, bad_runs, first);
    ck_assert_msg(t.leaks == 0, "scenario %s leaks under injection (LSan's report above)", name);
}

START_TEST(test_library_survives_every_failing_allocation)
{
    run_scenario((size_t)_i);
}
END_TEST

Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("failalloc");
    tcase_set_timeout(tc, 1800);
    tcase_add_loop_test(tc, test_library_survives_every_failing_allocation, 0, (int)N_SCENARIOS);
    suite_add_tcase(s, tc);
    return s;
}
