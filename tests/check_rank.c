/* tests/check_rank.c — the scorer (engine/score), the ranking driver (engine/rank) and index
 * files (engine/index): arithmetic, facts, gates, top-k against brute force, determinism across
 * threads, index round trip.  Documents are generated from a fixed seed and parsed by the real
 * parsers; the model is fitted on them (small LSA dimension). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check_support.h"
#include "engine/bf16.h"
#include "fr.h"
#include "util/io.h"

static const char *const SKILLS[] = {"Python", "Java", "Kubernetes", "PostgreSQL", "Docker", "React", "TypeScript",
                                     "SQL", "Spark", "Airflow", "Terraform", "AWS", "Linux", "C++", "Rust", "Scala"};
static const char *const WORDS[] = {"building", "services", "data", "pipelines", "teams", "design", "testing",
                                    "production", "systems", "cloud", "analytics", "models", "web", "api",
                                    "performance", "scalable", "reliable", "customers", "platform", "tooling"};
#define NS (sizeof SKILLS / sizeof *SKILLS)
#define NW (sizeof WORDS / sizeof *WORDS)

static uint64_t rng_state;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}
static const char *S(void) { return SKILLS[rnd(NS)]; }
static const char *W(void) { return WORDS[rnd(NW)]; }

/* Soft qualities ("communication skills") in the generated documents: only for the tests that
 * ask (set before fixture_build), so that the others' documents stay as they were. */
static int gen_soft;
static const fr_score_params *fit_sp; /* fixture_build: the model's scoring parameters, when set */
/* Résumé sets that keep no chunk vectors (fr_docset.lazy_units), likewise asked for. */
static int gen_lazy;

static void gen_posting(fr_buf *b, int i)
{
    fr_buf_reset(b);
    fr_buf_printf(b, "Engineer %d\n\nRequirements:\n", i);
    if (rnd(2))
        fr_buf_printf(b, "- %u+ years of experience with %s\n", 1 + rnd(6), S());
    fr_buf_printf(b, "- Strong %s %s with %s and %s\n", W(), W(), S(), S());
    fr_buf_printf(b, "- Experience %s %s %s\n", W(), W(), S());
    if (rnd(3) == 0)
        fr_buf_printf(b, "- %s degree in Computer Science\n", rnd(2) ? "Bachelor's" : "Master's");
    if (rnd(3) == 0) /* a condition of the job no résumé states: unknown, never missing */
        fr_buf_printf(b, "- Willingness to travel\n");
    if (gen_soft && rnd(3) == 0)
        fr_buf_printf(b, "- Excellent written and verbal communication skills\n");
    if (rnd(2)) {
        fr_buf_printf(b, "\nNice to have:\n- Experience with %s or %s\n", S(), S());
        fr_buf_printf(b, "- %s %s %s\n", W(), S(), W());
        if (gen_soft && rnd(2))
            fr_buf_printf(b, "- Strong communication and teamwork skills\n");
    }
}

static void gen_resume(fr_buf *b, int i)
{
    fr_buf_reset(b);
    fr_buf_printf(b, "Person %d\n\nExperience\n", i);
    int n = 1 + (int)rnd(3), y = 2024;
    for (int e = 0; e < n; e++) {
        int len = 1 + (int)rnd(5);
        fr_buf_printf(b, "Software Engineer, Company %d, %d-01 - %d-12\n", i * 10 + e, y - len, y);
        y -= len + 1;
        for (unsigned k = 0, nk = 1 + rnd(3); k < nk; k++)
            fr_buf_printf(b, "- %s %s %s with %s %s\n", W(), W(), S(), S(), W());
    }
    if (rnd(4))
        fr_buf_printf(b, "\nEducation\n%s Computer Science, University %d, 2010 - 2014\n",
                      rnd(2) ? "B.Sc." : "M.Sc.", i);
    fr_buf_printf(b, "\nSkills\n%s, %s, %s, %s\n", S(), S(), S(), S());
    if (gen_soft && rnd(2))
        fr_buf_printf(b, "%s communication skills, teamwork\n", rnd(2) ? "Excellent" : "Good written");
    else if (gen_soft && rnd(2)) /* a word of a soft item, none of its qualities claimed */
        fr_buf_printf(b, "Practical skills in customer delivery\n");
}

typedef struct {
    fr_model *m;
    fr_lexicon *lx;
    fr_docset P, R;
} fixture;

static void fixture_sets(fixture *fx, fr_buf *pt, int np, fr_buf *rt, int nr);
static int fixture_of_tasks(fixture *fx, const char *rel);

static void fixture_build(fixture *fx, uint64_t seed, int np, int nr, size_t dim)
{
    fr_error err = {0};
    rng_state = seed;
    fr_buf *pt = calloc((size_t)np, sizeof *pt), *rt = calloc((size_t)nr, sizeof *rt);
    ck_assert(pt && rt);
    for (int i = 0; i < np; i++)
        gen_posting(&pt[i], i);
    for (int i = 0; i < nr; i++)
        gen_resume(&rt[i], i);
    fr_fit_opts o;
    fr_fit_opts_default(&o);
    o.dim = dim;
    if (fit_sp)
        o.score = *fit_sp;
    fr_fitter *f;
    ck_assert_int_eq(fr_fitter_new(&o, &f, &err), FR_OK);
    for (int i = 0; i < np; i++)
        ck_assert_int_eq(fr_fitter_add(f, pt[i].data, pt[i].len, &err), FR_OK);
    for (int i = 0; i < nr; i++)
        ck_assert_int_eq(fr_fitter_add(f, rt[i].data, rt[i].len, &err), FR_OK);
    ck_assert_int_eq(fr_fitter_finish(f, &fx->m, &err), FR_OK);
    fr_fitter_free(f);
    fixture_sets(fx, pt, np, rt, nr);
}

/* fx->P and fx->R of the texts pt, rt (freed) under the model fx->m. */
static void fixture_sets(fixture *fx, fr_buf *pt, int np, fr_buf *rt, int nr)
{
    fr_error err = {0};
    ck_assert_int_eq(fr_lexicon_new(&fx->lx, &err), FR_OK);
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(fx->m, fx->lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&fx->P, FR_SET_POSTINGS, fx->m, fx->lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&fx->R, FR_SET_RESUMES, fx->m, fx->lx, &err), FR_OK);
    fx->R.lazy_units = gen_lazy;
    char id[32];
    for (int i = 0; i < np; i++) {
        fr_posting *p;
        snprintf(id, sizeof id, "p%d", i);
        ck_assert_int_eq(fr_posting_parse(id, pt[i].data, pt[i].len, "source", fx->lx, &p, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_posting(&fx->P, b, p, pt[i].data, pt[i].len, &err), FR_OK);
        fr_posting_free(p);
        fr_buf_free(&pt[i]);
    }
    fr_ym as_of = {2026, 11};
    for (int i = 0; i < nr; i++) {
        fr_resume *r;
        snprintf(id, sizeof id, "r%d", i);
        ck_assert_int_eq(fr_resume_parse(id, rt[i].data, rt[i].len, "source", fx->lx, as_of, &r, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&fx->R, b, r, rt[i].data, rt[i].len, &err), FR_OK);
        fr_resume_free(r);
        fr_buf_free(&rt[i]);
    }
    free(pt);
    free(rt);
    fr_docset_builder_free(b);
}

/* Résumé r's chunk vectors and count, as the dense maxima take them (the fixture keeps them). */
static const float *RV(const fixture *fx, size_t r) { return fr_docset_unit_vec(&fx->R, fx->R.unit_start.v[r]); }
static uint32_t NC(const fixture *fx, size_t r) { return fx->R.unit_start.v[r + 1] - fx->R.unit_start.v[r]; }

static void fixture_free(fixture *fx)
{
    fr_docset_free(&fx->P);
    fr_docset_free(&fx->R);
    fr_lexicon_free(fx->lx);
    fr_model_free(fx->m);
}

static float clamp01(double x) { return (float)(x < 0 ? 0 : x > 1 ? 1 : x); }

/* pair parts drawn at random: coverages of n items (skills), context */
static fr_pair_eval random_parts(unsigned *seed)
{
    fr_pair_eval pe = {0};
    pe.ctx = (float)(rand_r(seed) % 1001) / 1000.0f;
    pe.req_total = (uint32_t)(rand_r(seed) % 5);
    pe.pref_total = (uint32_t)(rand_r(seed) % 4);
    pe.skills_total = (uint32_t)(rand_r(seed) % 6);
    pe.skills_have = pe.skills_total ? (uint32_t)rand_r(seed) % (pe.skills_total + 1) : 0;
    pe.req_cov = pe.req_total ? (float)(rand_r(seed) % 1001) / 1000.0f : -1.0f;
    pe.pref_cov = pe.pref_total ? (float)(rand_r(seed) % 1001) / 1000.0f : -1.0f;
    pe.skill_cov = pe.skills_total ? (float)pe.skills_have / (float)pe.skills_total : -1.0f;
    return pe;
}

/* Issue 15: of two résumés with the same required evidence, context and skills, the one that shows
 * more of the posting's preferred qualifications scores higher — with the model's own parameters
 * (a preferred weight of 0, as before, fails this). */
START_TEST(test_preferred_orders_equal_required)
{
    fr_model *m = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    const fr_score_params *sp = &fr_model_opts(m)->score;
    unsigned seed = 15;
    for (int t = 0; t < 1000; t++) {
        fr_pair_eval a = random_parts(&seed);
        if (!a.pref_total)
            a.pref_total = 2;
        a.pref_cov = (float)(rand_r(&seed) % 900) / 1000.0f;
        fr_pair_eval b = a;
        b.pref_cov = a.pref_cov + 0.1f;
        fr_score_terms ta, tb;
        fr_score_combine(sp, &a, &ta);
        fr_score_combine(sp, &b, &tb);
        ck_assert_msg(tb.score > ta.score, "preferred %.3f vs %.3f: score %.6f vs %.6f", (double)b.pref_cov,
                      (double)a.pref_cov, tb.score, ta.score);
    }
    fr_model_free(m);
}
END_TEST

/* A requirement met alike by every résumé of a pool ("BA/BS degree or equivalent practical
 * experience") does not reorder résumés that differ in the posting's other requirements: adding one
 * item of the same coverage to both keeps their order, in both forms.  (Where résumés differ in both
 * requirements and context, a common item dilutes the requirement differences in any mean; the
 * end-to-end test on real documents in tests/check_rank_cli.py checks that a pool keeps its order.) */
START_TEST(test_common_requirement_keeps_order)
{
    fr_model *m = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    fr_score_params sp = fr_model_opts(m)->score;
    unsigned seed = 7;
    for (int form = 0; form < 2; form++) {
        sp.form = form;
        for (int t = 0; t < 2000; t++) {
            uint32_t nreq = 1 + (uint32_t)rand_r(&seed) % 4;
            fr_pair_eval a = random_parts(&seed), b = a;
            a.req_total = b.req_total = nreq;
            a.req_cov = (float)(rand_r(&seed) % 1001) / 1000.0f;
            b.req_cov = (float)(rand_r(&seed) % 1001) / 1000.0f;
            fr_score_terms ta, tb;
            fr_score_combine(&sp, &a, &ta);
            fr_score_combine(&sp, &b, &tb);
            if (fabs(ta.score - tb.score) < 1e-6)
                continue;
            float g = (float)(rand_r(&seed) % 1001) / 1000.0f;  /* the common item's coverage */
            fr_pair_eval a2 = a, b2 = b;
            a2.req_total = b2.req_total = nreq + 1;
            a2.req_cov = (float)(((double)a.req_cov * nreq + g) / (nreq + 1));
            b2.req_cov = (float)(((double)b.req_cov * nreq + g) / (nreq + 1));
            fr_score_terms ta2, tb2;
            fr_score_combine(&sp, &a2, &ta2);
            fr_score_combine(&sp, &b2, &tb2);
            ck_assert_msg((ta.score > tb.score) == (ta2.score >= tb2.score), "form %d: order changed: %.6f/%.6f -> %.6f/%.6f",
                          form, ta.score, tb.score, ta2.score, tb2.score);
        }
    }
    fr_model_free(m);
}
END_TEST

/* No hubs: a posting of which no requirement, preferred item or skill was recognised scores on its
 * context and the prior alone, so it cannot outscore, on the same context, a posting whose items the
 * résumé covers at least as well as the prior (it used to score on context alone and sat in the top
 * 10 of hundreds of résumés). */
START_TEST(test_posting_without_items_is_no_hub)
{
    fr_model *m = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    const fr_score_params *sp = &fr_model_opts(m)->score;
    ck_assert(sp->form == 1);
    unsigned seed = 3;
    for (int t = 0; t < 1000; t++) {
        fr_pair_eval bare = {0}, with = random_parts(&seed);
        bare.ctx = with.ctx;
        bare.req_cov = bare.pref_cov = bare.skill_cov = -1.0f;
        if (with.req_total && with.req_cov < sp->prior)
            with.req_cov = (float)sp->prior;
        if (with.pref_total && with.pref_cov < sp->prior)
            with.pref_cov = (float)sp->prior;
        if (with.skills_total && with.skill_cov < sp->prior) {
            with.skills_have = with.skills_total;
            with.skill_cov = 1.0f;
        }
        fr_score_terms tb, tw;
        fr_score_combine(sp, &bare, &tb);
        fr_score_combine(sp, &with, &tw);
        ck_assert_msg(tb.score <= tw.score + 1e-12, "no items %.6f above items %.6f at context %.3f", tb.score, tw.score,
                      (double)bare.ctx);
    }
    fr_model_free(m);
}
END_TEST

/* The shipped parameters keep the requirement parts (required, preferred, skills) at least half of
 * the weights and the preferred qualifications at least a tenth (issue 15): full mode ranks on the
 * posting's qualifications, not as cosine mode with extras. */
START_TEST(test_tuned_weights_keep_requirements_first)
{
    fr_model *m = NULL;
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&m, &err), FR_OK);
    const fr_score_params *sp = &fr_model_opts(m)->score;
    double tot = sp->w_ctx + sp->w_req + sp->w_pref + sp->w_skill;
    ck_assert_double_ge((sp->w_req + sp->w_pref + sp->w_skill) / tot, 0.5 - 1e-9);
    ck_assert_double_ge(sp->w_pref / tot, 0.1 - 1e-9);
    fr_model_free(m);
}
END_TEST

START_TEST(test_score_arithmetic_holds_for_every_pair)
{
    fixture fx;
    fixture_build(&fx, 11, 12, 20, 16);
    /* every part weighs, whatever the model's tuned values are */
    fr_score_params spv = fr_model_opts(fx.m)->score, *sp = &spv;
    spv.w_req = 0.5;
    spv.w_pref = 0.2;
    spv.w_ctx = 0.3;
    spv.w_skill = 0.4;
    spv.alpha = 0.6;
    spv.beta = 0.5;
    spv.beta_ctx = 0.7;
    spv.form = _i; /* both forms of the score (the loop of this test) */
    fr_error err = {0};
    fr_scorer *sc;
    ck_assert_int_eq(fr_scorer_new(fx.m, &sc, &err), FR_OK);
    fr_scorer_set_params(sc, sp);
    size_t n_skill_pairs = 0;
    fr_item_eval items[64];
    size_t n_fact = 0, n_status[4] = {0};
    for (size_t p = 0; p < fx.P.n; p++)
        for (size_t r = 0; r < fx.R.n; r++) {
            fr_pair_eval pe;
            ck_assert_int_eq(fr_score_pair(sc, &fx.P, p, &fx.R, r, NULL, &pe, items, &err), FR_OK);
            uint32_t ni = fx.P.unit_start.v[p + 1] - fx.P.unit_start.v[p], nreq = fx.P.n_req.v[p];
            ck_assert_uint_le(ni, 64);
            double sreq = 0, spref = 0;
            unsigned met_r = 0, met_p = 0, gate = 1;
            for (uint32_t i = 0; i < ni; i++) {
                const fr_item_eval *ev = &items[i];
                n_status[ev->status]++;
                ck_assert(ev->cov >= 0 && ev->cov <= 1);
                ck_assert_double_eq_tol(ev->text, clamp01(sp->beta * ev->lex + (1 - sp->beta) * ev->dense), 1e-6);
                double share = ev->skill > ev->mass ? ev->skill : ev->mass;
                ck_assert_double_eq_tol(ev->evidence, clamp01(sp->alpha * ev->text + (1 - sp->alpha) * share), 1e-6);
                if (!ev->verdict.decided) { /* skills and free text: the evidence thresholds */
                    ck_assert_double_eq(ev->cov, ev->evidence);
                    int st = ev->cov >= sp->t_met ? FR_ITEM_MET : ev->cov >= sp->t_partial ? FR_ITEM_PARTIAL : FR_ITEM_MISSING;
                    uint32_t nchunks = fx.R.unit_start.v[r + 1] - fx.R.unit_start.v[r];
                    if (st == FR_ITEM_MISSING && nchunks < sp->v_detailed) /* a short résumé leaves it out */
                        st = FR_ITEM_UNKNOWN;
                    ck_assert_int_eq(ev->status, st);
                } else {
                    n_fact++;
                    ck_assert_int_eq(ev->status, ev->verdict.status);
                    int kind = fr_docset_item(&fx.P, fx.P.unit_start.v[p] + i)->kind;
                    if (kind == FR_KIND_SOFT || kind == FR_KIND_LOGISTICS) /* never missing through silence */
                        ck_assert_int_ne(ev->status, FR_ITEM_MISSING);
                }
                if (i < nreq) {
                    sreq += ev->cov;
                    met_r += ev->status == FR_ITEM_MET;
                    gate &= ev->status != FR_ITEM_MISSING;
                } else {
                    spref += ev->cov;
                    met_p += ev->status == FR_ITEM_MET;
                }
            }
            ck_assert_uint_eq(pe.req_total, nreq);
            ck_assert_uint_eq(pe.pref_total, ni - nreq);
            ck_assert_uint_eq(pe.req_met, met_r);
            ck_assert_uint_eq(pe.pref_met, met_p);
            ck_assert_uint_eq(pe.gate, gate);
            ck_assert_double_eq_tol(pe.ctx, clamp01(sp->beta_ctx * pe.ctx_lex + (1 - sp->beta_ctx) * pe.ctx_dense), 1e-6);
            double num = sp->w_ctx * pe.ctx, den = sp->w_ctx;
            if (nreq) {
                num += sp->w_req * sreq / nreq;
                den += sp->w_req;
            }
            if (ni > nreq) {
                num += sp->w_pref * spref / (ni - nreq);
                den += sp->w_pref;
            }
            /* skill coverage: the posting's skill set holds every item's skills; r names the matched ones */
            const uint64_t *pb = fr_docset_skill_bits(&fx.P, p), *rb = fr_docset_skill_bits(&fx.R, r);
            for (uint32_t u = fx.P.unit_start.v[p]; u < fx.P.unit_start.v[p + 1]; u++) {
                size_t ns;
                const uint32_t *sk = fr_docset_item_skills(&fx.P, u, &ns);
                for (size_t j = 0; j < ns; j++)
                    ck_assert(pb[sk[j] / 64] >> (sk[j] % 64) & 1);
            }
            unsigned have = 0, total = 0;
            for (size_t w = 0; w < fx.P.n_skill_words; w++)
                for (int bit = 0; bit < 64; bit++) {
                    total += (unsigned)(pb[w] >> bit & 1);
                    have += (unsigned)(pb[w] >> bit & 1 & rb[w] >> bit);
                }
            ck_assert_uint_eq(pe.skills_total, total);
            ck_assert_uint_eq(pe.skills_have, have);
            if (total) {
                n_skill_pairs++;
                ck_assert_double_eq_tol(pe.skill_cov, (double)have / total, 1e-6);
                num += sp->w_skill * have / total;
                den += sp->w_skill;
            } else
                ck_assert_double_eq(pe.skill_cov, -1.0);
            if (sp->form == 0)
                ck_assert_double_eq_tol(pe.score, num / den, 1e-6);
            else {
                /* the weighted geometric mean of floored parts, coverages shrunk toward the prior */
                double fl = sp->floor, m = sp->shrink, pr = sp->prior;
                double v[4] = {pe.ctx, nreq ? (sreq + m * pr) / (nreq + m) : pr,
                               ni > nreq ? (spref + m * pr) / (ni - nreq + m) : pr,
                               total ? ((double)have + m * pr) / (total + m) : pr};
                double wv[4] = {sp->w_ctx, sp->w_req, sp->w_pref, sp->w_skill}, lg = 0, wsum = 0;
                for (int k = 0; k < 4; k++) {
                    lg += wv[k] * log(fl + (1 - fl) * v[k]);
                    wsum += wv[k];
                }
                ck_assert_double_eq_tol(pe.score, exp(lg / wsum), 1e-5);
            }
            /* given the canonical maxima, the tile path computes the same pair */
            float dm[64];
            for (uint32_t i = 0; i < ni; i++)
                dm[i] = items[i].dense;
            fr_pair_eval pe2;
            fr_pair_parts parts = {dm, NULL, NULL, 1, 0, NULL, 0, 0, 0};
            ck_assert_int_eq(fr_score_pair(sc, &fx.P, p, &fx.R, r, &parts, &pe2, NULL, &err), FR_OK);
            ck_assert_double_eq_tol(pe2.score, pe.score, 1e-6);
            /* and so does the bulk lexical path, given the canonical lexical parts */
            float lx[64], ms[64];
            for (uint32_t i = 0; i < ni; i++) {
                lx[i] = items[i].lex;
                ms[i] = items[i].mass;
            }
            fr_pair_parts all = {dm, lx, ms, 1, pe.ctx_lex, &pe.ctx_dense, 0, 0, 0};
            ck_assert_int_eq(fr_score_pair(sc, &fx.P, p, &fx.R, r, &all, &pe2, NULL, &err), FR_OK);
            ck_assert_double_eq_tol(pe2.score, pe.score, 1e-6);
        }
    /* the generated data exercises every status, the facts and the skill coverage */
    ck_assert_uint_gt(n_fact, 0);
    ck_assert_uint_gt(n_skill_pairs, 0);
    for (int s = 0; s < 4; s++)
        ck_assert_msg(n_status[s] > 0, "no item came out %s", fr_item_status_name((fr_item_status)s));
    fr_scorer_free(sc);
    fixture_free(&fx);
}
END_TEST

/* One posting against hand-written résumés: the facts decide. */
static void eval_text(fixture *fx, const char *posting, const char *resume, fr_item_eval *items, fr_pair_eval *pe)
{
    fr_error err = {0};
    fr_docset P, R;
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(fx->m, fx->lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&P, FR_SET_POSTINGS, fx->m, fx->lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&R, FR_SET_RESUMES, fx->m, fx->lx, &err), FR_OK);
    fr_posting *p;
    fr_resume *r;
    ck_assert_int_eq(fr_posting_parse("p", posting, strlen(posting), "source", fx->lx, &p, &err), FR_OK);
    ck_assert_int_eq(fr_resume_parse("r", resume, strlen(resume), "source", fx->lx, (fr_ym){2026, 11}, &r, &err), FR_OK);
    ck_assert_int_eq(fr_docset_add_posting(&P, b, p, posting, strlen(posting), &err), FR_OK);
    ck_assert_int_eq(fr_docset_add_resume(&R, b, r, resume, strlen(resume), &err), FR_OK);
    fr_scorer *sc;
    ck_assert_int_eq(fr_scorer_new(fx->m, &sc, &err), FR_OK);
    ck_assert_int_eq(fr_score_pair(sc, &P, 0, &R, 0, NULL, pe, items, &err), FR_OK);
    fr_scorer_free(sc);
    fr_posting_free(p);
    fr_resume_free(r);
    fr_docset_free(&P);
    fr_docset_free(&R);
    fr_docset_builder_free(b);
}

START_TEST(test_facts_decide_years_degree_enrolment)
{
    fixture fx;
    fixture_build(&fx, 5, 6, 10, 8);
    const char *posting = "Data Engineer\n\nRequirements:\n- 5+ years of experience with Python\n"
                          "- Master's degree in Computer Science\n- Currently enrolled in a PhD program\n";
    static const struct {
        const char *resume;
        int years, degree, enrolled; /* expected statuses */
    } cases[] = {
        /* 3.1 dated years of Python of 5: partial; a bachelor for a master: missing (careful readers:
         * "only a BS shown"); graduated and working: not enrolled */
        {"Jane\n\nExperience\nData Engineer, Acme, 2019-01 - 2022-01\n- Built pipelines in Python\n\n"
         "Education\nB.Sc. Computer Science, TU Berlin, 2014 - 2018\n",
         FR_ITEM_PARTIAL, FR_ITEM_MISSING, FR_ITEM_MISSING},
        /* 6 years; M.Sc.; PhD candidate */
        {"Jane\n\nExperience\nData Engineer, Acme, 2016-01 - 2022-01\n- Built pipelines in Python\n\n"
         "Education\nPhD candidate in Computer Science, TU Berlin, 2023 - present (expected 2027)\n"
         "M.Sc. Computer Science, TU Berlin, 2014 - 2016\n",
         FR_ITEM_MET, FR_ITEM_MET, FR_ITEM_MET},
        /* 1 year of Python of 5: partial ("fewer years than asked, but some": GUIDE.md); no education
         * shown: the degree is unknown, and a candidate working full time is not enrolled */
        {"Jane\n\nExperience\nData Engineer, Acme, 2021-01 - 2022-01\n- Built pipelines in Python\n",
         FR_ITEM_PARTIAL, FR_ITEM_UNKNOWN, FR_ITEM_MISSING},
        /* no dated experience at all: years unknown */
        {"Jane\n\nSkills\nPython, SQL\n\nEducation\nM.Sc. Computer Science, TU Berlin, 2014 - 2016\n",
         FR_ITEM_UNKNOWN, FR_ITEM_MET, FR_ITEM_MISSING},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        fr_item_eval it[8];
        fr_pair_eval pe;
        eval_text(&fx, posting, cases[c].resume, it, &pe);
        ck_assert_uint_eq(pe.req_total, 3);
        ck_assert_msg(it[0].status == cases[c].years && it[0].decided_by == FR_BY_YEARS, "case %zu years: %d", c,
                      it[0].status);
        ck_assert_msg(it[1].status == cases[c].degree && (it[1].decided_by & FR_BY_DEGREE), "case %zu degree: %d", c,
                      it[1].status);
        ck_assert_msg(it[2].status == cases[c].enrolled && (it[2].decided_by & FR_BY_ENROLMENT), "case %zu enrolled: %d",
                      c, it[2].status);
        int any_missing = it[0].status == FR_ITEM_MISSING || it[1].status == FR_ITEM_MISSING ||
                          it[2].status == FR_ITEM_MISSING;
        ck_assert_int_eq(pe.gate, !any_missing); /* unknown and partial pass the gate */
        for (int i = 0; i < 3; i++) /* facts decide the status, evidence scales the coverage */
            ck_assert(it[i].status == FR_ITEM_UNKNOWN || it[i].cov <= 1.0f);
    }
    fixture_free(&fx);
    /* years for an item naming no known skill count only where a job shows the domain: read with
     * the reference model, whose vocabulary holds the domain's words (the generated model's does
     * not know "attorney") */
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&fx.m, &err), FR_OK);
    ck_assert_int_eq(fr_lexicon_new(&fx.lx, &err), FR_OK);
    const char *attorney = "Counsel\n\nRequirements:\n- 3 years of relevant experience as a practicing attorney\n";
    const char *retail = "Jane\n\nExperience\nKey Holder, Shop, 2008-01 - 2024-01\n- Trained all incoming sales team members\n"
                         "- Opened and closed the store\n";
    const char *lawyer = "Jane\n\nExperience\nAttorney, Law Firm LLP, 2015-01 - 2024-01\n"
                         "- Practicing attorney: relevant experience in contract law and litigation\n";
    fr_item_eval it[4];
    fr_pair_eval pe;
    eval_text(&fx, attorney, retail, it, &pe);
    ck_assert_int_eq(it[0].status, FR_ITEM_MISSING);
    ck_assert_int_eq(pe.gate, 0);
    eval_text(&fx, attorney, lawyer, it, &pe);
    ck_assert_msg(it[0].status == FR_ITEM_MET, "lawyer: status %d (evidence %.3f)", it[0].status, (double)it[0].evidence);
    fr_lexicon_free(fx.lx);
    fr_model_free(fx.m);
}
END_TEST

typedef struct {
    float key;
    uint32_t id;
    fr_pair_eval ev;
} ref_t;

static int ref_cmp(const void *a, const void *b)
{
    const ref_t *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Brute force: every pair canonically, sorted by key then id. */
static void brute(const fixture *fx, const fr_rank_opts *o, fr_rank_result *out)
{
    fr_error err = {0};
    fr_scorer *sc;
    ck_assert_int_eq(fr_scorer_new(fx->m, &sc, &err), FR_OK);
    const fr_docset *Q = o->per_resume ? &fx->R : &fx->P, *pool = o->per_resume ? &fx->P : &fx->R;
    out->n_query = Q->n;
    out->start = calloc(Q->n + 1, sizeof *out->start);
    out->hits = calloc(Q->n * pool->n + 1, sizeof *out->hits);
    ref_t *v = calloc(pool->n, sizeof *v);
    size_t at = 0;
    for (size_t q = 0; q < Q->n; q++) {
        size_t n = 0;
        for (size_t j = 0; j < pool->n; j++) {
            size_t p = o->per_resume ? j : q, r = o->per_resume ? q : j;
            fr_pair_eval ev;
            ck_assert_int_eq(fr_score_pair(sc, &fx->P, p, &fx->R, r, NULL, &ev, NULL, &err), FR_OK);
            if (o->gate == FR_GATE_FILTER && !ev.gate)
                continue;
            v[n++] = (ref_t){fr_rank_key(&ev, o->gate), (uint32_t)j, ev};
        }
        qsort(v, n, sizeof *v, ref_cmp);
        out->start[q] = at;
        for (size_t i = 0; i < n && i < o->k; i++) {
            fr_hit *h = &out->hits[at++];
            h->posting = (uint32_t)(o->per_resume ? v[i].id : q);
            h->resume = (uint32_t)(o->per_resume ? q : v[i].id);
            h->ev = v[i].ev;
        }
    }
    out->start[Q->n] = at;
    free(v);
    fr_scorer_free(sc);
}

static void assert_same(const fr_rank_result *a, const fr_rank_result *b, const char *what)
{
    ck_assert_uint_eq(a->n_query, b->n_query);
    for (size_t q = 0; q <= a->n_query; q++)
        ck_assert_msg(a->start[q] == b->start[q], "%s: query %zu: %zu vs %zu hits", what, q, a->start[q], b->start[q]);
    for (size_t i = 0; i < a->start[a->n_query]; i++) {
        ck_assert_msg(a->hits[i].posting == b->hits[i].posting && a->hits[i].resume == b->hits[i].resume,
                      "%s: hit %zu differs", what, i);
        ck_assert_msg(memcmp(&a->hits[i].ev.score, &b->hits[i].ev.score, sizeof(float)) == 0, "%s: score %zu", what, i);
        ck_assert_uint_eq(a->hits[i].ev.gate, b->hits[i].ev.gate);
        ck_assert_uint_eq(a->hits[i].ev.req_met, b->hits[i].ev.req_met);
    }
}

START_TEST(test_rank_matches_brute_force)
{
    fixture fx;
    fixture_build(&fx, 42, 17, 70, 24);
    fr_error err = {0};
    static const size_t ks[] = {1, 5, 200};
    for (int side = 0; side < 2; side++)
        for (int g = 0; g < 3; g++)
            for (size_t ki = 0; ki < 3; ki++)
                for (int ex = 0; ex < 2; ex++) {
                    fr_rank_opts o;
                    fr_rank_opts_default(&o);
                    o.per_resume = side;
                    o.gate = (fr_gate_mode)g;
                    o.k = ks[ki];
                    o.exhaustive = ex;
                    o.prune_m = 1000;           /* pruning keeps the whole pool: results are exact */
                    o.shortlist_m = 1000;
                    o.prune_small_pools = 1;
                    o.float_bounds = (int)(ki & 1); /* the staged bounds from either kernel */
                    o.posting_block = 5;        /* blocks that do not divide the sets */
                    o.resume_block = 9;
                    o.blocks.qbs = 7;
                    o.blocks.dbs = 33;
                    fr_rank_result got, want;
                    ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &got, &err), FR_OK);
                    brute(&fx, &o, &want);
                    char what[64];
                    snprintf(what, sizeof what, "side %d gate %d k %zu exhaustive %d", side, g, o.k, ex);
                    assert_same(&got, &want, what);
                    /* exhaustive with k = 1, the heaps (k + 16) fill: pairs are left unjudged by
                     * their bound (fr_score_upper) — and the result is still the brute force's */
                    if (ex && ks[ki] == 1 && !side) /* per résumé: 17 postings, no heap of 17 fills */
                        ck_assert_msg(got.bounded > 0, "%s: no pair bounded", what);
                    fr_rank_result_free(&got);
                    fr_rank_result_free(&want);
                }
    fixture_free(&fx);
}
END_TEST

/* The exhaustive tiles' bulk paths — lists read on from tile to tile (lex_parts), a soft item's
 * lexical maximum as its sign where only that is read (beta = 0), lines known to the verdicts,
 * pairs bounded, judged best first and cut — rank as the brute force does: soft items, many
 * résumé blocks, with beta 0 and not, both sides, every gate. */
START_TEST(test_exhaustive_bulk_paths_are_the_brute_force)
{
    static const double betas[] = {0, 0.5};
    for (size_t bi = 0; bi < 2; bi++) {
        fixture fx;
        fr_score_params sp;
        fr_score_params_default(&sp);
        sp.beta = betas[bi];
        sp.v_soft_met = sp.v_soft_partial = 0; /* a soft item's words shown outside education: met */
        gen_soft = 1;
        fit_sp = &sp;
        fixture_build(&fx, 99 + bi, 13, 90, 16);
        gen_soft = 0;
        fit_sp = NULL;
        size_t n_soft = 0;
        for (size_t u = 0; u < fx.P.n_units; u++)
            n_soft += fr_docset_item(&fx.P, u)->kind == FR_KIND_SOFT;
        ck_assert_uint_gt(n_soft, 0);
        fr_error err = {0};
        for (int side = 0; side < 2; side++)
            for (int g = 0; g < 3; g++) {
                fr_rank_opts o;
                fr_rank_opts_default(&o);
                o.per_resume = side;
                o.gate = (fr_gate_mode)g;
                o.k = 3;
                o.slack = 2; /* heaps that fill: pairs bounded and cut — and a wrong tile key shows in
                                what is kept (two places absorb the sgemm's last bits at 4 decimals) */
                o.exhaustive = 1;
                o.posting_block = 4;
                o.resume_block = 7;      /* many tiles: the lists read on */
                fr_rank_result got, want;
                ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &got, &err), FR_OK);
                brute(&fx, &o, &want);
                char what[64];
                snprintf(what, sizeof what, "beta %g side %d gate %d", betas[bi], side, g);
                assert_same(&got, &want, what);
                if (!side)
                    ck_assert_msg(got.bounded > 0, "%s: no pair bounded", what);
                fr_rank_result_free(&got);
                fr_rank_result_free(&want);
            }
        fixture_free(&fx);
    }
}
END_TEST

START_TEST(test_rank_is_deterministic_across_threads)
{
    fixture fx;
    fixture_build(&fx, 7, 23, 60, 16);
    fr_error err = {0};
    for (int ex = 0; ex < 2; ex++) {
        fr_rank_result base;
        for (int t = 1; t <= 4; t++) {
            fr_rank_opts o;
            fr_rank_opts_default(&o);
            o.k = 7;
            o.exhaustive = ex;
            o.prune_m = 8; /* real pruning: shortlists of 12, cut to 8 by the proxy */
            o.shortlist_m = 12;
            o.prune_small_pools = 1;
            o.threads = t;
            o.posting_block = 3;
            fr_rank_result r;
            ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &r, &err), FR_OK);
            if (t == 1)
                base = r;
            else {
                assert_same(&base, &r, ex ? "exhaustive" : "pruned");
                fr_rank_result_free(&r);
            }
        }
        fr_rank_result_free(&base);
    }
    fixture_free(&fx);
}
END_TEST

/* Where the proxy's first list is re-keyed (phase 7: a pool of more than 100/3 lists), the output
 * is the same for any threads and however the pool is cut into parts. */
START_TEST(test_rekeyed_lists_do_not_depend_on_threads_or_parts)
{
    fixture fx;
    fixture_build(&fx, 8, 12, 240, 16);
    fr_error err = {0};
    fr_docset parts[2];
    const fr_docset *pv[2] = {&parts[0], &parts[1]};
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(fr_docset_init(&parts[i], FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
        ck_assert_int_eq(fr_docset_append_range(&parts[i], &fx.R, i ? 97 : 0, i ? fx.R.n : 97, &err), FR_OK);
    }
    fr_rank_result base;
    for (int t = 1; t <= 4; t++) {
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = 3;
        o.shortlist_m = 3; /* first lists of 7 (3 % of 240), cut to 3 by the facts */
        o.prune_small_pools = 1;
        o.threads = t < 4 ? t : 2;
        fr_rank_result r;
        if (t < 4)
            ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &r, &err), FR_OK);
        else
            ck_assert_int_eq(fr_rank_parts(&fx.P, pv, 2, fx.m, &o, &r, &err), FR_OK);
        ck_assert(r.pruned);
        ck_assert_uint_eq(r.rekeyed, 12 * 7);
        if (t == 1)
            base = r;
        else {
            assert_same(&base, &r, t < 4 ? "threads" : "parts");
            fr_rank_result_free(&r);
        }
    }
    fr_rank_result_free(&base);
    fr_docset_free(&parts[0]);
    fr_docset_free(&parts[1]);
    fixture_free(&fx);
}
END_TEST

/* A set handed over whole (fr_docset_append_take into an empty set: the arrays exchanged) and
 * one appended after it (a copy) give the set appended document by document, byte for byte as
 * saved, reserved room or not; each source is left empty and usable (the first holding the
 * destination's old arrays). */
START_TEST(test_append_take_gives_the_appended_set)
{
    fixture fx;
    fixture_build(&fx, 3, 9, 60, 12);
    fr_error err = {0};
    fr_docset half[2], T;
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(fr_docset_init(&half[i], FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
        ck_assert_int_eq(fr_docset_append_range(&half[i], &fx.R, i ? 23 : 0, i ? fx.R.n : 23, &err), FR_OK);
    }
    ck_assert_int_eq(fr_docset_init(&T, FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_reserve_text(&T, 64, (size_t)1 << 20, &err), FR_OK);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(fr_docset_append_take(&T, &half[i], &err), FR_OK);
        ck_assert_uint_eq(half[i].n, 0);
        ck_assert_uint_eq(half[i].n_units, 0);
    }
    ck_assert_uint_eq(T.n, fx.R.n);
    char pa[512], pb[512];
    snprintf(pa, sizeof pa, "%s/take_a.fridx", t_tmpdir());
    snprintf(pb, sizeof pb, "%s/take_b.fridx", t_tmpdir());
    ck_assert_int_eq(fr_index_save(&fx.R, pa, &err), FR_OK);
    ck_assert_int_eq(fr_index_save(&T, pb, &err), FR_OK);
    fr_buf a = {0}, b = {0};
    ck_assert_int_eq(fr_read_file(pa, &a, &err), FR_OK);
    ck_assert_int_eq(fr_read_file(pb, &b, &err), FR_OK);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.data, b.data, a.len) == 0);
    /* the emptied sources take documents again, as fresh sets do */
    ck_assert_int_eq(fr_docset_append_range(&half[0], &fx.R, 5, 9, &err), FR_OK);
    ck_assert_uint_eq(half[0].n, 4);
    ck_assert_str_eq(fr_docset_id(&half[0], 0), fr_docset_id(&fx.R, 5));
    /* a set of another kind is refused, not exchanged */
    ck_assert_int_eq(fr_docset_append_take(&fx.P, &half[0], &err), FR_EINVAL);
    ck_assert_uint_eq(half[0].n, 4);
    fr_buf_free(&a);
    fr_buf_free(&b);
    for (int i = 0; i < 2; i++)
        fr_docset_free(&half[i]);
    fr_docset_free(&T);
    fixture_free(&fx);
}
END_TEST

/* A model without projection (it serves --mode cosine) still gives its sets their vector arrays —
 * empty, but there: the accessors point into them (UBSan's null-pointer arithmetic otherwise). */
START_TEST(test_sets_without_projection_have_their_arrays)
{
    fixture fx;
    fixture_build(&fx, 5, 3, 10, 0);
    ck_assert_uint_eq(fr_model_dim(fx.m), 0);
    ck_assert_uint_gt(fx.R.n_units, 0);
    ck_assert_ptr_nonnull(fx.R.unit_vec.data);
    ck_assert_ptr_nonnull(fx.R.doc_vec.data);
    ck_assert_ptr_nonnull(fx.P.unit_vec.data);
    ck_assert_ptr_nonnull(fx.P.doc_vec.data);
    ck_assert_uint_eq(fx.R.unit_vec.len, 0);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_index_round_trip_and_refusals)
{
    fixture fx, other;
    fixture_build(&fx, 3, 9, 15, 12);
    fixture_build(&other, 4, 9, 15, 12); /* another corpus: another model hash */
    fr_error err = {0};
    char pp[512], rp[512];
    snprintf(pp, sizeof pp, "%s/p.fridx", t_tmpdir());
    snprintf(rp, sizeof rp, "%s/r.fridx", t_tmpdir());
    ck_assert_int_eq(fr_index_save(&fx.P, pp, &err), FR_OK);
    ck_assert_int_eq(fr_index_save(&fx.R, rp, &err), FR_OK);
    ck_assert(fr_index_sniff(pp) && !fr_index_sniff("/nonexistent"));
    fr_docset P, R;
    ck_assert_int_eq(fr_index_map(pp, fx.m, fx.lx, FR_SET_POSTINGS, &P, &err), FR_OK);
    ck_assert_int_eq(fr_index_map(rp, fx.m, fx.lx, FR_SET_RESUMES, &R, &err), FR_OK);
    ck_assert_uint_eq(P.n, fx.P.n);
    ck_assert_uint_eq(R.n_units, fx.R.n_units);
    ck_assert_str_eq(fr_docset_id(&P, 3), fr_docset_id(&fx.P, 3));
    ck_assert_int_eq(memcmp(P.unit_vec.data, fx.P.unit_vec.data, fx.P.unit_vec.len), 0);
    for (int ex = 0; ex < 2; ex++) {
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = 4;
        o.exhaustive = ex;
        fr_rank_result a, b;
        ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &a, &err), FR_OK);
        ck_assert_int_eq(fr_rank(&P, &R, fx.m, &o, &b, &err), FR_OK);
        assert_same(&a, &b, "index");
        fr_rank_result_free(&a);
        fr_rank_result_free(&b);
    }
    /* appending a mapped set to a built one gives the same documents */
    fr_docset C;
    ck_assert_int_eq(fr_docset_init(&C, FR_SET_POSTINGS, fx.m, fx.lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_append(&C, &P, &err), FR_OK);
    ck_assert_int_eq(fr_docset_append(&C, &P, &err), FR_OK);
    ck_assert_uint_eq(C.n, 2 * P.n);
    ck_assert_str_eq(fr_docset_id(&C, P.n + 2), fr_docset_id(&P, 2));
    ck_assert_str_eq(fr_docset_str(&C, fr_docset_item(&C, P.n_units + 1)->text), fr_docset_str(&P, fr_docset_item(&P, 1)->text));
    /* ... skill sets included (a posting's, as a résumé's) */
    ck_assert_uint_eq(C.skill_bits.len, 2 * P.skill_bits.len);
    ck_assert_int_eq(memcmp(C.skill_bits.data + P.skill_bits.len, fx.P.skill_bits.data, P.skill_bits.len), 0);
    fr_docset_free(&C);
    fr_docset_free(&P);
    fr_docset_free(&R);
    /* another model, the wrong kind, a truncated file: refused with a message */
    ck_assert_int_eq(fr_index_map(pp, other.m, other.lx, FR_SET_POSTINGS, &P, &err), FR_EVERSION);
    ck_assert_ptr_nonnull(strstr(err.msg, "built with model"));
    ck_assert_int_eq(fr_index_map(pp, fx.m, fx.lx, FR_SET_RESUMES, &P, &err), FR_EVERSION);
    fr_buf b = {0};
    ck_assert_int_eq(fr_read_file(pp, &b, &err), FR_OK);
    FILE *f = fopen(pp, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(b.data, 1, b.len - 100, f), b.len - 100);
    fclose(f);
    ck_assert_int_eq(fr_index_map(pp, fx.m, fx.lx, FR_SET_POSTINGS, &P, &err), FR_EFORMAT);
    /* a flipped byte in the section table is caught by the header checksum */
    b.data[128 + 9] ^= 1;
    f = fopen(pp, "wb");
    ck_assert_uint_eq(fwrite(b.data, 1, b.len, f), b.len);
    fclose(f);
    ck_assert_int_eq(fr_index_map(pp, fx.m, fx.lx, FR_SET_POSTINGS, &P, &err), FR_EFORMAT);
    fr_buf_free(&b);
    fixture_free(&fx);
    fixture_free(&other);
}
END_TEST

/* An emptied set reuses its memory, and what is added to it then gives the set a fresh one would:
 * its index file is the same, byte for byte (what preparing résumés batch after batch relies on). */
START_TEST(test_docset_clear_keeps_memory_and_gives_the_same_set)
{
    fixture fx;
    fixture_build(&fx, 21, 5, 9, 12);
    fr_error err = {0};
    const fr_docset *src[2] = {&fx.P, &fx.R};
    for (int k = 0; k < 2; k++) {
        fr_docset C;
        ck_assert_int_eq(fr_docset_init(&C, src[k]->kind, fx.m, fx.lx, &err), FR_OK);
        ck_assert_int_eq(fr_docset_append(&C, src[k], &err), FR_OK);
        ck_assert_int_eq(fr_docset_append(&C, src[k], &err), FR_OK); /* more than the refill */
        const char *vec = C.unit_vec.data, *strings = C.strings.data;
        size_t cap = C.unit_vec.cap;
        fr_docset_clear(&C);
        ck_assert_uint_eq(C.n, 0);
        ck_assert_uint_eq(C.n_units, 0);
        ck_assert_uint_eq(C.unit_rows.n, 0);
        ck_assert_int_eq(fr_docset_append(&C, src[k], &err), FR_OK);
        ck_assert_ptr_eq(C.unit_vec.data, vec); /* the same memory, not grown */
        ck_assert_ptr_eq(C.strings.data, strings);
        ck_assert_uint_eq(C.unit_vec.cap, cap);
        char pa[512], pb[512];
        snprintf(pa, sizeof pa, "%s/fresh.fridx", t_tmpdir());
        snprintf(pb, sizeof pb, "%s/cleared.fridx", t_tmpdir());
        ck_assert_int_eq(fr_index_save(src[k], pa, &err), FR_OK);
        ck_assert_int_eq(fr_index_save(&C, pb, &err), FR_OK);
        fr_buf a = {0}, b = {0};
        ck_assert_int_eq(fr_read_file(pa, &a, &err), FR_OK);
        ck_assert_int_eq(fr_read_file(pb, &b, &err), FR_OK);
        ck_assert_uint_eq(a.len, b.len);
        ck_assert_int_eq(memcmp(a.data, b.data, a.len), 0);
        /* a mapped set is released instead (its arrays are the file's) */
        fr_docset M;
        ck_assert_int_eq(fr_index_map(pb, fx.m, fx.lx, src[k]->kind, &M, &err), FR_OK);
        fr_docset_clear(&M);
        ck_assert_ptr_null(M.map);
        ck_assert_uint_eq(M.n, 0);
        fr_buf_free(&a);
        fr_buf_free(&b);
        fr_docset_free(&C);
    }
    fixture_free(&fx);
}
END_TEST

/* The panel kernel's products (fr_dense_prods) are the dot products within the bounds' margin, for
 * every shape its blocks meet — items in blocks of eight and a tail, chunks in lanes of 32, 16 and 8,
 * an odd dimension — and zero in the lanes past the chunks. */
START_TEST(test_dense_prods_are_the_products)
{
    enum { KD = 37, KNI = 19, KNC = 73 };
    static float iv[KNI * KD], rv[KNC * KD], pan[KD * 80], prod[KNI * 80];
    uint32_t seed = 7;
    for (size_t k = 0; k < KNI * KD; k++)
        iv[k] = (float)((seed = seed * 1103515245u + 12345u) >> 8) / 16777216.0f - 0.5f;
    for (size_t k = 0; k < KNC * KD; k++)
        rv[k] = (float)((seed = seed * 1103515245u + 12345u) >> 8) / 16777216.0f - 0.5f;
    static const uint32_t ncs[] = {1, 5, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 48, 50, 73};
    static const size_t nis[] = {1, 7, 8, 9, 16, 19};
    size_t checked = 0;
    for (size_t a = 0; a < sizeof ncs / sizeof *ncs; a++)
        for (size_t b = 0; b < sizeof nis / sizeof *nis; b++) {
            uint32_t nc = ncs[a];
            size_t ni = nis[b], w = fr_dense_panel_width(nc);
            ck_assert_uint_eq(w % 8, 0);
            ck_assert(w >= nc && w < nc + 8);
            for (size_t k = 0; k < KNI * 80; k++)
                prod[k] = NAN;
            fr_dense_panel(rv, nc, KD, pan);
            const float *items[KNI];
            for (size_t i = 0; i < ni; i++) /* (in reverse: wherever they lie) */
                items[i] = iv + (ni - 1 - i) * KD;
            fr_dense_prods(items, ni, KD, pan, nc, prod);
            for (size_t i = 0; i < ni; i++)
                for (size_t c = 0; c < w; c++) {
                    double exact = 0, mag = 0;
                    for (size_t k = 0; c < nc && k < KD; k++) {
                        exact += (double)items[i][k] * rv[c * KD + k];
                        mag += fabs((double)items[i][k] * rv[c * KD + k]);
                    }
                    /* any order of the sum, with or without FMA: within 2 · d · u · Σ|a_k · b_k| */
                    ck_assert(fabs(prod[i * w + c] - exact) <= 2.0 * KD * mag / 16777216.0);
                    if (c >= nc)
                        ck_assert(prod[i * w + c] == 0.0f);
                    checked++;
                }
            for (size_t k = ni * w; k < KNI * 80; k++) /* nothing written past the ni rows */
                ck_assert(isnan(prod[k]));
        }
    ck_assert_uint_gt(checked, 10000);
}
END_TEST

/* fr_dense_gemm_nt (the proxy's products) is every product within the bounds' margin, for rows of
 * a in blocks of eight and a tail, b in panels of 32 and a tail, rows apart by more than d, and
 * writes nothing outside its na × nb corner of c. */
START_TEST(test_dense_gemm_nt_is_the_products)
{
    enum { GD = 29, GLA = 31, GLB = 33, GLC = 80, GNA = 20, GNB = 70 };
    static float a[GNA * GLA], b[GNB * GLB], c[GNA * GLC];
    float *scratch = malloc(fr_dense_gemm_scratch(GD) * sizeof *scratch);
    ck_assert_ptr_nonnull(scratch);
    uint32_t seed = 3;
    for (size_t k = 0; k < GNA * GLA; k++)
        a[k] = (float)((seed = seed * 1103515245u + 12345u) >> 8) / 16777216.0f - 0.5f;
    for (size_t k = 0; k < GNB * GLB; k++)
        b[k] = (float)((seed = seed * 1103515245u + 12345u) >> 8) / 16777216.0f - 0.5f;
    static const size_t nas[] = {1, 7, 8, 9, 20}, nbs[] = {1, 31, 32, 33, 64, 70};
    size_t checked = 0;
    for (size_t x = 0; x < sizeof nas / sizeof *nas; x++)
        for (size_t y = 0; y < sizeof nbs / sizeof *nbs; y++) {
            size_t na = nas[x], nb = nbs[y];
            for (size_t k = 0; k < GNA * GLC; k++)
                c[k] = NAN;
            fr_dense_gemm_nt(a, na, GLA, b, nb, GLB, GD, c, GLC, scratch);
            for (size_t i = 0; i < GNA; i++)
                for (size_t j = 0; j < GLC; j++) {
                    if (i >= na || j >= nb) {
                        ck_assert(isnan(c[i * GLC + j]));
                        continue;
                    }
                    double exact = 0, mag = 0;
                    for (size_t k = 0; k < GD; k++) {
                        exact += (double)a[i * GLA + k] * b[j * GLB + k];
                        mag += fabs((double)a[i * GLA + k] * b[j * GLB + k]);
                    }
                    ck_assert(fabs(c[i * GLC + j] - exact) <= 2.0 * GD * mag / 16777216.0);
                    checked++;
                }
        }
    ck_assert_uint_gt(checked, 5000);
    free(scratch);
}
END_TEST

/* fr_dense_max_bound_prod's one pass of lanes gives what the scalar sequence of bound_step gives —
 * largest upper end, first chunk with it, largest of the others — on rows full of ties (products
 * drawn from a few values), a NaN, infinities, every length around the lanes' eight. */
static void bound_prod_scalar(const float *x, uint32_t nc, float gi, const float *cnorm, float *out, uint16_t *hint,
                              float *lo)
{
    float best = -INFINITY, other = -INFINITY;
    uint32_t at = 0;
    for (uint32_t c = 0; c < nc; c++) {
        float b = x[c] + gi * cnorm[c];
        at = b > best ? c : at;
        best = b > best ? b : best;
    }
    for (uint32_t c = 0; c < nc; c++) {
        float b = x[c] + gi * cnorm[c];
        other = c != at && b > other ? b : other;
    }
    *lo = x[at] - gi * cnorm[at];
    *hint = nc ? (uint16_t)at : FR_NO_HINT;
    /* bound_finish */
    if (!nc || !(other < *lo))
        *hint = FR_NO_HINT;
    *out = best > other ? best : other;
}

START_TEST(test_dense_bound_prod_is_the_scalar_sequence)
{
    enum { MAXC = 40 };
    float x[MAXC], cn[MAXC], out, scratch[2];
    uint16_t hint;
    uint32_t seed = 11;
    size_t rows = 0, tied = 0;
    for (uint32_t nc = 0; nc <= MAXC; nc++)
        for (uint32_t trial = 0; trial < 200; trial++) {
            for (uint32_t c = 0; c < nc; c++) {
                seed = seed * 1103515245u + 12345u;
                x[c] = (float)((seed >> 16) % 5) * 0.25f - 0.5f; /* five values: ties everywhere */
                cn[c] = trial % 3 ? 1.0f : (float)((seed >> 8) % 3 + 1);
            }
            if (nc && trial % 17 == 1)
                x[trial % nc] = NAN;
            if (nc && trial % 23 == 2)
                x[(trial + 1) % nc] = -INFINITY;
            if (nc && trial % 29 == 3)
                x[(trial + 2) % nc] = INFINITY;
            float inorm = trial % 2 ? 1.0f : 1e5f, ref, rlo;
            uint16_t rhint;
            float gi = (float)(4.0 * (double)(8 + 2) / 16777216.0) * inorm; /* d = 8 */
            bound_prod_scalar(x, nc, gi, cn, &ref, &rhint, &rlo);
            fr_dense_max_bound_prod(x, MAXC, 1, nc, 8, &inorm, cn, &out, &hint, scratch);
            ck_assert_int_eq(memcmp(&out, &ref, sizeof out), 0);
            ck_assert_uint_eq(hint, rhint);
            float nh;
            fr_dense_max_bound_prod(x, MAXC, 1, nc, 8, &inorm, cn, &nh, NULL, NULL);
            ck_assert(nh == ref || (isnan(nh) && isnan(ref)));
            rows++;
            tied += rhint == FR_NO_HINT;
        }
    ck_assert_uint_gt(rows, 8000);
    ck_assert_uint_gt(tied, rows / 4);
}
END_TEST

/* The fast dense maxima bound the canonical ones, for every pair, and closely (the margin is a few
 * units in the last place): dimension 12 leaves a tail after the 8-lane loop; with 9+ items a
 * second group of eight. */
START_TEST(test_dense_max_bound_holds_and_is_tight)
{
    fixture fx;
    fixture_build(&fx, 33, 8, 12, 12);
    float out[64], inorm[64], cnorm[256], hout[64], hinted[64], scratch[128];
    uint16_t hint[64];
    size_t pairs = 0, hinted_n = 0;
    for (size_t p = 0; p < fx.P.n; p++) {
        uint32_t u0 = fx.P.unit_start.v[p], ni = fx.P.unit_start.v[p + 1] - u0;
        ck_assert_uint_le(ni, 64);
        for (uint32_t i = 0; i < ni; i++)
            inorm[i] = fr_norm_up(fr_docset_unit_vec(&fx.P, u0 + i), fx.P.dim);
        for (size_t r = 0; r < fx.R.n; r++) {
            uint32_t c0 = fx.R.unit_start.v[r], nc = fx.R.unit_start.v[r + 1] - c0;
            ck_assert_uint_le(nc, 256);
            for (uint32_t c = 0; c < nc; c++)
                cnorm[c] = fr_norm_up(fr_docset_unit_vec(&fx.R, c0 + c), fx.R.dim);
            fr_dense_max_bound(&fx.P, u0, ni, inorm, RV(&fx, r), NC(&fx, r), cnorm, out, NULL, NULL);
            /* with hints: the same bounds, and an item's hinted chunk holds its canonical maximum */
            fr_dense_max_bound(&fx.P, u0, ni, inorm, RV(&fx, r), NC(&fx, r), cnorm, hout, hint, scratch);
            fr_dense_max_hinted(&fx.P, u0, ni, RV(&fx, r), NC(&fx, r), hint, hinted);
            /* from products summed in another order (as an sgemm's): bounds and hints as valid */
            float prod[64 * 256], pout[64], pnoh[64];
            uint16_t phint[64];
            for (uint32_t i = 0; i < ni; i++)
                for (uint32_t c = 0; c < nc; c++) {
                    const float *a = fr_docset_unit_vec(&fx.P, u0 + i), *b = fr_docset_unit_vec(&fx.R, c0 + c);
                    float acc = 0;
                    for (size_t k = fx.P.dim; k-- > 0;)
                        acc += a[k] * b[k];
                    prod[i * nc + c] = acc;
                }
            fr_dense_max_bound_prod(prod, nc, ni, nc, fx.P.dim, inorm, cnorm, pout, phint, scratch);
            fr_dense_max_bound_prod(prod, nc, ni, nc, fx.P.dim, inorm, cnorm, pnoh, NULL, NULL);
            /* from the panel kernel's products (phase 1's): as valid */
            float pan[12 * 256], kprod[64 * 256], kout[64];
            uint16_t khint[64];
            size_t pw = fr_dense_panel_width(nc);
            if (nc) {
                fr_dense_panel(RV(&fx, r), nc, fx.P.dim, pan);
                const float *items[64];
                for (uint32_t i = 0; i < ni; i++)
                    items[i] = fr_docset_unit_vec(&fx.P, u0 + i);
                fr_dense_prods(items, ni, fx.P.dim, pan, nc, kprod);
            }
            fr_dense_max_bound_prod(kprod, pw, ni, nc, fx.P.dim, inorm, cnorm, kout, khint, scratch);
            for (uint32_t i = 0; i < ni; i++) {
                int32_t arg = -1;
                float c = fr_dense_max(&fx.P, u0 + i, RV(&fx, r), NC(&fx, r), &arg);
                ck_assert(pout[i] >= c && pnoh[i] >= c);
                ck_assert(pout[i] - c < 1e-4f || (isinf(c) && isinf(pout[i])));
                ck_assert(phint[i] == FR_NO_HINT || phint[i] == arg);
                hinted_n += phint[i] != FR_NO_HINT;
                ck_assert(kout[i] >= c);
                ck_assert(kout[i] - c < 1e-4f || (isinf(c) && isinf(kout[i])));
                ck_assert(khint[i] == FR_NO_HINT || khint[i] == arg);
                ck_assert(out[i] >= c);
                ck_assert(out[i] - c < 1e-4f || (isinf(c) && isinf(out[i])));
                ck_assert_int_eq(memcmp(&out[i], &hout[i], sizeof out[i]), 0);
                ck_assert_int_eq(memcmp(&c, &hinted[i], sizeof c), 0);
                if (hint[i] != FR_NO_HINT) {
                    ck_assert_int_eq(hint[i], arg);
                    hinted_n++;
                }
                pairs++;
            }
        }
    }
    ck_assert_uint_gt(pairs, 100);
    ck_assert_uint_gt(hinted_n, pairs); /* most maxima are clear of the margins (both ways) */
    /* a norm rounded up: never below the exact one, for vectors far from unit length too */
    float big[300];
    for (int d = 1; d <= 300; d += 37) {
        double exact = 0;
        for (int k = 0; k < d; k++) {
            big[k] = (float)((k * 37) % 11 - 5) * 1000.3f + 0.1f;
            exact += (double)big[k] * big[k];
        }
        ck_assert((double)fr_norm_up(big, (size_t)d) >= sqrt(exact));
    }
    fixture_free(&fx);
}
END_TEST

/* The blocked canonical maxima are fr_dense_max's, bit for bit, with the same arguments: for any
 * number of items and chunks (blocks of two and three with remainders), and a dimension with two
 * sixteen-lane blocks and a tail. */
START_TEST(test_dense_max_canon_is_fr_dense_max)
{
    static const struct {
        int nr;
        size_t dim;
    } cfg[] = {{12, 12}, {40, 35}};
    for (size_t k = 0; k < sizeof cfg / sizeof *cfg; k++) {
        fixture fx;
        fixture_build(&fx, 41 + k, 8, cfg[k].nr, cfg[k].dim);
        ck_assert_uint_eq(fx.P.dim, cfg[k].dim);
        float out[64];
        int32_t arg[64];
        size_t pairs = 0;
        for (size_t p = 0; p < fx.P.n; p++) {
            uint32_t u0 = fx.P.unit_start.v[p], ni = fx.P.unit_start.v[p + 1] - u0;
            ck_assert_uint_le(ni, 64);
            for (size_t r = 0; r < fx.R.n; r++)
                for (uint32_t from = 0; from < ni; from++) { /* every suffix: odd and even counts */
                    for (uint32_t i = 0; i < 64; i++)
                        arg[i] = -7;
                    fr_dense_max_canon(&fx.P, u0 + from, ni - from, RV(&fx, r), NC(&fx, r), out, arg);
                    for (uint32_t i = from; i < ni; i++) {
                        int32_t a = -7;
                        float c = fr_dense_max(&fx.P, u0 + i, RV(&fx, r), NC(&fx, r), &a);
                        ck_assert_int_eq(memcmp(&c, &out[i - from], sizeof c), 0);
                        ck_assert_int_eq(a, arg[i - from]);
                        pairs++;
                    }
                }
        }
        ck_assert_uint_gt(pairs, 100);
        fixture_free(&fx);
    }
}
END_TEST

/* Random components in [-scale/2, scale/2), some of them subnormal (flushed by VDPBF16PS). */
static void bf16_fill(float *v, size_t n, float scale, uint32_t *seed)
{
    for (size_t k = 0; k < n; k++) {
        *seed = *seed * 1103515245u + 12345u;
        v[k] = ((float)(*seed >> 8) / 16777216.0f - 0.5f) * scale;
        if ((*seed & 63u) == 0)
            v[k] = 1e-39f;
    }
}

/* fr_bf16_prods gives every item × chunk product within fr_bf16_gamma and fr_bf16_floor of the
 * exact one — for every shape its blocks meet (items in blocks of eight and a tail, chunks in lanes
 * of 32, 16 and 8, an odd dimension), at scales far from 1, and for vectors built so that every
 * component rounds the same way by nearly half a bfloat16 step (the error the margin is for:
 * 2u·|a||b|, which it must cover and does not exceed fourfold) — with zero in the lanes past the
 * chunks and nothing written past the items' rows. */
START_TEST(test_bf16_prods_within_their_margin)
{
    if (!fr_bf16_available()) {
        fprintf(stderr, "check_rank: this CPU has no AVX512_BF16: the bfloat16 kernel's test skipped (the float kernel is used)\n");
        return;
    }
    enum { KNI = 19, KNC = 73, KMAXD = 256 };
    static float iv[KNI * KMAXD], rv[KNC * KMAXD], prod[KNI * 80];
    static uint32_t ibf[KNI * KMAXD], pan[KMAXD * 80];
    static const size_t dims[] = {37, 256};
    static const float scales[] = {1.0f, 1e-3f, 1e3f};
    static const uint32_t ncs[] = {1, 8, 9, 16, 17, 31, 32, 33, 48, 73};
    static const size_t nis[] = {1, 8, 9, 19};
    uint32_t seed = 11;
    size_t checked = 0;
    double worst = 0; /* the largest error seen, in units of |a||b| */
    for (size_t di = 0; di < 2; di++)
        for (size_t sc = 0; sc < 4; sc++) {
            size_t d = dims[di], dw = fr_bf16_words(d);
            if (sc < 3) {
                bf16_fill(iv, KNI * d, scales[sc], &seed);
                bf16_fill(rv, KNC * d, scales[sc], &seed);
            } else { /* every component just below a rounding midpoint, all rounding down */
                for (size_t k = 0; k < KNI * d; k++)
                    iv[k] = 1.0f + 1.0f / 256 - 1.0f / 1048576;
                for (size_t k = 0; k < KNC * d; k++)
                    rv[k] = 1.0f + 1.0f / 256 - 1.0f / 1048576;
            }
            fr_bf16_rows(iv, KNI, d, d, ibf);
            for (size_t a = 0; a < sizeof ncs / sizeof *ncs; a++)
                for (size_t b = 0; b < sizeof nis / sizeof *nis; b++) {
                    uint32_t nc = ncs[a];
                    size_t ni = nis[b], w = fr_dense_panel_width(nc);
                    for (size_t k = 0; k < KNI * 80; k++)
                        prod[k] = NAN;
                    fr_bf16_panel(rv, nc, d, pan);
                    const uint32_t *items[KNI];
                    for (size_t i = 0; i < ni; i++) /* (in reverse: wherever they lie) */
                        items[i] = ibf + (ni - 1 - i) * dw;
                    fr_bf16_prods(items, ni, d, pan, nc, prod);
                    for (size_t i = 0; i < ni; i++) {
                        const float *x = iv + (ni - 1 - i) * d;
                        float xn = fr_norm_up(x, d);
                        for (size_t c = 0; c < w; c++) {
                            if (c >= nc) {
                                ck_assert(prod[i * w + c] == 0.0f);
                                continue;
                            }
                            double exact = 0;
                            for (size_t k = 0; k < d; k++)
                                exact += (double)x[k] * rv[c * d + k];
                            float cn = fr_norm_up(rv + c * d, d);
                            double err = fabs(prod[i * w + c] - exact);
                            ck_assert_msg(err <= (double)fr_bf16_gamma(d) * xn * cn + fr_bf16_floor(d, xn, cn),
                                          "d %zu scale %zu item %zu chunk %zu: error %g", d, sc, i, c, err);
                            if (xn > 0 && cn > 0 && err / ((double)xn * cn) > worst)
                                worst = err / ((double)xn * cn);
                            checked++;
                        }
                    }
                    for (size_t k = ni * w; k < KNI * 80; k++)
                        ck_assert(isnan(prod[k]));
                }
        }
    ck_assert_uint_gt(checked, 20000);
    /* the midpoint vectors reach most of 2u = 2⁻⁷: the margin is needed, and not four times over */
    ck_assert(worst > 0.9 / 128 && worst * 4 > fr_bf16_gamma(256));
}
END_TEST

/* fr_dense_max_prod gives fr_dense_max's bits from products of either kernel — bfloat16 (where the
 * CPU has it) and float — for every pair of a fixture, and for chunks made nearly equal (copies of
 * one chunk a few ulps apart, so that many chunks stay within the margin and their canonical
 * products decide, ties included). */
START_TEST(test_dense_max_prod_is_fr_dense_max)
{
    fixture fx;
    fixture_build(&fx, 77, 9, 30, 40);
    size_t d = fx.P.dim, dw = fr_bf16_words(d), pairs = 0;
    int kernels = fr_bf16_available() ? 2 : 1;
    enum { MC = 70 };
    float *near = malloc(MC * d * sizeof *near), *pan = malloc(d * 80 * sizeof *pan);
    float *prod = malloc(64 * 80 * sizeof *prod), *cnorm = malloc(MC * sizeof *cnorm);
    uint32_t *bpan = malloc(dw * 80 * sizeof *bpan), *ibf = malloc(64 * dw * sizeof *ibf);
    ck_assert(near && pan && prod && cnorm && bpan && ibf);
    uint32_t seed = 5;
    for (size_t p = 0; p < fx.P.n; p++) {
        uint32_t u0 = fx.P.unit_start.v[p], ni = fx.P.unit_start.v[p + 1] - u0;
        ck_assert_uint_le(ni, 64);
        float inorm[64], out[64];
        const float *items[64];
        const uint32_t *bitems[64];
        for (uint32_t i = 0; i < ni; i++) {
            inorm[i] = fr_norm_up(fr_docset_unit_vec(&fx.P, u0 + i), d);
            items[i] = fr_docset_unit_vec(&fx.P, u0 + i);
            bitems[i] = ibf + i * dw;
        }
        if (ni)
            fr_bf16_rows(items[0], ni, d, d, ibf);
        for (size_t r = 0; r <= fx.R.n; r++) {
            const float *rv;
            uint32_t nc;
            if (r < fx.R.n) {
                rv = RV(&fx, r);
                nc = NC(&fx, r);
            } else { /* the near-equal chunks: the first résumé's first chunk, nudged */
                ck_assert_uint_gt(NC(&fx, 0), 0);
                for (size_t c = 0; c < MC; c++)
                    for (size_t k = 0; k < d; k++) {
                        float v = RV(&fx, 0)[k];
                        seed = seed * 1103515245u + 12345u;
                        near[c * d + k] = c % 7 == 3 ? v : nextafterf(v, (seed >> 30) & 1 ? 1.0f : -1.0f);
                    }
                rv = near;
                nc = MC;
            }
            for (uint32_t c = 0; c < nc; c++)
                cnorm[c] = fr_norm_up(rv + (size_t)c * d, d);
            size_t w = fr_dense_panel_width(nc);
            for (int bf = 0; bf < kernels; bf++) {
                if (nc && bf) {
                    fr_bf16_panel(rv, nc, d, bpan);
                    fr_bf16_prods(bitems, ni, d, bpan, nc, prod);
                } else if (nc) {
                    fr_dense_panel(rv, nc, d, pan);
                    fr_dense_prods(items, ni, d, pan, nc, prod);
                }
                fr_dense_max_prod(prod, w, ni, nc, bf, inorm, cnorm, &fx.P, u0, rv, out);
                for (uint32_t i = 0; i < ni; i++) {
                    float c = fr_dense_max(&fx.P, u0 + i, rv, nc, NULL);
                    ck_assert_msg(memcmp(&c, &out[i], sizeof c) == 0, "posting %zu résumé %zu item %u kernel %d", p,
                                  r, i, bf);
                    pairs++;
                }
            }
        }
    }
    ck_assert_uint_gt(pairs, 1000);
    if (kernels == 2) {
        /* found by a search: B's product is the larger, A's bfloat16 product leads B's by more than
         * B's margin (A's norm is the larger) — B is kept only because A's lower end counts A's own
         * margin too */
        static const float a2[2] = {1.9492197036743164f, 3.929685592651367f};
        static const float ab[2][2] = {{7.734378814697266f, -3.398435592651367f},
                                       {1.2851552963256836f, -0.18505871295928955f}};
        float *it = (float *)(uintptr_t)fr_docset_unit_vec(&fx.P, 0); /* (the fixture's own array) */
        memset(it, 0, d * sizeof *it);
        memcpy(it, a2, sizeof a2);
        memset(near, 0, 2 * d * sizeof *near);
        memcpy(near, ab[0], sizeof ab[0]);
        memcpy(near + d, ab[1], sizeof ab[1]);
        float inorm = fr_norm_up(it, d), out;
        for (uint32_t c = 0; c < 2; c++)
            cnorm[c] = fr_norm_up(near + (size_t)c * d, d);
        const uint32_t *bitem[1] = {ibf};
        fr_bf16_rows(it, 1, d, d, ibf);
        fr_bf16_panel(near, 2, d, bpan);
        fr_bf16_prods(bitem, 1, d, bpan, 2, prod);
        ck_assert(prod[1] + fr_bf16_gamma(d) * inorm * cnorm[1] < prod[0]); /* (as found) */
        fr_dense_max_prod(prod, fr_dense_panel_width(2), 1, 2, 1, &inorm, cnorm, &fx.P, 0, near, &out);
        float c = fr_dense_max(&fx.P, 0, near, 2, NULL);
        ck_assert(c == fr_dot_canon(it, near + d, d));
        ck_assert_int_eq(memcmp(&c, &out, sizeof c), 0);
    }
    free(near);
    free(pan);
    free(prod);
    free(cnorm);
    free(bpan);
    free(ibf);
    fixture_free(&fx);
}
END_TEST

/* The cut path (the refinement's: dense maxima given exactly, required items judged first, the
 * chunks' lexical walk deferred when none of them reads it) gives the canonical evaluation of every
 * pair it does not set aside, and sets a pair aside only when its canonical key is below the bar. */
struct bar {
    float key;
};
static int above_bar(void *ctx, const fr_pair_eval *b) { return fr_rank_key(b, FR_GATE_RANK) >= ((struct bar *)ctx)->key; }


/* The word index against the (key, unit) pairs sorted outright: every key once, ascending, its
 * units ascending, each line's document and signature — over thousands of distinct keys (the
 * build's table grows from 1,024 slots several times) and both ends of the key range, twice with
 * one scratch (the second set smaller, its table reused). */
static int pair_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

START_TEST(test_word_index_is_the_sorted_pairs)
{
    fr_error err = {0};
    fr_wix_scratch scr = {0};
    rng_state = 17;
    for (int round = 0; round < 2; round++) {
        size_t nu = round ? 700 : 4000, nd = nu / 7 + 1, npool = round ? 900 : 6000;
        uint32_t *pool = malloc(npool * sizeof *pool), *start = malloc((nd + 1) * sizeof *start);
        ck_assert(pool && start);
        for (size_t i = 0; i < npool; i++)
            pool[i] = i == 0 ? 0 : i == 1 ? FR_WORD_KEYS - 1 : rnd(FR_WORD_KEYS);
        fr_csr_rows W;
        ck_assert_int_eq(fr_csr_init(&W, FR_WORD_KEYS), FR_OK);
        size_t ne = 0;
        uint64_t *pairs = malloc(nu * 24 * sizeof *pairs);
        uint64_t *sig = calloc(nu, sizeof *sig);
        ck_assert(pairs && sig);
        for (size_t u = 0; u < nu; u++) {
            uint32_t row[24];
            float one[24];
            size_t n = rnd(25), m = 0; /* some units have no word */
            for (size_t x = 0; x < n; x++)
                row[x] = pool[rnd((unsigned)npool)];
            fr_sort_u32(row, n);
            for (size_t x = 0; x < n; x++)
                if (m == 0 || row[x] != row[m - 1]) {
                    one[m] = 1.0f;
                    row[m++] = row[x];
                }
            for (size_t x = 0; x < m; x++) {
                pairs[ne++] = (uint64_t)row[x] << 32 | u;
                sig[u] |= fr_word_sig_bit(row[x]);
            }
            ck_assert_int_eq(fr_csr_append(&W, row, one, m), FR_OK);
        }
        for (size_t d = 0; d <= nd; d++)
            start[d] = (uint32_t)(d * 7 < nu ? d * 7 : nu);
        qsort(pairs, ne, sizeof *pairs, pair_cmp);
        fr_word_index x;
        ck_assert_int_eq(fr_word_index_build_in(&W, start, nd, &scr, &x, &err), FR_OK);
        size_t k = 0;
        for (size_t i = 0; i < ne; i++) {
            uint32_t key = (uint32_t)(pairs[i] >> 32);
            if (i == 0 || key != (uint32_t)(pairs[i - 1] >> 32)) {
                ck_assert_uint_lt(k, x.nkeys);
                ck_assert_uint_eq(x.key[k], key);
                ck_assert_uint_eq(x.ptr[k], i);
                k++;
            }
            ck_assert_uint_eq(x.unit[i], (uint32_t)pairs[i]);
        }
        ck_assert_uint_eq(k, x.nkeys);
        ck_assert_uint_eq(x.ptr[k], ne);
        ck_assert_uint_gt(x.nkeys, round ? 400 : 2000); /* past the table's first size */
        for (size_t u = 0; u < nu; u++) {
            ck_assert_uint_eq(x.line[u].doc, u / 7);
            ck_assert_uint_eq(x.line[u].sig, sig[u]);
        }
        fr_word_index_free(&x);
        fr_csr_free(&W);
        free(pairs);
        free(sig);
        free(pool);
        free(start);
    }
    fr_wix_scratch_free(&scr);
}
END_TEST

/* check_cut's pairs: every posting of fx against every résumé, the bar below, at and above each
 * pair's key, half the postings given the items no line shows (the bounds read them). */
static void check_cut(fixture *fx, size_t *n_kept, size_t *n_cut)
{
    fr_error err = {0};
    fr_scorer *sc = NULL, *ref = NULL;
    ck_assert_int_eq(fr_scorer_new(fx->m, &sc, &err), FR_OK);
    ck_assert_int_eq(fr_scorer_new(fx->m, &ref, &err), FR_OK);
    size_t kept = 0, cut_n = 0;
    float dm[64];
    /* the items no line of a résumé shows, as ranking's phase 1 knows them (the bounds read it) */
    fr_word_index wix;
    ck_assert_int_eq(fr_word_index_build(&fx->R.unit_words, fx->R.unit_start.v, fx->R.n, &wix, &err), FR_OK);
    size_t nw = (fx->R.n + 63) / 64;
    uint64_t *shows = calloc(fx->P.n_units * nw + 1, sizeof *shows);
    unsigned char *exact = calloc(fx->P.n_units + 1, 1);
    float *acc = calloc(fx->R.n_units + 1, sizeof *acc);
    uint32_t *touched = malloc((fx->R.n_units + 1) * sizeof *touched);
    ck_assert(shows && exact && acc && touched);
    for (size_t u = 0; u < fx->P.n_units; u++)
        exact[u] = (unsigned char)fr_verdict_lines_showing(&fx->P, u, &fx->R, &wix, fr_scorer_params(sc)->v_domain_met,
                                                           ~(uint64_t)0, shows + u * nw, 0, acc, touched);
    for (size_t p = 0; p < fx->P.n; p++) {
        uint32_t u0 = fx->P.unit_start.v[p], ni = fx->P.unit_start.v[p + 1] - u0;
        ck_assert_uint_le(ni, 64);
        for (size_t r = 0; r < fx->R.n; r++) {
            fr_pair_eval want, got;
            ck_assert_int_eq(fr_score_pair(ref, &fx->P, p, &fx->R, r, NULL, &want, NULL, &err), FR_OK);
            uint64_t noshow = 0, known = 0;
            for (uint32_t i = 0; i < ni; i++) {
                dm[i] = fr_dense_max(&fx->P, u0 + i, RV(fx, r), NC(fx, r), NULL);
                if (exact[u0 + i] && !(shows[(u0 + i) * nw + r / 64] >> (r % 64) & 1))
                    noshow |= (uint64_t)1 << i;
                known |= (uint64_t)exact[u0 + i] << i;
            }
            fr_pair_parts parts = {dm, NULL, NULL, 1, 0, NULL, 1, p % 2 ? noshow : 0, 0};
            /* and with the lexical parts given, as a tile gives them (lex_parts: the bulk values,
             * here the canonical ones; the bar is then the key fr_score_pair gives those parts) */
            fr_item_eval items[64];
            float lexv[64], massv[64];
            fr_pair_eval want_b;
            ck_assert_int_eq(fr_score_pair(ref, &fx->P, p, &fx->R, r, NULL, &want_b, items, &err), FR_OK);
            for (uint32_t i = 0; i < ni; i++) {
                lexv[i] = items[i].lex;
                massv[i] = items[i].mass;
            }
            /* the lines known (a tile's, lines_rows): the verdicts then read no line, and must
             * judge as the verdicts that do (bulk0) */
            fr_pair_parts bulk = {dm, lexv, massv, 1, want_b.ctx_lex, NULL, 1, p % 2 ? 0 : noshow, p % 2 ? 0 : known};
            fr_pair_parts bulk0 = {dm, lexv, massv, 1, want_b.ctx_lex, NULL, 1, 0, 0};
            ck_assert_int_eq(fr_score_pair(ref, &fx->P, p, &fx->R, r, &bulk0, &want_b, NULL, &err), FR_OK);
            if (p % 2 == 0) {
                fr_pair_eval k_eval;
                ck_assert_int_eq(fr_score_pair(ref, &fx->P, p, &fx->R, r, &bulk, &k_eval, NULL, &err), FR_OK);
                ck_assert_msg(k_eval.score == want_b.score && k_eval.gate == want_b.gate &&
                                  k_eval.req_met == want_b.req_met && k_eval.pref_met == want_b.pref_met,
                              "posting %zu résumé %zu: the lines known judge otherwise", p, r);
            }
            for (int b = 0; b < 6; b++) { /* a bar below, at and above the pair's key; canonical, bulk */
                const fr_pair_parts *pp = b < 3 ? &parts : &bulk;
                const fr_pair_eval *w = b < 3 ? &want : &want_b;
                struct bar bar = {fr_rank_key(w, FR_GATE_RANK) + (float)(b % 3 - 1) * 0.01f};
                int cut = 0;
                ck_assert_int_eq(fr_score_pair_cut(sc, &fx->P, p, &fx->R, r, pp, above_bar, &bar, &cut, &got, &err),
                                 FR_OK);
                if (cut) {
                    ck_assert(fr_rank_key(w, FR_GATE_RANK) < bar.key);
                    cut_n++;
                    continue;
                }
                kept++;
                ck_assert_msg(got.score == w->score && got.gate == w->gate && got.req_cov == w->req_cov &&
                                  got.pref_cov == w->pref_cov && got.req_met == w->req_met && got.ctx == w->ctx,
                              "posting %zu résumé %zu (%s): the cut path's evaluation differs", p, r,
                              b < 3 ? "canonical" : "bulk");
            }
        }
    }
    *n_kept += kept;
    *n_cut += cut_n;
    free(shows);
    free(exact);
    free(acc);
    free(touched);
    fr_word_index_free(&wix);
    fr_scorer_free(sc);
    fr_scorer_free(ref);
}

START_TEST(test_cut_path_is_the_canonical_path)
{
    fixture fx;
    gen_soft = 1;
    fixture_build(&fx, 4711, 16, 40, 16);
    gen_soft = 0;
    /* postings whose soft items are preferred only (the walk deferred) and required (not) */
    size_t pref_only = 0, req_soft = 0;
    for (size_t p = 0; p < fx.P.n; p++) {
        int req = 0, pref = 0;
        for (uint32_t u = fx.P.unit_start.v[p]; u < fx.P.unit_start.v[p + 1]; u++)
            if (fr_docset_item(&fx.P, u)->kind == FR_KIND_SOFT)
                *(u - fx.P.unit_start.v[p] < fx.P.n_req.v[p] ? &req : &pref) = 1;
        pref_only += (size_t)(pref && !req);
        req_soft += (size_t)req;
    }
    ck_assert_uint_gt(pref_only, 0);
    ck_assert_uint_gt(req_soft, 0);
    size_t kept = 0, cut_n = 0;
    check_cut(&fx, &kept, &cut_n);
    fixture_free(&fx);
    ck_assert_uint_gt(kept, 0);
    ck_assert_uint_gt(cut_n, 0);
    /* real postings and résumés (the labelled verdict pairs we wrote), where lines decide items */
    ck_assert(fixture_of_tasks(&fx, "tests/fixtures/verdicts/tasks.jsonl"));
    kept = cut_n = 0;
    check_cut(&fx, &kept, &cut_n);
    fixture_free(&fx);
    ck_assert_uint_gt(kept, 0);
    ck_assert_uint_gt(cut_n, 0);
}
END_TEST

/* fr_score_proxy keys a block of résumés with each key the bits of the résumé keyed alone (every
 * résumé's arithmetic its own, in item order), and a line showing a domain item never lowers a
 * key. */
START_TEST(test_proxy_keys_do_not_depend_on_the_block)
{
    fixture fx;
    fixture_build(&fx, 777, 10, 80, 16);
    fr_score_params sp = fr_model_opts(fx.m)->score;
    size_t nj = fx.R.n, nw = (nj + 5 + 63) / 64, g0 = 5;
    float *idoc = malloc(64 * nj * sizeof *idoc), *ctx = malloc(nj * sizeof *ctx);
    float *scratch = malloc(3 * nj * sizeof *scratch), *all = malloc(nj * sizeof *all), one[1], more[1];
    const uint64_t **rbits = malloc(nj * sizeof *rbits);
    uint64_t *bits = calloc(64 * nw, sizeof *bits), *none = calloc(nw, sizeof *none);
    const uint64_t *met[64], *unmet[64];
    fr_proxy_item items[64];
    ck_assert(idoc && ctx && scratch && all && rbits && bits && none);
    for (size_t j = 0; j < nj; j++) {
        rbits[j] = fr_docset_skill_bits(&fx.R, j);
        ctx[j] = (float)rnd(1401) / 1000.0f - 0.2f;
    }
    size_t domain = 0;
    for (size_t p = 0; p < fx.P.n; p++) {
        fr_proxy_posting pp;
        fr_score_proxy_posting(&sp, &fx.P, p, items, &pp);
        ck_assert_uint_le(pp.ni, 64);
        for (uint32_t i = 0; i < pp.ni; i++) {
            domain += items[i].cls == 1;
            met[i] = bits + (size_t)i * nw;
            unmet[i] = none;
            for (size_t j = 0; j < nj; j++) {
                idoc[(size_t)i * nj + j] = (float)rnd(1401) / 1000.0f - 0.2f;
                if (rnd(5) < 2)
                    bits[(size_t)i * nw + (g0 + j) / 64] |= (uint64_t)1 << ((g0 + j) % 64);
            }
        }
        fr_score_proxy(&pp, idoc, nj, met, g0, rbits, ctx, nj, scratch, all);
        for (size_t j = 0; j < nj; j++) {
            const uint64_t *mj[64];
            for (uint32_t i = 0; i < pp.ni; i++)
                mj[i] = met[i];
            fr_score_proxy(&pp, idoc + j, nj, mj, g0 + j, rbits + j, ctx + j, 1, scratch, one);
            ck_assert_msg(memcmp(one, all + j, sizeof *one) == 0, "posting %zu résumé %zu: %.9g alone, %.9g in a block",
                          p, j, (double)one[0], (double)all[j]);
            fr_score_proxy(&pp, idoc + j, nj, unmet, g0 + j, rbits + j, ctx + j, 1, scratch, more);
            ck_assert(more[0] <= one[0]);
        }
        memset(bits, 0, 64 * nw * sizeof *bits);
    }
    ck_assert_uint_gt(domain, 0);
    free(idoc);
    free(ctx);
    free(scratch);
    free(all);
    free(rbits);
    free(bits);
    free(none);
    fixture_free(&fx);
}
END_TEST

/* fr_score_proxy_one decides what fr_score_proxy assumes: the same products, context and skills
 * give the same key where every fact of the résumé's records is met, and a lower one where the
 * years, the degree or the enrolment fall short or are not shown. */
START_TEST(test_proxy_one_decides_the_records_facts)
{
    fixture fx;
    fixture_build(&fx, 5, 6, 10, 8);
    fr_error err = {0};
    const char *posting = "Data Engineer\n\nRequirements:\n- 5+ years of experience with Python\n"
                          "- Master's degree in Computer Science\n- Currently enrolled in a PhD program\n";
    static const char *const resumes[] = {
        "Jane\n\nExperience\nData Engineer, Acme, 2019-01 - 2022-01\n- Built pipelines in Python\n\n"
        "Education\nB.Sc. Computer Science, TU Berlin, 2014 - 2018\n",
        /* every fact met (test_facts_decide_years_degree_enrolment's second case) */
        "Jane\n\nExperience\nData Engineer, Acme, 2016-01 - 2022-01\n- Built pipelines in Python\n\n"
        "Education\nPhD candidate in Computer Science, TU Berlin, 2023 - present (expected 2027)\n"
        "M.Sc. Computer Science, TU Berlin, 2014 - 2016\n",
        "Jane\n\nExperience\nData Engineer, Acme, 2021-01 - 2022-01\n- Built pipelines in Python\n",
        "Jane\n\nSkills\nPython, SQL\n\nEducation\nM.Sc. Computer Science, TU Berlin, 2014 - 2016\n",
    };
    enum { NR = sizeof resumes / sizeof *resumes };
    fr_docset P, R;
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(fx.m, fx.lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&P, FR_SET_POSTINGS, fx.m, fx.lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&R, FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
    fr_posting *p;
    ck_assert_int_eq(fr_posting_parse("p", posting, strlen(posting), "source", fx.lx, &p, &err), FR_OK);
    ck_assert_int_eq(fr_docset_add_posting(&P, b, p, posting, strlen(posting), &err), FR_OK);
    fr_posting_free(p);
    for (size_t j = 0; j < NR; j++) {
        fr_resume *r;
        ck_assert_int_eq(fr_resume_parse("r", resumes[j], strlen(resumes[j]), "source", fx.lx, (fr_ym){2026, 11}, &r, &err),
                         FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&R, b, r, resumes[j], strlen(resumes[j]), &err), FR_OK);
        fr_resume_free(r);
    }
    fr_scorer *sc;
    ck_assert_int_eq(fr_scorer_new(fx.m, &sc, &err), FR_OK);
    fr_score_params sp = *fr_scorer_params(sc);
    fr_proxy_item items[8];
    fr_proxy_posting pp;
    fr_score_proxy_posting(&sp, &P, 0, items, &pp);
    ck_assert_uint_eq(pp.ni, 3);
    for (uint32_t i = 0; i < pp.ni; i++)
        ck_assert_uint_eq(items[i].cls, 3);
    float idoc[3 * NR], ctx[NR], scratch[3 * NR], keys[NR];
    const uint64_t *rbits[NR], *met[3] = {NULL, NULL, NULL};
    for (size_t j = 0; j < NR; j++) {
        rbits[j] = fr_docset_skill_bits(&R, j);
        ctx[j] = 0.5f;
        for (size_t i = 0; i < 3; i++)
            idoc[i * NR + j] = 0.5f;
    }
    fr_score_proxy(&pp, idoc, NR, met, 0, rbits, ctx, NR, scratch, keys);
    for (size_t j = 0; j < NR; j++) {
        float one = fr_score_proxy_one(sc, &pp, &P, 0, &R, j, NULL, NULL, idoc + j, NR, 0, 0, ctx[j]);
        if (j == 1)
            ck_assert_msg(memcmp(&one, &keys[j], sizeof one) == 0, "every fact met: %.9g decided, %.9g assumed",
                          (double)one, (double)keys[j]);
        else
            ck_assert_msg(one < keys[j], "résumé %zu: %.9g decided, %.9g assumed", j, (double)one, (double)keys[j]);
    }
    fr_scorer_free(sc);
    fr_docset_free(&P);
    fr_docset_free(&R);
    fr_docset_builder_free(b);
    fixture_free(&fx);
}
END_TEST

/* The verdicts read through a word index's line records (fr_scorer_word_index: rank's pruned path)
 * are those read from the chunks and their rows: every pair, every item, the same bits. */
START_TEST(test_verdicts_through_the_word_index)
{
    fixture fx;
    gen_soft = 1;
    fixture_build(&fx, 777, 12, 40, 16);
    gen_soft = 0;
    fr_error err = {0};
    fr_word_index wix;
    ck_assert_int_eq(fr_word_index_build(&fx.R.unit_words, fx.R.unit_start.v, fx.R.n, &wix, &err), FR_OK);
    fr_scorer *plain, *indexed;
    ck_assert_int_eq(fr_scorer_new(fx.m, &plain, &err), FR_OK);
    ck_assert_int_eq(fr_scorer_new(fx.m, &indexed, &err), FR_OK);
    fr_scorer_word_index(indexed, &fx.R, &wix);
    fr_item_eval a[64], b[64];
    size_t decided = 0;
    for (size_t p = 0; p < fx.P.n; p++)
        for (size_t r = 0; r < fx.R.n; r++) {
            fr_pair_eval pa, pb;
            ck_assert_int_eq(fr_score_pair(plain, &fx.P, p, &fx.R, r, NULL, &pa, a, &err), FR_OK);
            ck_assert_int_eq(fr_score_pair(indexed, &fx.P, p, &fx.R, r, NULL, &pb, b, &err), FR_OK);
            ck_assert(memcmp(&pa.score, &pb.score, sizeof pa.score) == 0 && pa.gate == pb.gate);
            uint32_t ni = fx.P.unit_start.v[p + 1] - fx.P.unit_start.v[p];
            for (uint32_t i = 0; i < ni; i++) {
                ck_assert_int_eq(a[i].status, b[i].status);
                ck_assert(memcmp(&a[i].cov, &b[i].cov, sizeof a[i].cov) == 0);
                ck_assert_int_eq(a[i].verdict.chunk, b[i].verdict.chunk);
                decided += a[i].verdict.decided;
            }
        }
    ck_assert_uint_gt(decided, 100);
    fr_scorer_free(plain);
    fr_scorer_free(indexed);
    fr_word_index_free(&wix);
    fixture_free(&fx);
}
END_TEST

/* Verdicts read through a résumé's fr_doc_words (ranking's phase 7) are those read from its words
 * and lines' rows: every pair, every item, evidence wanted or not, the same decision, fact, chunk
 * and years — on generated pairs and on the labelled real ones (résumés of more than 64 lines). */
static void check_doc_words(fixture *fx, const fr_docset *R, size_t *decided, size_t *wide)
{
    fr_error err = {0};
    fr_score_params sp = fr_model_opts(fx->m)->score;
    fr_doc_words dw;
    memset(&dw, 0, sizeof dw);
    for (size_t r = 0; r < R->n; r++) {
        const fr_rfacts *f = fr_docset_rfacts(R, r);
        uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0, w0 = f->word_start;
        uint32_t w1 = r + 1 < R->n ? fr_docset_rfacts(R, r + 1)->word_start : (uint32_t)R->doc_words.n;
        ck_assert_int_eq(fr_doc_words_build(&dw, &R->unit_words, c0, nc, R->doc_words.v + w0, w1 - w0, &err), FR_OK);
        *wide += nc > 64;
        for (size_t p = 0; p < fx->P.n; p++)
            for (uint32_t u = fx->P.unit_start.v[p]; u < fx->P.unit_start.v[p + 1]; u++)
                for (int k = 0; k < 4; k++) {
                    float dense = k & 1 ? 0.55f : 0.1f;
                    fr_verdict_ctx c = {fx->m, &sp, p, k >> 1, 0.35f, 0.4f, 0.2f, 0.3f, dense, -1, -1, NULL, -1, NULL, 0,
                                        NULL};
                    fr_verdict a, b;
                    fr_verdict_decide(&fx->P, u, R, r, &c, &a);
                    c.dw = &dw;
                    fr_verdict_decide(&fx->P, u, R, r, &c, &b);
                    ck_assert_msg(a.decided == b.decided && a.status == b.status && a.rule == b.rule &&
                                      a.chunk == b.chunk && memcmp(&a.fact, &b.fact, sizeof a.fact) == 0 &&
                                      memcmp(&a.have, &b.have, sizeof a.have) == 0,
                                  "posting %zu item %u résumé %zu: rule %d/%d chunk %d/%d", p, u, r, a.rule, b.rule,
                                  a.chunk, b.chunk);
                    *decided += a.decided;
                }
    }
    fr_doc_words_free(&dw);
}

START_TEST(test_verdicts_through_doc_words)
{
    fixture fx;
    gen_soft = 1;
    fixture_build(&fx, 31337, 12, 40, 16);
    gen_soft = 0;
    size_t decided = 0, wide = 0;
    check_doc_words(&fx, &fx.R, &decided, &wide);
    ck_assert_uint_gt(decided, 1000);
    /* résumés of more than 64 lines (rows of several words): long careers of the generator's words */
    fr_error err = {0};
    fr_docset R;
    fr_docset_builder *b;
    ck_assert_int_eq(fr_docset_builder_new(fx.m, fx.lx, &b, &err), FR_OK);
    ck_assert_int_eq(fr_docset_init(&R, FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
    for (int i = 0; i < 3; i++) {
        fr_buf t = {0};
        fr_buf_printf(&t, "Person %d\n\nExperience\n", i);
        for (int e = 0, y = 2024; e < 3; e++, y -= 4) {
            fr_buf_printf(&t, "Software Engineer, Company %d, %d-01 - %d-12\n", e, y - 3, y);
            for (int k = 0; k < 30 + 10 * i; k++)
                fr_buf_printf(&t, "- %s %s %s with %s %s\n", W(), W(), S(), S(), W());
        }
        fr_resume *rr;
        ck_assert_int_eq(fr_resume_parse("r", t.data, t.len, "source", fx.lx, (fr_ym){2026, 11}, &rr, &err), FR_OK);
        ck_assert_int_eq(fr_docset_add_resume(&R, b, rr, t.data, t.len, &err), FR_OK);
        fr_resume_free(rr);
        fr_buf_free(&t);
    }
    check_doc_words(&fx, &R, &decided, &wide);
    ck_assert_uint_eq(wide, 3);
    fr_docset_free(&R);
    fr_docset_builder_free(b);
    fixture_free(&fx);
    ck_assert(fixture_of_tasks(&fx, "tests/fixtures/verdicts/tasks.jsonl"));
    decided = 0;
    check_doc_words(&fx, &fx.R, &decided, &wide);
    fixture_free(&fx);
    ck_assert_uint_gt(decided, 1000);
}
END_TEST

/* fr_verdict_lines_showing finds exactly the résumés with a line holding the share of an item's
 * words (by the brute-force sum over every line), for every item and share; the word index lists
 * every (word, line) once, lines ascending. */
START_TEST(test_lines_showing_is_the_best_line_test)
{
    fixture fx;
    fixture_build(&fx, 4242, 12, 60, 16);
    fr_error err = {0};
    fr_word_index wix;
    ck_assert_int_eq(fr_word_index_build(&fx.R.unit_words, fx.R.unit_start.v, fx.R.n, &wix, &err), FR_OK);
    const fr_csr_rows *IW = &fx.P.unit_words, *CW = &fx.R.unit_words;
    size_t listed = 0;
    for (size_t k = 0; k < wix.nkeys; k++) {
        ck_assert(k == 0 || wix.key[k - 1] < wix.key[k]);
        for (uint32_t x = wix.ptr[k]; x < wix.ptr[k + 1]; x++) {
            ck_assert(x == wix.ptr[k] || wix.unit[x - 1] < wix.unit[x]);
            ck_assert(fr_csr_find(CW, wix.unit[x], wix.key[k], NULL));
            ck_assert_uint_eq(wix.line[wix.unit[x]].doc < fx.R.n, 1);
            ck_assert(fx.R.unit_start.v[wix.line[wix.unit[x]].doc] <= wix.unit[x] &&
                      wix.unit[x] < fx.R.unit_start.v[wix.line[wix.unit[x]].doc + 1]);
            listed++;
        }
    }
    ck_assert_uint_eq(listed, CW->ptr.v[CW->n]);
    /* the common-word masks: the most listed words, each bit exactly its word's lines */
    ck_assert_uint_eq(wix.ncommon, wix.nkeys < FR_WIX_COMMON ? wix.nkeys : FR_WIX_COMMON);
    for (uint32_t c = 0; c < fx.R.n_units; c++) /* each line's signature, the chunk's */
        ck_assert(wix.line[c].sig == fr_docset_chunk(&fx.R, c)->sig);
    for (size_t b = 0; b < wix.ncommon; b++) {
        ck_assert(b == 0 || wix.ckey[b - 1] < wix.ckey[b]);
        ck_assert_int_eq(fr_word_index_common_bit(&wix, wix.ckey[b]), (int)b);
        for (uint32_t c = 0; c < fx.R.n_units; c++)
            ck_assert_int_eq(fr_word_index_has_common(&wix, c, (int)b), fr_csr_find(CW, c, wix.ckey[b], NULL));
    }
    size_t least = SIZE_MAX, most_other = 0, nl;
    for (size_t k = 0; k < wix.nkeys; k++) {
        fr_word_index_units(&wix, wix.key[k], &nl);
        if (fr_word_index_common_bit(&wix, wix.key[k]) >= 0)
            least = nl < least ? nl : least;
        else
            most_other = nl > most_other ? nl : most_other;
    }
    ck_assert_uint_ge(least, most_other);
    /* the test with every word's bit, a third of them (the others looked up in the lines' words)
     * and none: a prefix of the bits is a valid smaller set */
    size_t ncommon = wix.ncommon;
    for (int masks = 2; masks >= 0; masks--) {
        wix.ncommon = masks == 2 ? ncommon : masks == 1 ? ncommon / 3 : 0;
        const double shares[] = {0.05, 0.25, 0.4, 0.75, 1.0};
        size_t base = 7, nw = (base + fx.R.n + 63) / 64, found = 0, n_part_exact[2] = {0, 0};
        uint64_t *bits = calloc(nw, sizeof *bits);
        float *seen = calloc(fx.R.n_units + 1, sizeof *seen);
        uint32_t *seen_list = malloc((fx.R.n_units + 1) * sizeof *seen_list);
        ck_assert(bits && seen && seen_list);
        for (size_t si = 0; si < sizeof shares / sizeof *shares; si++)
            for (size_t u = 0; u < fx.P.n_units; u++) {
                memset(bits, 0, nw * sizeof *bits);
                /* every word walked: exact, and it says so */
                ck_assert_int_eq(
                    fr_verdict_lines_showing(&fx.P, u, &fx.R, &wix, shares[si], ~(uint64_t)0, bits, base, seen, seen_list),
                    1);
                for (size_t x = 0; x < fx.R.n_units; x++) /* its scratch left as it was given */
                    ck_assert(seen[x] == 0);
                /* some words not walked: never a résumé the exact test does not find */
                uint64_t *part = calloc(nw, sizeof *part);
                ck_assert(part);
                int part_exact = fr_verdict_lines_showing(&fx.P, u, &fx.R, &wix, shares[si], 0x5555555555555555ull >> (u % 2),
                                                          part, base, seen, seen_list);
                for (size_t x = 0; x < nw; x++) /* and where it says it missed no line, the same bits */
                    ck_assert((part[x] & ~bits[x]) == 0 && (!part_exact || part[x] == bits[x]));
                n_part_exact[part_exact]++;
                free(part);
                uint32_t e0 = IW->ptr.v[u], n = IW->ptr.v[u + 1] - e0;
                n = n > 64 ? 64 : n;
                double tot = 0;
                for (uint32_t i = 0; i < n; i++)
                    tot += IW->val[e0 + i];
                for (size_t r = 0; r < fx.R.n; r++) {
                    int want = 0;
                    for (uint32_t c = fx.R.unit_start.v[r]; tot > 0 && c < fx.R.unit_start.v[r + 1]; c++) {
                        double h = 0;
                        for (uint32_t i = 0; i < n; i++)
                            if (fr_csr_find(CW, c, IW->col.v[e0 + i], NULL))
                                h += IW->val[e0 + i];
                        want |= h / tot >= shares[si];
                    }
                    int got = (int)(bits[(base + r) / 64] >> ((base + r) % 64) & 1);
                    ck_assert_msg(got == want, "item %zu résumé %zu share %.2f: %d, brute force %d", u, r, shares[si], got, want);
                    found += (size_t)got;
                }
                for (size_t g = 0; g < base; g++) /* nothing outside the résumés' places */
                    ck_assert(!(bits[g / 64] >> (g % 64) & 1));
            }
        ck_assert(found > 0); /* the fixture's lines do show items */
        ck_assert(n_part_exact[0] > 0 && n_part_exact[1] > 0); /* words left out that matter, and not */
        free(bits);
        free(seen);
    free(seen_list);
    }
    fr_word_index_free(&wix);
    fixture_free(&fx);
}
END_TEST

/* R saved as a scratch file `name` under the test directory (as rank spills a batch) and mapped
 * back into *S, checked; the file's path in path. */
static void spill_round_trip(const fixture *fx, const fr_docset *R, const char *name, char path[512], fr_docset *S)
{
    fr_error err = {0};
    snprintf(path, 512, "%s/%s", t_tmpdir(), name);
    fr_tmp_hook hook = {NULL, NULL, 1};
    ck_assert_int_eq(fr_index_save_with(R, path, &hook, &err), FR_OK);
    ck_assert_int_eq(fr_index_map_scratch(path, fx->m, fx->lx, FR_SET_RESUMES, S, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_all(S, &err), FR_OK);
}

/* A spilled batch: saved as scratch (no checksums, no fsync) and mapped back as scratch, it ranks
 * as the set it was; the same file mapped as an ordinary index is refused on use (its checksums
 * are not there), so a scratch file can never pass for an index. */
START_TEST(test_scratch_index_round_trip)
{
    fixture fx;
    fixture_build(&fx, 17, 6, 10, 12);
    fr_error err = {0};
    char path[512];
    fr_docset S, O;
    spill_round_trip(&fx, &fx.R, "scratch.fridx", path, &S);
    fr_rank_opts o;
    fr_rank_opts_default(&o);
    o.k = 4;
    o.exhaustive = 1;
    fr_rank_result a, b;
    ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &a, &err), FR_OK);
    ck_assert_int_eq(fr_rank(&fx.P, &S, fx.m, &o, &b, &err), FR_OK);
    assert_same(&a, &b, "scratch");
    fr_rank_result_free(&a);
    fr_rank_result_free(&b);
    ck_assert_int_eq(fr_index_map(path, fx.m, fx.lx, FR_SET_RESUMES, &O, &err), FR_OK);
    ck_assert_int_eq(fr_docset_check_all(&O, &err), FR_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "checksum"));
    fr_docset_free(&O);
    fr_docset_free(&S);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_dot_canon_is_exact_enough_and_alignment_free)
{
    float buf[300 + 8], a[300];
    rng_state = 99;
    for (int i = 0; i < 300; i++) {
        a[i] = (float)rnd(2001) / 1000.0f - 1.0f;
        buf[i + 3] = (float)rnd(2001) / 1000.0f - 1.0f;
    }
    static const size_t dims[] = {1, 15, 16, 17, 256, 300};
    for (size_t k = 0; k < 6; k++) {
        size_t d = dims[k];
        double ref = 0;
        for (size_t i = 0; i < d; i++)
            ref += (double)a[i] * buf[i + 3];
        float x = fr_dot_canon(a, buf + 3, d);
        ck_assert_double_eq_tol(x, ref, 1e-5);
        float moved[300];
        memcpy(moved, buf + 3, d * sizeof *moved);
        float y = fr_dot_canon(a, moved, d);
        ck_assert_int_eq(memcmp(&x, &y, sizeof x), 0);
    }
}
END_TEST


/* A verdict tested for its bound: fr_verdict_most's fact and unknown hold it. */
static void most_holds_for(const fr_verdict *v, float fact, int unknown, const char *what, size_t p, size_t r, uint32_t i)
{
    if (!v->decided || v->fact < 0)
        ck_assert_msg(unknown, "%s: posting %zu résumé %zu item %u: undecided or unknown where the bound says not", what,
                      p, r, i);
    else
        ck_assert_msg(v->fact <= fact, "%s: posting %zu résumé %zu item %u: fact %g above its bound %g", what, p, r, i,
                      (double)v->fact, (double)fact);
}

/* fr_verdict_most bounds every item's verdict (with `noshow` where the exact lines' test finds no
 * line of the résumé showing it), and fr_score_upper with those bounds bounds every pair's score:
 * what ranking's refinement relies on to set a pair aside unjudged.  *tight counts the bounds
 * below 1 (the test is not vacuous), *shown_tight those that only the lines' test made so. */
static void check_most(fixture *fx, const char *what, size_t *tight, size_t *noshow_tight)
{
    fr_error err = {0};
    fr_word_index wix;
    ck_assert_int_eq(fr_word_index_build(&fx->R.unit_words, fx->R.unit_start.v, fx->R.n, &wix, &err), FR_OK);
    fr_scorer *sc;
    ck_assert_int_eq(fr_scorer_new(fx->m, &sc, &err), FR_OK);
    const fr_score_params *sp = fr_scorer_params(sc);
    size_t nw = (fx->R.n + 63) / 64, ni_max = 1;
    for (size_t p = 0; p < fx->P.n; p++)
        if (fx->P.unit_start.v[p + 1] - fx->P.unit_start.v[p] > ni_max)
            ni_max = fx->P.unit_start.v[p + 1] - fx->P.unit_start.v[p];
    uint64_t *shows = calloc(fx->P.n_units * nw + 1, sizeof *shows);
    unsigned char *exact = calloc(fx->P.n_units + 1, 1);
    float *acc = calloc(fx->R.n_units + 1, sizeof *acc);
    uint32_t *touched = malloc((fx->R.n_units + 1) * sizeof *touched);
    fr_item_eval *items = malloc(ni_max * sizeof *items);
    float *dm = malloc(ni_max * sizeof *dm);
    ck_assert(shows && exact && acc && touched && items && dm);
    for (size_t u = 0; u < fx->P.n_units; u++)
        exact[u] = (unsigned char)fr_verdict_lines_showing(&fx->P, u, &fx->R, &wix, sp->v_domain_met, ~(uint64_t)0,
                                                           shows + u * nw, 0, acc, touched);
    /* a posting's pairs with the bulk parts (a tile's), bounded one by one and all at once */
    size_t nR = fx->R.n;
    float *bd = malloc(ni_max * nR * sizeof *bd), *bl = malloc(ni_max * nR * sizeof *bl);
    float *bm = malloc(ni_max * nR * sizeof *bm), *cl = malloc(nR * sizeof *cl), *cd = malloc(nR * sizeof *cd);
    uint64_t *nsh = malloc(nR * sizeof *nsh);
    fr_pair_eval *one = malloc(nR * sizeof *one), *many = malloc(nR * sizeof *many);
    ck_assert(bd && bl && bm && cl && cd && nsh && one && many);
    for (size_t p = 0; p < fx->P.n; p++) {
        for (size_t r = 0; r < fx->R.n; r++) {
            uint32_t u0 = fx->P.unit_start.v[p], ni = fx->P.unit_start.v[p + 1] - u0;
            fr_pair_eval pe, ub;
            ck_assert_int_eq(fr_score_pair(sc, &fx->P, p, &fx->R, r, NULL, &pe, items, &err), FR_OK);
            uint64_t mask = 0;
            for (uint32_t i = 0; i < ni; i++) {
                int noshow = exact[u0 + i] && !(shows[(u0 + i) * nw + r / 64] >> (r % 64) & 1);
                float f0, fact;
                int k0, unknown;
                fr_verdict_most(&fx->P, u0 + i, &fx->R, r, sp, 0, &f0, &k0);
                fr_verdict_most(&fx->P, u0 + i, &fx->R, r, sp, noshow, &fact, &unknown);
                /* the items whose lines ranking tests are those whose bound reads them */
                float f1;
                int k1;
                fr_verdict_most(&fx->P, u0 + i, &fx->R, r, sp, 1, &f1, &k1);
                ck_assert_msg(fr_verdict_most_reads_lines(&fx->P, u0 + i) == (f1 != f0 || k1 != k0),
                              "%s: posting %zu item %u: fr_verdict_most_reads_lines", what, p, i);
                most_holds_for(&items[i].verdict, f0, k0, what, p, r, i);
                most_holds_for(&items[i].verdict, fact, unknown, what, p, r, i);
                *tight += fact < 1;
                *noshow_tight += fact < f0;
                if (noshow && i < 64)
                    mask |= (uint64_t)1 << i;
                dm[i] = items[i].dense;
            }
            fr_pair_parts parts = {dm, NULL, NULL, 1, 0, NULL, 0, mask, 0};
            ck_assert_int_eq(fr_score_upper(sc, &fx->P, p, &fx->R, r, &parts, &ub, &err), FR_OK);
            ck_assert_msg(fr_rank_key(&ub, FR_GATE_RANK) >= fr_rank_key(&pe, FR_GATE_RANK),
                          "%s: posting %zu résumé %zu: bound %g below the score %g", what, p, r, (double)ub.score,
                          (double)pe.score);
            for (uint32_t i = 0; i < ni; i++) {
                bd[i * nR + r] = items[i].dense;
                bl[i * nR + r] = items[i].lex;
                bm[i * nR + r] = items[i].mass;
            }
            cl[r] = pe.ctx_lex;
            cd[r] = pe.ctx_dense;
            nsh[r] = mask;
            fr_pair_parts bulk = {bd + r, bl + r, bm + r, nR, cl[r], cd + r, 0, mask, 0};
            ck_assert_int_eq(fr_score_upper(sc, &fx->P, p, &fx->R, r, &bulk, &one[r], &err), FR_OK);
            ck_assert(fr_rank_key(&one[r], FR_GATE_RANK) >= fr_rank_key(&pe, FR_GATE_RANK));
        }
        for (size_t r0 = 0; r0 < 2 && r0 < nR; r0++) { /* from the first résumé and from the second */
            fr_pair_parts base = {bd + r0, bl + r0, bm + r0, nR, 0, cd + r0, 0, 0, 0};
            ck_assert_int_eq(fr_score_upper_many(sc, &fx->P, p, &fx->R, r0, nR - r0, &base, cl + r0, nsh + r0, many, &err),
                             FR_OK);
            for (size_t r = r0; r < nR; r++) {
                const fr_pair_eval *a = &one[r], *b = &many[r - r0];
                ck_assert_msg(memcmp(&a->score, &b->score, sizeof a->score) == 0 && a->gate == b->gate &&
                                  a->req_total == b->req_total && a->pref_total == b->pref_total &&
                                  a->req_cov == b->req_cov && a->pref_cov == b->pref_cov && a->ctx == b->ctx &&
                                  a->skills_have == b->skills_have && a->skills_total == b->skills_total,
                              "%s: posting %zu résumé %zu: fr_score_upper_many differs", what, p, r);
            }
        }
    }
    free(bd);
    free(bl);
    free(bm);
    free(cl);
    free(cd);
    free(nsh);
    free(one);
    free(many);
    free(shows);
    free(exact);
    free(acc);
    free(touched);
    free(items);
    free(dm);
    fr_scorer_free(sc);
    fr_word_index_free(&wix);
}

/* The pairs of a verdict fixture's tasks.jsonl ("posting", "resume") as a fixture under the
 * default model; 0 when the file is absent. */
static int fixture_of_tasks(fixture *fx, const char *rel)
{
    fr_buf file = {0};
    if (!t_read(rel, &file))
        return 0;
    fr_error err = {0};
    ck_assert_int_eq(fr_model_default(&fx->m, &err), FR_OK);
    size_t cap = 64;
    int n = 0;
    fr_buf *pt = calloc(cap, sizeof *pt), *rt = calloc(cap, sizeof *rt);
    ck_assert(pt && rt);
    char *line = (char *)file.data, *end = line + file.len;
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
        cJSON *o = cJSON_ParseWithLength(line, len);
        line += len + 1;
        const cJSON *po = cJSON_GetObjectItemCaseSensitive(o, "posting");
        const cJSON *ro = cJSON_GetObjectItemCaseSensitive(o, "resume");
        if (cJSON_IsString(po) && cJSON_IsString(ro)) {
            if ((size_t)n == cap) {
                cap *= 2;
                pt = realloc(pt, cap * sizeof *pt);
                rt = realloc(rt, cap * sizeof *rt);
                ck_assert(pt && rt);
            }
            memset(&pt[n], 0, sizeof pt[n]);
            memset(&rt[n], 0, sizeof rt[n]);
            ck_assert_int_eq(fr_buf_append(&pt[n], po->valuestring, strlen(po->valuestring)), FR_OK);
            ck_assert_int_eq(fr_buf_append(&rt[n], ro->valuestring, strlen(ro->valuestring)), FR_OK);
            n++;
        }
        cJSON_Delete(o);
    }
    fr_buf_free(&file);
    ck_assert_int_gt(n, 0);
    fixture_sets(fx, pt, n, rt, n);
    return 1;
}

START_TEST(test_verdict_bounds_hold)
{
    size_t tight = 0, noshow_tight = 0;
    fixture fx;
    gen_soft = 1;
    fixture_build(&fx, 4711, 16, 40, 16);
    gen_soft = 0;
    check_most(&fx, "generated", &tight, &noshow_tight);
    fixture_free(&fx);
    ck_assert_uint_gt(tight, 0);
    /* real postings and résumés: the labelled verdict pairs we wrote (every posting against every
     * résumé of a set) */
    const char *sets[] = {"tests/fixtures/verdicts/tasks.jsonl", "tests/fixtures/verdicts-dev/tasks.jsonl",
                          "tests/fixtures/verdicts-heldout/tasks.jsonl"};
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        size_t t = 0, nt = 0;
        ck_assert_msg(fixture_of_tasks(&fx, sets[k]), "%s absent", sets[k]);
        check_most(&fx, sets[k], &t, &nt);
        fixture_free(&fx);
        ck_assert_uint_gt(t, 0);
        noshow_tight += nt;
    }
    ck_assert_uint_gt(noshow_tight, 0);
}
END_TEST

/* A résumé set that keeps no chunk vectors (fr_docset.lazy_units: rank's pool) makes each from its
 * row with the bits the set that keeps them has; it ranks as that set — pruned (staged), with the
 * heap filling and not, exhaustive, and spilled as scratch and mapped back; it is saved as a
 * scratch file only and merges with its own kind only. */
START_TEST(test_lazy_chunk_vectors_rank_the_same)
{
    fixture fx, lz;
    fixture_build(&fx, 42, 17, 70, 24);
    gen_lazy = 1;
    fixture_build(&lz, 42, 17, 70, 24);
    gen_lazy = 0;
    fr_error err = {0};
    ck_assert(lz.R.lazy_units && lz.R.unit_vec.len == 0 && !fx.R.lazy_units);
    ck_assert_uint_eq(lz.R.n_units, fx.R.n_units);
    float *buf = malloc(fx.R.n_units * fx.R.dim * sizeof *buf + 1);
    ck_assert_ptr_nonnull(buf);
    for (size_t r = 0; r < fx.R.n; r++) {
        const float *a = fr_docset_chunk_vecs(&fx.R, r, fx.m, NULL), *b = fr_docset_chunk_vecs(&lz.R, r, lz.m, buf);
        ck_assert(a == RV(&fx, r) || NC(&fx, r) == 0);
        ck_assert(NC(&fx, r) == 0 || memcmp(a, b, NC(&fx, r) * fx.R.dim * sizeof *a) == 0);
    }
    free(buf);
    char path[512];
    fr_docset S, T;
    spill_round_trip(&lz, &lz.R, "lazy.fridx", path, &S);
    ck_assert(S.lazy_units);
    for (int mode = 0; mode < 8; mode++) {
        fr_rank_opts o;
        fr_rank_opts_default(&o);
        o.k = mode == 1 || mode == 7 ? 60 : 5; /* 60: no heap fills, every candidate judged whole */
        o.exhaustive = mode == 2 || mode >= 5;
        /* 6, 7: résumé blocks of 16 on 2 threads — the lazy set's tiles by résumé block, each
         * worker its own heaps (engine/rank.c rmajor_unit), the kept vectors' by posting block */
        if (mode >= 6) {
            o.resume_block = 16;
            o.threads = 2;
        }
        o.per_resume = mode == 3;     /* (the pool is the postings: the résumés are the queries) */
        o.prune_small_pools = mode != 4; /* 4: a pool of under 4 shortlists, scored whole */
        o.shortlist_m = mode == 4 ? 100 : 8;
        o.posting_block = mode >= 5 ? 5 : o.posting_block; /* 5: several query blocks */
        fr_rank_result want, got, mapped;
        ck_assert_int_eq(fr_rank(&fx.P, &fx.R, fx.m, &o, &want, &err), FR_OK);
        ck_assert_int_eq(fr_rank(&lz.P, &lz.R, lz.m, &o, &got, &err), FR_OK);
        ck_assert_int_eq(fr_rank(&lz.P, &S, lz.m, &o, &mapped, &err), FR_OK);
        char what[64];
        snprintf(what, sizeof what, "lazy, mode %d", mode);
        assert_same(&want, &got, what);
        assert_same(&want, &mapped, what);
        ck_assert(mode >= 2 || want.pruned);
        ck_assert(mode != 4 || !want.pruned);
        fr_rank_result_free(&want);
        fr_rank_result_free(&got);
        fr_rank_result_free(&mapped);
    }
    fr_docset_free(&S);
    /* never an index file without its vectors; never merged into a set that keeps them */
    snprintf(path, sizeof path, "%s/lazy-index.fridx", t_tmpdir());
    ck_assert_int_eq(fr_index_save(&lz.R, path, &err), FR_EINVAL);
    ck_assert_int_eq(access(path, F_OK), -1);
    ck_assert_int_eq(fr_docset_init(&T, FR_SET_RESUMES, fx.m, fx.lx, &err), FR_OK);
    ck_assert_int_eq(fr_docset_append(&T, &lz.R, &err), FR_EINVAL);
    fr_docset_free(&T);
    fixture_free(&fx);
    fixture_free(&lz);
}
END_TEST

Suite *rank_suite(void)
{
    Suite *s = suite_create("rank");
    TCase *core = tcase_create("core");
    tcase_set_timeout(core, 120);
    tcase_add_loop_test(core, test_score_arithmetic_holds_for_every_pair, 0, 2);
    tcase_add_test(core, test_preferred_orders_equal_required);
    tcase_add_test(core, test_common_requirement_keeps_order);
    tcase_add_test(core, test_tuned_weights_keep_requirements_first);
    tcase_add_test(core, test_posting_without_items_is_no_hub);
    tcase_add_test(core, test_facts_decide_years_degree_enrolment);
    tcase_add_test(core, test_rank_matches_brute_force);
    tcase_add_test(core, test_rank_is_deterministic_across_threads);
    tcase_add_test(core, test_rekeyed_lists_do_not_depend_on_threads_or_parts);
    tcase_add_test(core, test_append_take_gives_the_appended_set);
    tcase_add_test(core, test_sets_without_projection_have_their_arrays);
    tcase_add_test(core, test_exhaustive_bulk_paths_are_the_brute_force);
    tcase_add_test(core, test_index_round_trip_and_refusals);
    tcase_add_test(core, test_dot_canon_is_exact_enough_and_alignment_free);
    tcase_add_test(core, test_docset_clear_keeps_memory_and_gives_the_same_set);
    tcase_add_test(core, test_dense_prods_are_the_products);
    tcase_add_test(core, test_dense_gemm_nt_is_the_products);
    tcase_add_test(core, test_dense_bound_prod_is_the_scalar_sequence);
    tcase_add_test(core, test_dense_max_bound_holds_and_is_tight);
    tcase_add_test(core, test_dense_max_canon_is_fr_dense_max);
    tcase_add_test(core, test_bf16_prods_within_their_margin);
    tcase_add_test(core, test_dense_max_prod_is_fr_dense_max);
    tcase_add_test(core, test_scratch_index_round_trip);
    tcase_add_test(core, test_lines_showing_is_the_best_line_test);
    tcase_add_test(core, test_verdicts_through_the_word_index);
    tcase_add_test(core, test_proxy_keys_do_not_depend_on_the_block);
    tcase_add_test(core, test_proxy_one_decides_the_records_facts);
    tcase_add_test(core, test_verdicts_through_doc_words);
    tcase_add_test(core, test_cut_path_is_the_canonical_path);
    tcase_add_test(core, test_word_index_is_the_sorted_pairs);
    tcase_add_test(core, test_verdict_bounds_hold);
    tcase_add_test(core, test_lazy_chunk_vectors_rank_the_same);
    suite_add_tcase(s, core);
    return s;
}
