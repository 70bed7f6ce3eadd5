/* engine/verdict.c — one decision per requirement kind, with the chunk that decided it.
 *
 * Each rule reads what a careful recruiter reads for that kind (GUIDE.md): the education entries
 * for a degree, the dates of relevant jobs for years, the languages line and the language of the
 * résumé itself for a language, claims and demonstrations for soft skills, statements for
 * logistics.  Absence is "missing" only where a reader concludes it: a degree when the education
 * shown is lower or unrelated, enrolment when the candidate graduated and works, years when the
 * dated career has none of the domain, a language when the résumé lists its languages without
 * it, a credential when a certifications section or a detailed résumé lacks it.  Everything
 * else absent is unknown. */
#include "engine/verdict.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kinds.h"
#include "engine/score.h"
#include "util/bits.h"
#include "util/prefetch.h"


const char *fr_rule_name(fr_rule r)
{
    static const char *const names[] = {
        "evidence", "education", "education: no field stated", "education: adjacent field",
        "education: unrelated field", "education: one level below", "education: lower level",
        "education: equivalent experience", "education: credential instead", "education: none shown",
        "enrolment", "enrolment: other field or level", "enrolment: graduated", "enrolment: none shown",
        "years", "years: no relevant experience", "years: no dated experience", "language",
        "language: not shown", "certification", "certification: the skill only", "certification: absent",
        "certification: not shown", "soft skill: claimed", "soft skill: partly", "soft skill: not shown",
        "logistics: stated", "logistics: not stated", "logistics: refused", "skill: named", "skill: a kind of it",
        "skill: some", "skill: a substitute", "skill: its domain in words", "skill: absent", "skill: not shown",
        "domain: shown", "domain: partly", "domain: absent", "domain: not shown"};
    return (unsigned)r < FR_RULE_COUNT ? names[r] : "?";
}

static int popcount64(uint64_t x) { return (int)fr_popcount1(x); }

static void set(fr_verdict *v, int status, int rule, int by, int32_t chunk, float fact)
{
    v->decided = 1;
    v->status = (uint8_t)status;
    v->rule = (uint8_t)rule;
    v->by = (uint8_t)by;
    v->chunk = chunk;
    v->fact = fact;
}

/* ------------------------------------------------------------ years */

static double skill_years(const fr_docset *R, size_t r, uint32_t sk);

/* Item u's content words (its first 64: an item is a line) that résumé r names at all — the only
 * ones a job's chunks can hold — in item order: keys pw, weights pv, signature bits tb (any: their
 * OR), common-word bits cb of the résumé's line records (wix; -1 none); returns how many, *tot
 * the weight of all of them (named or not). */
typedef struct {
    uint32_t np;
    double tot;
    uint64_t any;
    uint32_t pw[64];
    float pv[64];
    uint64_t tb[64];
    int cb[64];
    const uint64_t *row[64]; /* with a fr_doc_words: each word's lines */
    const fr_doc_words *dw;
} item_named;

static void named_words(const fr_docset *P, uint32_t u, const fr_docset *R, size_t r, const fr_word_index *wix,
                        const fr_doc_words *dw, item_named *nw)
{
    const fr_csr_rows *IW = &P->unit_words;
    uint32_t e0 = IW->ptr.v[u], n = IW->ptr.v[u + 1] - e0;
    if (n > 64)
        n = 64;
    nw->np = 0;
    nw->tot = 0;
    nw->any = 0;
    nw->dw = dw;
    for (uint32_t i = 0; i < n; i++) {
        nw->tot += IW->val[e0 + i];
        uint32_t k = IW->col.v[e0 + i];
        const uint64_t *row = dw ? fr_doc_words_find(dw, k) : NULL;
        if (dw ? !row : !fr_docset_has_word(R, r, k))
            continue;
        nw->row[nw->np] = row;
        nw->pw[nw->np] = k;
        nw->pv[nw->np] = IW->val[e0 + i];
        nw->tb[nw->np] = fr_word_sig_bit(k);
        nw->cb[nw->np] = wix ? fr_word_index_common_bit(wix, k) : -1;
        nw->any |= nw->tb[nw->np++];
    }
}

/* How much of item u's domain a job's chunks name: the share of the item's content words (by
 * IDF; experience words do not count, inflections meet: engine/kinds.h) present in them.  Words,
 * not meaning: the dense similarity of unrelated short texts is too often above any threshold to
 * tell a retail key holder from an attorney (measured before, issue 5), while the rare words of
 * an item — "attorney", "residuals", "Altenpflege" — are what a reader looks for in a job.  Only
 * the words the résumé names are looked for (nw), a common one as its bit in the line's record
 * (wix) — the sum is over the same words in the same order: the same bits as looking for all. */
static double job_share(const item_named *nw, const fr_docset *R, uint32_t c0, const fr_rrec *job,
                        const fr_word_index *wix)
{
    const fr_csr_rows *CW = &R->unit_words;
    uint64_t found = 0;
    double have = 0;
    if (nw->dw && job->chunk >= 0) {
        /* each word's first line within the job from its row, the sum taken in the order the
         * walk below finds them (by line, then by word): the same bits */
        uint32_t a = (uint32_t)job->chunk, b = a + (uint32_t)job->n_chunks, first[64], ord[64], nf = 0;
        if (b > nw->dw->nu)
            b = nw->dw->nu;
        for (uint32_t i = 0; i < nw->np; i++) {
            const uint64_t *row = nw->row[i];
            for (uint32_t x = a / 64; x < (b + 63) / 64; x++) {
                uint64_t bits = row[x];
                if (x == a / 64)
                    bits &= ~(uint64_t)0 << (a % 64);
                if (!bits)
                    continue;
                uint32_t k = x * 64 + (uint32_t)__builtin_ctzll(bits);
                if (k < b) {
                    uint32_t at = nf++;
                    for (; at > 0 && first[at - 1] > k; at--) { /* by line; equal lines keep word order */
                        first[at] = first[at - 1];
                        ord[at] = ord[at - 1];
                    }
                    first[at] = k;
                    ord[at] = i;
                }
                break;
            }
        }
        for (uint32_t f = 0; f < nf; f++)
            have += nw->pv[ord[f]];
        return nw->tot > 0 ? have / nw->tot : 0;
    }
    for (int32_t k = job->chunk; nw->np && k >= 0 && k < job->chunk + job->n_chunks; k++) {
        uint32_t c = c0 + (uint32_t)k;
        const fr_wix_line *ln = wix ? &wix->line[c] : NULL;
        uint64_t sig = ln ? ln->sig : fr_docset_chunk(R, c)->sig;
        if (!(sig & nw->any))
            continue;
        for (uint32_t i = 0; i < nw->np; i++)
            if (!(found >> i & 1) && (sig & nw->tb[i]) &&
                (nw->cb[i] >= 0 ? (int)(ln->common[nw->cb[i] / 64] >> (nw->cb[i] % 64) & 1)
                                : fr_csr_find(CW, c, nw->pw[i], NULL))) {
                have += nw->pv[i];
                found |= (uint64_t)1 << i;
            }
    }
    return nw->tot > 0 ? have / nw->tot : 0;
}

/* Dated experience relevant to item u, in one pass over the jobs: the months of jobs whose share
 * of the item's words is at least verdict.rel_job (*strong) and at least verdict.rel_weak
 * (*weak) — every job for both when `all` — counted on bitmaps of months from the earliest
 * start: no allocation in the scoring path, and 128 years is more than any career.
 * *best_chunk: the chunk of the most relevant job naming most of the item; *best_rel its share. */
#define SPAN_MONTHS 1536
static void relevant_years(const fr_verdict_ctx *c, const fr_docset *P, uint32_t u, const fr_docset *R, size_t r,
                           int all, double *strong, double *weak, int32_t *best_chunk, float *best_rel, int *n_jobs)
{
    size_t nr;
    const fr_rrec *rec = fr_docset_recs(R, r, &nr);
    uint32_t c0 = R->unit_start.v[r];
    uint64_t ms[SPAN_MONTHS / 64] = {0}, mw[SPAN_MONTHS / 64] = {0};
    int32_t base = INT32_MAX;
    double best = -1;
    *best_chunk = -1;
    *n_jobs = 0;
    for (size_t i = 0; i < nr; i++)
        if (rec[i].type == FR_REC_JOB && rec[i].start < base)
            base = rec[i].start;
    item_named iw;
    iw.np = 0;
    iw.tot = 0;
    iw.any = 0;
    iw.dw = NULL;
    if (base != INT32_MAX) /* a job to read */
        named_words(P, u, R, r, c->wix, c->dw, &iw);
    for (size_t i = 0; i < nr; i++) {
        if (rec[i].type != FR_REC_JOB)
            continue;
        (*n_jobs)++;
        double x = job_share(&iw, R, c0, &rec[i], c->wix);
        /* "(call center, retail or hospitality)": the words of one alternative are enough */
        double alt = fr_docset_item(P, u)->alt & FR_ITEM_ALTERNATIVES ? 0.5 : 1.0;
        int s = all || x >= alt * c->sp->v_rel_job, w = all || x >= alt * c->sp->v_rel_weak;
        /* months [start, end] from the earliest start, within the span */
        int64_t k0 = (int64_t)rec[i].start - base, k1 = (int64_t)rec[i].end - base + 1;
        k1 = k1 < SPAN_MONTHS ? k1 : SPAN_MONTHS;
        if (k0 < k1 && s)
            fr_bits_set_range(ms, (size_t)k0, (size_t)k1);
        if (k0 < k1 && w)
            fr_bits_set_range(mw, (size_t)k0, (size_t)k1);
        if (x > best) { /* the most relevant job, shown by its header (title and dates): what a
                           reader quotes to prove years — the title's line when the dates stand
                           on a line of their own ("03/2015 to Current") */
            best = x;
            *best_chunk = rec[i].chunk;
            const fr_csr_rows *CW = &R->unit_words;
            uint32_t hc = c0 + (uint32_t)rec[i].chunk;
            if (rec[i].chunk >= 0 && rec[i].n_chunks > 1 && CW->ptr.v[hc + 1] - CW->ptr.v[hc] < 2)
                *best_chunk = rec[i].chunk + 1;
        }
    }
    *best_rel = (float)best;
    int ns = 0, nw = 0;
    for (size_t k = 0; k < SPAN_MONTHS / 64; k++) {
        ns += popcount64(ms[k]);
        nw += popcount64(mw[k]);
    }
    *strong = ns / 12.0;
    *weak = nw / 12.0;
}

static void decide_years(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                         fr_verdict *v)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const fr_rfacts *f = fr_docset_rfacts(R, r);
    const fr_score_params *sp = c->sp;
    int32_t ch;
    int nj;
    float sim;
    double strong, weak;
    if ((it->alt & FR_ITEM_GENERIC) && c->ctx_dense >= sp->v_rel_career) {
        /* "6 years of relevant work experience": the posting says what is relevant — the whole
         * career when the résumé is close to the posting */
        relevant_years(c, P, (uint32_t)u, R, r, 1, &strong, &weak, &ch, &sim, &nj);
    } else if (it->alt & FR_ITEM_GENERIC) {
        relevant_years(c, P, (uint32_t)u, R, r, 1, &strong, &weak, &ch, &sim, &nj);
        strong = 0; /* a career away from the posting: related at most */
    } else if (P->unit_words.ptr.v[u] == P->unit_words.ptr.v[u + 1]) {
        /* no content word (only "years of experience" and function words): nothing to read jobs by */
        set(v, FR_ITEM_UNKNOWN, FR_RULE_YEARS_SILENT, FR_BY_YEARS, -1, -1);
        return;
    } else
        relevant_years(c, P, (uint32_t)u, R, r, 0, &strong, &weak, &ch, &sim, &nj);
    if (!f->has_dated || nj == 0) {
        set(v, FR_ITEM_UNKNOWN, FR_RULE_YEARS_SILENT, FR_BY_YEARS, -1, -1);
        return;
    }
    double need = it->min_years > 0 ? it->min_years : 0.5;
    /* Skills the item names decide first: the years the dated entries that mention them give
     * (all-of: the least of them, any-of: the most) — "5 years of Python" is read in the jobs
     * that name Python.  Skills no dated entry mentions leave the decision to the jobs' meaning. */
    size_t ns, nh = 0;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    double have = it->any_of ? 0 : INFINITY;
    int dated = 0;
    for (size_t i = 0; i < ns; i++) {
        /* soft skills and languages are no domain: "3 years of marketing or communications" is
         * about marketing */
        if (i < 8 && (it->soft_mask >> i & 1))
            continue;
        nh++;
        double y = skill_years(R, r, sk[i]);
        if (y <= 0)
            continue;
        dated++;
        have = it->any_of ? (y > have ? y : have) : (y < have ? y : have);
    }
    if (dated && (it->any_of || dated == (int)nh)) {
        /* met only when the jobs also show the rest of the item ("sales ... at a high-tech
         * company"): the skill alone makes it partial */
        v->have = (float)have;
        int whole = sim >= sp->v_rel_weak;
        set(v, have >= need && whole ? FR_ITEM_MET : FR_ITEM_PARTIAL, FR_RULE_YEARS, FR_BY_YEARS, ch,
            (float)(have >= need ? (whole ? 1 : 0.75) : have / need));
        return;
    }
    v->have = (float)strong;
    if (strong >= need) {
        set(v, FR_ITEM_MET, FR_RULE_YEARS, FR_BY_YEARS, ch, 1);
        return;
    }
    if (weak > 0 || strong > 0) {
        v->have = (float)(strong > 0 ? strong : weak);
        double ratio = (strong > 0 ? strong : 0.5 * weak) / need;
        set(v, FR_ITEM_PARTIAL, FR_RULE_YEARS, FR_BY_YEARS, ch, (float)(ratio < 1 ? ratio : 0.99));
        return;
    }
    v->have = 0;
    /* no job names the domain; absence needs the meaning to agree: a résumé whose closest chunk
     * is near the item in meaning says it in other words (synonyms, compounds) — related.
     * (Requiring a shared word too, as soft skills do, made the held-out sets' false-missing
     * rate 0.023 -> 0.034: measured, not adopted) */
    if (c->dense >= sp->v_absent_dense) {
        set(v, FR_ITEM_PARTIAL, FR_RULE_YEARS, FR_BY_YEARS, c->dense_chunk >= 0 ? c->dense_chunk : ch, 0.25f);
        return;
    }
    set(v, FR_ITEM_MISSING, FR_RULE_YEARS_NONE, FR_BY_YEARS, ch, 0);
}

/* Years r's dated experience gives skill `sk`, 0 when none. */
static double skill_years(const fr_docset *R, size_t r, uint32_t sk)
{
    uint32_t a = fr_docset_rfacts(R, r)->sy_start;
    uint32_t b = r + 1 < R->n ? fr_docset_rfacts(R, r + 1)->sy_start : (uint32_t)R->sy_skill.n;
    const float *y = (const float *)(const void *)R->sy_years.data;
    for (uint32_t i = a; i < b; i++)
        if (R->sy_skill.v[i] == sk)
            return y[i];
    return 0;
}

/* -------------------------------------------------------- education */

static void decide_education(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                             fr_verdict *v)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const fr_rfacts *f = fr_docset_rfacts(R, r);
    size_t nr;
    const fr_rrec *rec = fr_docset_recs(R, r, &nr);
    int need = fr_degree_rank((fr_degree)it->degree);
    if ((it->alt & FR_ALT_QUALIFICATION) && need >= 2)
        need = 1; /* "or a comparable qualification": a vocational one counts */
    uint32_t asked = it->fields, adj = asked ? fr_fields_adjacent(asked) : 0;
    /* the best entry: level first, then field */
    int best_score = -1;
    const fr_rrec *best = NULL;
    for (size_t i = 0; i < nr; i++) {
        if (rec[i].type != FR_REC_EDU || rec[i].level == FR_DEG_NONE)
            continue;
        int have = fr_degree_rank((fr_degree)rec[i].level);
        /* one level below is partial where a reader says so: an associate or vocational degree for
         * a bachelor; a bachelor for a master is missing (readers: "only a BS shown").  A degree in
         * progress is not yet held: partial at best */
        int lvl = have >= need ? 3 : have == need - 1 && have == 1 ? 2 : 1;
        if (rec[i].flag && lvl == 3)
            lvl = 2;
        int fld = !asked || (rec[i].fields & asked) ? 3 : !rec[i].fields ? 2 : (rec[i].fields & adj) ? 1 : 0;
        int sc = lvl * 4 + fld;
        /* of entries that serve equally, one in a field the item names by name (a reader shows the
         * B.S. in Software Engineering for "Computer Science or a related technical field", not
         * the one in Mechanical Engineering), then the lowest level (the bachelor for a bachelor
         * asked, not the master above it) */
        int named = (rec[i].fields & it->fields_named) != 0, bnamed = best && (best->fields & it->fields_named) != 0;
        if (sc > best_score ||
            (sc == best_score && best && (named > bnamed || (named == bnamed && have < fr_degree_rank((fr_degree)best->level))))) {
            best_score = sc;
            best = &rec[i];
        }
    }
    /* the alternative of relevant experience */
    /* with no field asked, any career of those years; with one, a career close to the posting */
    int by_exp = (it->alt & FR_ALT_EXPERIENCE) && f->total_years >= c->sp->v_alt_years &&
                 (!asked || c->ctx_dense >= c->sp->v_rel_career);
    if (!best) {
        if (by_exp)
            set(v, FR_ITEM_MET, FR_RULE_EDU_BY_EXPERIENCE, FR_BY_DEGREE, -1, 1);
        else
            set(v, FR_ITEM_UNKNOWN, FR_RULE_EDU_SILENT, FR_BY_DEGREE, -1, -1);
        v->have = f->total_years;
        return;
    }
    v->level = best->level;
    v->fields = best->fields;
    int lvl = best_score / 4, fld = best_score % 4;
    int st, rule;
    float fact;
    if (lvl == 3 && fld == 3)
        st = FR_ITEM_MET, rule = FR_RULE_EDU_MET, fact = 1;
    else if (lvl == 3 && fld == 2)
        st = FR_ITEM_PARTIAL, rule = FR_RULE_EDU_FIELD_OPEN, fact = 0.75f;
    else if (lvl == 3 && fld == 1)
        st = FR_ITEM_PARTIAL, rule = FR_RULE_EDU_ADJACENT, fact = 0.5f;
    else if (lvl == 3)
        st = FR_ITEM_MISSING, rule = FR_RULE_EDU_UNRELATED, fact = 0;
    else if (lvl == 2 && fld >= 1)
        st = FR_ITEM_PARTIAL, rule = FR_RULE_EDU_BELOW, fact = 0.5f;
    else
        st = FR_ITEM_MISSING, rule = FR_RULE_EDU_LOWER, fact = 0;
    if (st != FR_ITEM_MET && by_exp) {
        set(v, FR_ITEM_MET, FR_RULE_EDU_BY_EXPERIENCE, FR_BY_DEGREE, best->chunk, 1);
        v->have = f->total_years;
        return;
    }
    if (st == FR_ITEM_MISSING && lvl == 3 && (it->alt & FR_ALT_EXPERIENCE) && f->total_years >= c->sp->v_alt_years) {
        /* a degree of the level in another field, and years of work the item would accept in a
         * field away from the posting: part of it */
        set(v, FR_ITEM_PARTIAL, FR_RULE_EDU_UNRELATED, FR_BY_DEGREE, best->chunk, 0.5f);
        return;
    }
    set(v, st, rule, FR_BY_DEGREE, best->chunk, fact);
}

static void decide_enrolment(const fr_docset *P, size_t u, const fr_docset *R, size_t r, fr_verdict *v)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const fr_rfacts *f = fr_docset_rfacts(R, r);
    size_t nr;
    const fr_rrec *rec = fr_docset_recs(R, r, &nr);
    const fr_rrec *cur = NULL, *last = NULL;
    for (size_t i = 0; i < nr; i++) {
        if (rec[i].type != FR_REC_EDU)
            continue;
        if (rec[i].flag && (!cur || (it->fields && (rec[i].fields & it->fields) && !(cur->fields & it->fields))))
            cur = &rec[i];
        if (!rec[i].flag && (!last || rec[i].end > last->end))
            last = &rec[i];
    }
    if (cur) {
        v->level = cur->level;
        v->fields = cur->fields;
        int field_ok = !it->fields || !cur->fields || (cur->fields & it->fields);
        int level_ok = it->degree == FR_DEG_NONE || it->degree == FR_DEG_ANY || cur->level == FR_DEG_NONE ||
                       fr_degree_rank((fr_degree)cur->level) >= fr_degree_rank((fr_degree)it->degree);
        if (field_ok && level_ok)
            set(v, FR_ITEM_MET, FR_RULE_ENROL_MET, FR_BY_ENROLMENT, cur->chunk, 1);
        else
            set(v, field_ok || (cur->fields & fr_fields_adjacent(it->fields)) ? FR_ITEM_PARTIAL : FR_ITEM_MISSING,
                FR_RULE_ENROL_FIELD, FR_BY_ENROLMENT, cur->chunk, 0.5f);
        return;
    }
    if (f->has_education || f->has_dated) {
        /* graduated (or, with no education shown, working): not enrolled */
        if (last || f->has_dated) {
            if (last) {
                v->level = last->level;
                v->fields = last->fields;
            }
            set(v, FR_ITEM_MISSING, FR_RULE_ENROL_GRADUATED, FR_BY_ENROLMENT, last ? last->chunk : -1, 0);
            return;
        }
    }
    set(v, FR_ITEM_UNKNOWN, FR_RULE_ENROL_SILENT, FR_BY_ENROLMENT, -1, -1);
}

/* --------------------------------------------------------- language */

/* Language `have` (a record's) answers `asked` ("another language": one besides English and the
 * language the résumé is written in). */
static int lang_matches(int asked, int have, int text_lang)
{
    if (asked == FR_LANG_ANY_OTHER)
        return have != text_lang && have != 1;
    if (asked == FR_LANG_OTHER_EUROPEAN)
        return have != text_lang && have != 1 && fr_lang_european(have);
    return have == asked;
}

static void decide_language(const fr_docset *P, size_t u, const fr_docset *R, size_t r, fr_verdict *v)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const fr_rfacts *f = fr_docset_rfacts(R, r);
    size_t nr;
    const fr_rrec *rec = fr_docset_recs(R, r, &nr);
    /* no level named ("Spanish language skills", "Englischkenntnisse"): any stated level meets it */
    int need = it->lang_level ? it->lang_level : 1;
    if (need > 4)
        need = 4; /* "perfect", "native-like": a fluent speaker meets it as a reader would */
    int n_met = 0, n_part = 0, n_none = 0;
    int32_t chunk = -1, first_prose = -1;
    int worst_have = 9;
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    for (uint32_t k = 0; k < nc && first_prose < 0; k++)
        if (fr_docset_chunk(R, c0 + k)->section == FR_RS_SUMMARY)
            first_prose = (int32_t)k;
    if (first_prose < 0 && nc)
        first_prose = 0;
    for (size_t k = 0; k < it->n_langs; k++) {
        int L = it->langs[k], have = 0, explicit = 0;
        int32_t ch = -1;
        /* a level stated anywhere ("Spanish (basic)") is what a reader takes, over a bare mention
         * of the language in a list of skills */
        for (size_t i = 0; i < nr; i++)
            if (rec[i].type == FR_REC_LANG && rec[i].level && lang_matches(L, rec[i].flag, f->text_lang))
                explicit = 1;
        for (size_t i = 0; i < nr; i++) {
            if (rec[i].type != FR_REC_LANG || (explicit && !rec[i].level))
                continue;
            int match = lang_matches(L, rec[i].flag, f->text_lang);
            int lv = rec[i].level ? rec[i].level : 4; /* stated without a level: stated */
            if (match && lv > have) {
                have = lv;
                ch = rec[i].chunk;
            }
        }
        if (L == f->text_lang && have < 4) {
            have = 4; /* written fluently in it: shown by the résumé's opening prose, its summary */
            if (ch < 0)
                ch = first_prose;
        }
        if (have >= need)
            n_met++;
        else if (have > 0)
            n_part++;
        else
            n_none++;
        if (ch >= 0 && (chunk < 0 || have < need))
            chunk = ch;
        if (have < worst_have) {
            worst_have = have;
            v->lang = (uint8_t)L;
        }
    }
    v->have = (float)(worst_have == 9 ? 0 : worst_have);
    int n = it->n_langs;
    if (it->any_of && n_met)
        set(v, FR_ITEM_MET, FR_RULE_LANG, 0, chunk, 1);
    else if (n_met == n)
        set(v, FR_ITEM_MET, FR_RULE_LANG, 0, chunk, 1);
    else if (n_met + n_part > 0)
        set(v, FR_ITEM_PARTIAL, FR_RULE_LANG, 0, chunk, (float)(n_met + 0.5 * n_part) / (float)n);
    else if (f->has_languages)
        set(v, FR_ITEM_MISSING, FR_RULE_LANG, 0, chunk, 0);
    else
        set(v, FR_ITEM_UNKNOWN, FR_RULE_LANG_SILENT, 0, -1, -1);
}

/* ---------------------------------------------------- certification */

static int has_bit(const uint64_t *bits, uint32_t sk) { return (int)((bits[sk / 64] >> (sk % 64)) & 1u); }

size_t fr_verdict_credential_keys(uint32_t out[FR_CRED_KEYS])
{
    static const char *const w[] = {"certification", "certificate", "certified", "certifications", "zertifizierung",
                                    "zertifikat", "zertifiziert", "license", "licence", "licensed", "lizenz",
                                    "valid", "current", "gültig", "gültige", "aktuell", "aktuelle", "active",
                                    "unrestricted", "holder", "nachweis", NULL};
    size_t n = 0;
    for (const char *const *p = w; *p && n < FR_CRED_KEYS; p++)
        out[n++] = fr_word_key(*p, strlen(*p));
    return n;
}

static int in_keys(const uint32_t *k, size_t n, uint32_t key)
{
    for (size_t i = 0; i < n; i++)
        if (k[i] == key)
            return 1;
    return 0;
}

static void decide_cert(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                        fr_verdict *v)
{
    const fr_rfacts *f = fr_docset_rfacts(R, r);
    const fr_unit_item *it = fr_docset_item(P, u);
    size_t ns;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    const uint64_t *bits = fr_docset_skill_bits(R, r);
    size_t hit = 0;
    for (size_t i = 0; i < ns; i++)
        hit += (size_t)has_bit(bits, sk[i]);
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    int detailed = f->has_certs || nc >= c->sp->v_detailed;
    /* the item's own words (not "certification", "valid") against each line that states a
     * credential: a line of a certifications section, or one saying certified / licence /
     * Zertifikat.  "PMP, PRINCE2 or IPMA": any one alternative is enough */
    const fr_csr_rows *IW = &P->unit_words, *CW = &R->unit_words;
    uint32_t e0 = IW->ptr.v[u], e1 = IW->ptr.v[u + 1];
    double tot = 0, best = 0;
    int32_t arg = -1;
    uint32_t own[FR_CRED_KEYS];
    const uint32_t *ckeys = c->cred_keys;
    size_t nck = c->n_cred_keys;
    if (!ckeys) { /* (hashing the words was a tenth of judging a pair's items: the caller's, made once) */
        nck = fr_verdict_credential_keys(own);
        ckeys = own;
    }
    for (uint32_t e = e0; e < e1; e++)
        if (!in_keys(ckeys, nck, IW->col.v[e]))
            tot += IW->val[e];
    for (uint32_t k = 0; tot > 0 && k < nc; k++) {
        const fr_unit_chunk *ck = fr_docset_chunk(R, c0 + k);
        if (ck->section != FR_RS_CERTIFICATIONS && !(ck->cues & FR_CUE_CERTIFIED))
            continue;
        double have = 0;
        for (uint32_t e = e0; e < e1; e++)
            if (!in_keys(ckeys, nck, IW->col.v[e]) && (ck->sig & fr_word_sig_bit(IW->col.v[e])) &&
                fr_csr_find(CW, c0 + k, IW->col.v[e], NULL))
                have += IW->val[e];
        if (have / tot > best) {
            best = have / tot;
            arg = (int32_t)k;
        }
    }
    double need = it->any_of || (it->alt & FR_ITEM_ALTERNATIVES) ? 0.25 : 0.5;
    if (best >= need)
        set(v, FR_ITEM_MET, FR_RULE_CERT_HELD, 0, arg, 1);
    else if (best >= 0.2 || hit || c->mass >= 0.5f)
        set(v, FR_ITEM_PARTIAL, FR_RULE_CERT_RELATED, 0, best > 0 ? arg : c->lex_chunk, 0.5f);
    else if (detailed)
        set(v, FR_ITEM_MISSING, FR_RULE_CERT_ABSENT, 0, -1, 0);
    else
        set(v, FR_ITEM_UNKNOWN, FR_RULE_CERT_SILENT, 0, -1, -1);
}

/* ------------------------------------------------- soft, logistics */

/* Cosine of two rows of TF-IDF rows (both L2-normalised; columns ascend). */
static double row_cosine(const fr_csr_rows *A, uint32_t a, const fr_csr_rows *B, uint32_t b)
{
    uint32_t i = A->ptr.v[a], ie = A->ptr.v[a + 1], j = B->ptr.v[b], je = B->ptr.v[b + 1];
    double s = 0;
    while (i < ie && j < je) {
        if (A->col.v[i] < B->col.v[j])
            i++;
        else if (A->col.v[i] > B->col.v[j])
            j++;
        else
            s += (double)A->val[i++] * B->val[j++];
    }
    return s;
}

/* Does a chunk of another section than `skip` contain one of item u's content words?  Read from
 * the word keys, never from which chunk scored best: a verdict must not depend on the path that
 * computed the evidence (the bulk paths of engine/rank.c know the best values, not their chunks),
 * or a ranking would depend on --batch. */
static int words_outside(const fr_docset *P, uint32_t u, const fr_docset *R, uint32_t c0, uint32_t nc, int skip)
{
    const fr_csr_rows *IW = &P->unit_words, *CW = &R->unit_words;
    uint32_t e0 = IW->ptr.v[u], e1 = IW->ptr.v[u + 1];
    uint64_t any = 0;
    for (uint32_t e = e0; e < e1; e++)
        any |= fr_word_sig_bit(IW->col.v[e]);
    for (uint32_t k = 0; k < nc; k++) {
        const fr_unit_chunk *ck = fr_docset_chunk(R, c0 + k);
        if (ck->section == skip || !(ck->sig & any))
            continue;
        for (uint32_t e = e0; e < e1; e++)
            if ((ck->sig & fr_word_sig_bit(IW->col.v[e])) && fr_csr_find(CW, c0 + k, IW->col.v[e], NULL))
                return 1;
    }
    return 0;
}

static void decide_cues(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                        fr_verdict *v, int soft)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    uint64_t asked = it->cues & (soft ? FR_CUE_SOFT_MASK : FR_CUE_LOGI_MASK);
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    uint64_t have = 0;
    double best = 0;
    int32_t arg = -1;
    /* the chunk to show: the one that claims most of the qualities asked, and among those the one
     * sharing most of the item's words ("Excellent written and verbal communication skills", not
     * a job bullet that mentions communicating) */
    int refused = 0;
    for (uint32_t k = 0; k < nc; k++) {
        uint64_t x = fr_docset_chunk(R, c0 + k)->cues & asked;
        have |= x;
        refused |= (fr_docset_chunk(R, c0 + k)->refused & asked) != 0;
        if (!x || !c->evidence_wanted)
            continue; /* scoring many pairs needs the status only, not the chunk to show */
        double sc = popcount64(x) + row_cosine(&P->unit_rows, (uint32_t)u, &R->unit_rows, c0 + k);
        if (sc > best) {
            best = sc;
            arg = (int32_t)k;
        }
    }
    int nh = popcount64(have);
    v->have = (float)nh; /* qualities claimed of the popcount(asked) asked */
    if (soft) {
        /* claimed (a chunk names a quality asked: careful readers call a soft item met when some
         * of its qualities are claimed — 10 of 17 such items in the development labels, against
         * 4 partial) or demonstrated (evidence close in words and meaning); something related:
         * partial; nothing: unknown — never missing through silence */
        int32_t ech = c->lex_chunk >= 0 ? c->lex_chunk : arg;
        if (nh)
            set(v, FR_ITEM_MET, FR_RULE_SOFT_CLAIMED, 0, arg, 1);
        else if (c->lex <= 0)
            /* no chunk shares a word with it: closeness in meaning alone is what any two texts of
             * one language have, no demonstration */
            set(v, FR_ITEM_UNKNOWN, FR_RULE_SOFT_SILENT, 0, -1, -1);
        else if (!words_outside(P, (uint32_t)u, R, c0, nc, FR_RS_EDUCATION))
            /* the words of a field of study ("B.A. Communication Studies") demonstrate no skill */
            set(v, FR_ITEM_UNKNOWN, FR_RULE_SOFT_SILENT, 0, -1, -1);
        else if (c->evidence >= c->sp->v_soft_met)
            set(v, FR_ITEM_MET, FR_RULE_SOFT_CLAIMED, 0, ech, 1);
        else if (c->evidence >= c->sp->v_soft_partial)
            set(v, FR_ITEM_PARTIAL, FR_RULE_SOFT_SOME, 0, ech, 0.5f);
        else
            set(v, FR_ITEM_UNKNOWN, FR_RULE_SOFT_SILENT, 0, -1, -1);
        return;
    }
    if (nh)
        /* a statement that refuses ("ein Umzug kommt nicht in Frage", "TN status, requires
         * employer sponsorship") tells a reader it is not met */
        set(v, refused ? FR_ITEM_MISSING : FR_ITEM_MET, refused ? FR_RULE_LOGI_REFUSED : FR_RULE_LOGI_STATED, 0, arg,
            refused ? 0.0f : 1.0f);
    else
        set(v, FR_ITEM_UNKNOWN, FR_RULE_LOGI_SILENT, 0, -1, -1);
}

/* ------------------------------------------------------ skills, domains */

/* The chunk of r naming `shown` and, among those, the most of item u's skills (the line a reader
 * quotes: "C, C++, Python" rather than the first line that says C), -1 none. */
static int32_t chunk_naming(const fr_docset *P, size_t u, const fr_docset *R, uint32_t c0, uint32_t nc, uint32_t shown)
{
    const fr_csr_rows *CW = &R->unit_words;
    uint32_t key = fr_skill_key(shown);
    uint64_t bit = fr_word_sig_bit(key);
    size_t ns;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    int32_t arg = -1;
    size_t best = 0;
    for (uint32_t k = 0; k < nc; k++) {
        if (!(fr_docset_chunk(R, c0 + k)->sig & bit) || !fr_csr_find(CW, c0 + k, key, NULL))
            continue;
        size_t n = 1;
        for (size_t i = 0; i < ns; i++)
            n += sk[i] != shown && fr_csr_find(CW, c0 + k, fr_skill_key(sk[i]), NULL);
        if (n > best) {
            best = n;
            arg = (int32_t)k;
        }
    }
    return arg;
}

/* How much of item u's words r names: *all, the share (by IDF) anywhere in r; with `want_best`,
 * also *best, the most one chunk names, in chunk *arg (else *best = -1).  Every word counts, known
 * to the model or not: a tool the model never saw ("dbt", "Springboot") is searched for, never
 * assumed present.  Scoring a pool calls this for most items of every pair: *all stops searching
 * a word at its first chunk, and the per-chunk pass runs only when its answer can matter. */
static void domain_share(const fr_docset *P, uint32_t u, const fr_docset *R, size_t r, uint32_t c0, uint32_t nc,
                         const fr_word_index *wix, const fr_doc_words *dw, int want_best, double stop, double *all,
                         double *best, int32_t *arg)
{
    const fr_csr_rows *IW = &P->unit_words, *CW = &R->unit_words;
    uint32_t e0 = IW->ptr.v[u], n = IW->ptr.v[u + 1] - e0;
    if (n > 64)
        n = 64;
    double tot = 0, have = 0;
    *all = 0;
    *best = want_best ? 0 : -1;
    *arg = -1;
    for (uint32_t i = 0; i < n; i++)
        tot += IW->val[e0 + i];
    if (tot <= 0)
        return;
    uint32_t pw[64]; /* the item's words the résumé names: the only ones a line can hold */
    float pv[64];
    uint64_t tb[64], any = 0;
    const uint64_t *rows[64];
    uint32_t np = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint64_t *row = dw ? fr_doc_words_find(dw, IW->col.v[e0 + i]) : NULL;
        if (dw ? row != NULL : fr_docset_has_word(R, r, IW->col.v[e0 + i])) {
            have += IW->val[e0 + i];
            rows[np] = row;
            pw[np] = IW->col.v[e0 + i];
            pv[np] = IW->val[e0 + i];
            tb[np] = fr_word_sig_bit(pw[np]);
            any |= tb[np++];
        }
    }
    *all = have / tot;
    if (!want_best || have <= 0)
        return;
    if (dw && dw->nu == nc) {
        /* the lines holding any of them, in order, each one's sum from the rows: word by word,
         * each added to the lines it is on (in word order per line, as below: a word a line
         * lacks added +0 there, the same bits) — a line's words were tested one by one, though
         * a line holds one or two of an item's words */
        double h64[64];
        for (uint32_t x = 0; x < dw->nw; x++) {
            uint64_t on = 0;
            for (uint32_t i = 0; i < np; i++)
                on |= rows[i][x];
            for (uint64_t o = on; o; o &= o - 1)
                h64[__builtin_ctzll(o)] = 0;
            for (uint32_t i = 0; i < np; i++)
                for (uint64_t o = rows[i][x]; o; o &= o - 1)
                    h64[__builtin_ctzll(o)] += (double)pv[i];
            for (; on; on &= on - 1) {
                uint32_t b = (uint32_t)__builtin_ctzll(on);
                double h = h64[b];
                if (h / tot > *best) {
                    *best = h / tot;
                    *arg = (int32_t)(x * 64 + b);
                    if (want_best == 2 && *best >= stop)
                        return;
                }
            }
        }
        return;
    }
    /* a line holding what remains to be found can only be told by reading the lines; with no
     * line to show (a status only), the first line at the threshold settles it.  Through the
     * word index: the lines' records, and a common word's presence from its bit there */
    int cb[64];
    for (uint32_t i = 0; i < np; i++)
        cb[i] = wix ? fr_word_index_common_bit(wix, pw[i]) : -1;
    for (uint32_t k = 0; k < nc; k++) {
        const fr_wix_line *ln = wix ? &wix->line[c0 + k] : NULL;
        uint64_t sig = ln ? ln->sig : fr_docset_chunk(R, c0 + k)->sig;
        if (!(sig & any))
            continue;
        double h = 0;
        for (uint32_t i = 0; i < np; i++)
            if ((sig & tb[i]) && (cb[i] >= 0 ? (int)(ln->common[cb[i] / 64] >> (cb[i] % 64) & 1)
                                              : fr_csr_find(CW, c0 + k, pw[i], NULL)))
                h += pv[i];
        if (h / tot > *best) {
            *best = h / tot;
            *arg = (int32_t)k;
            if (want_best == 2 && *best >= stop)
                return;
        }
    }
}

/* domain_share's sum for line c: item u's words the line holds, in item order */
static double line_sum(const fr_csr_rows *IW, uint32_t e0, uint32_t n, const fr_csr_rows *CW, uint32_t c, uint64_t sig,
                       const uint64_t *tb)
{
    double h = 0;
    for (uint32_t i = 0; i < n; i++)
        if ((sig & tb[i]) && fr_csr_find(CW, c, IW->col.v[e0 + i], NULL))
            h += IW->val[e0 + i];
    return h;
}

int fr_verdict_lines_showing(const fr_docset *P, size_t u, const fr_docset *R, const fr_word_index *wix, double share,
                             uint64_t walk, uint64_t *bits, size_t base, float *acc, uint32_t *touched)
{
    const fr_csr_rows *IW = &P->unit_words, *CW = &R->unit_words;
    uint32_t e0 = IW->ptr.v[u], n = IW->ptr.v[u + 1] - e0;
    if (n > 64) /* as domain_share */
        n = 64;
    double tot = 0;
    for (uint32_t i = 0; i < n; i++)
        tot += IW->val[e0 + i];
    if (!(tot > 0))
        return share > 0; /* no line holds a share of nothing (domain_share's best stays 0) */
    /* the lightest words whose weights together stay below the share (with room for the
     * rounding of another order) cannot make a line alone: every line that can holds one of the
     * others, and only their lines are read */
    uint8_t ord[64];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = i;
        while (k > 0 && IW->val[e0 + ord[k - 1]] < IW->val[e0 + i]) {
            ord[k] = ord[k - 1];
            k--;
        }
        ord[k] = (uint8_t)i;
    }
    double need = share * tot, lo = need * (1 - 1e-9), hi = need * (1 + 1e-9);
    uint32_t ness = n;
    double light = 0;
    while (ness > 0 && light + IW->val[e0 + ord[ness - 1]] < lo)
        light += IW->val[e0 + ord[--ness]];
    /* the words looked up in a line rather than summed from their lists: the light ones and
     * those the caller does not walk */
    uint8_t chk[64];
    uint32_t nchk = 0;
    int exact = share > 0; /* every line that can hold the share is reached */
    for (uint32_t j = 0; j < n; j++)
        if (j >= ness || !(walk >> ord[j] & 1)) {
            chk[nchk++] = ord[j];
            exact &= j >= ness;
        }
    uint64_t tb[64];
    int cb[64]; /* a word's bit in the index's common-word masks, or -1 */
    for (uint32_t i = 0; i < n; i++) {
        tb[i] = fr_word_sig_bit(IW->col.v[e0 + i]);
        cb[i] = fr_word_index_common_bit(wix, IW->col.v[e0 + i]);
    }
    /* the walked words' weights summed per line from their lists (no line read), in float: a
     * part's sums stay in L2 (a double per line of 4,096 résumés was 1.3 MB); a float sum of at
     * most 64 positive weights lies within 64 · 2^-24 of their total of the exact one, and a
     * line within twice that of the share is decided by the exact sum below */
    double eps = 128.0 / 16777216.0 * tot, lo_f = need - eps > lo ? lo : need - eps, hi_f = need + eps < hi ? hi : need + eps;
    size_t nt = 0;
    for (uint32_t k = 0; k < ness; k++) {
        if (!(walk >> ord[k] & 1))
            continue;
        size_t nl;
        const uint32_t *lines = fr_word_index_units(wix, IW->col.v[e0 + ord[k]], &nl);
        float wk = IW->val[e0 + ord[k]];
        for (size_t x = 0; x < nl; x++) {
            uint32_t c = lines[x];
            if (x + 16 < nl)
                FR_PREFETCH(&acc[lines[x + 16]]);
            if (acc[c] == 0)
                touched[nt++] = c;
            acc[c] += wk;
        }
    }
    /* Each line decided without a branch on its words (which lines hold them follows no pattern a
     * predictor can learn: the mispredictions were most of the test's time) — its sum with the
     * other words it holds, the ones with a common bit read from its record, the rest looked up
     * where its signature allows (rare: those words are not common) — then the exact sum of the
     * verdict's order where that sum lies within rounding of the share.  Summed in another order
     * than the verdict's, a sum outside that band decides the same; a line of a résumé already
     * found is decided again (its bit is set whatever the answer). */
    int cwb[64];
    double cww[64];
    uint8_t rwi[64];
    uint32_t ncw = 0, nrw = 0;
    for (uint32_t m = 0; m < nchk; m++) {
        uint32_t i = chk[m];
        if (cb[i] >= 0) {
            cwb[ncw] = cb[i];
            cww[ncw++] = IW->val[e0 + i];
        } else
            rwi[nrw++] = (uint8_t)i;
    }
    for (size_t x = 0; x < nt; x++) {
        uint32_t c = touched[x];
        if (x + 8 < nt) /* the lines come in no useful order: fetch ahead */
            FR_PREFETCH(&wix->line[touched[x + 8]]);
        double h = acc[c];
        acc[c] = 0;
        const fr_wix_line *ln = &wix->line[c];
        size_t g = base + ln->doc;
        for (uint32_t m = 0; m < ncw; m++)
            h += cww[m] * (double)(ln->common[(unsigned)cwb[m] / 64] >> ((unsigned)cwb[m] % 64) & 1);
        /* the rarer words looked up only where they can decide: a sum of positive weights only
         * grows with each word present (in floating point too), so with every word the
         * signature allows it is at least the sum, and without them at most */
        double most = h;
        for (uint32_t m = 0; m < nrw && h < hi_f; m++)
            if (ln->sig & tb[rwi[m]])
                most += IW->val[e0 + rwi[m]];
        for (uint32_t m = 0; m < nrw && h < hi_f && most >= lo_f; m++) {
            uint32_t i = rwi[m];
            if ((ln->sig & tb[i]) && fr_csr_find(CW, c, IW->col.v[e0 + i], NULL))
                h += IW->val[e0 + i];
        }
        uint64_t met = h >= hi_f;
        if (h >= lo_f && !met)
            met = line_sum(IW, e0, n, CW, c, ln->sig, tb) / tot >= share;
        bits[g / 64] |= met << (g % 64);
    }
    return exact;
}

/* What a résumé's skills say of a skill item's skills (decide_domain's first reading). */
struct skill_tally {
    int n_hard, n_met, n_part, any_kind; /* skills asked, named (or a kind of it), a substitute only */
    int32_t met_skill, met_shown, part_skill, part_shown;
};

/* Whether skill i (of ns) of item u counts as one of its own (skill_tally's n_hard): not a soft
 * skill or language (part 1's soft rules read "communication" in a skill item), not an example of
 * another skill the item names ("CRM systems (e.g. Salesforce)", "Git (Gitlab)" under version
 * control: that skill's requirement, not one of its own). */
static int hard_skill(const fr_unit_item *it, const uint32_t *sk, size_t i, const uint32_t *sub, size_t nsub)
{
    if (i < 8 && (it->soft_mask >> i & 1))
        return 0;
    for (size_t j = 0; j < nsub; j++)
        if (FR_SUB_OWN(sub[j]) != i && FR_SUB_KIND(sub[j]) && FR_SUB_SKILL(sub[j]) == sk[i])
            return 0;
    return 1;
}

fr_most_mode fr_verdict_most_mode(const fr_docset *P, size_t u)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    if (it->kind != FR_KIND_SKILL && it->kind != FR_KIND_OTHER)
        return FR_MOST_ANY;
    size_t ns, nsub;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    const uint32_t *sub = fr_docset_item_subs(P, u, &nsub);
    for (size_t i = 0; i < ns && i < 256; i++)
        if (hard_skill(it, sk, i, sub, nsub))
            return FR_MOST_SKILLS; /* its skills decide it (fr_verdict_most's first branch) */
    return P->unit_words.ptr.v[u] != P->unit_words.ptr.v[u + 1] ? FR_MOST_LINES : FR_MOST_EVIDENCE;
}

int fr_verdict_most_reads_lines(const fr_docset *P, size_t u) { return fr_verdict_most_mode(P, u) == FR_MOST_LINES; }

static void skill_tally(const fr_docset *P, size_t u, const fr_docset *R, size_t r, struct skill_tally *t)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const uint64_t *bits = fr_docset_skill_bits(R, r);
    size_t ns, nsub;
    const uint32_t *sk = fr_docset_item_skills(P, u, &ns);
    const uint32_t *sub = fr_docset_item_subs(P, u, &nsub);
    *t = (struct skill_tally){0, 0, 0, 0, -1, -1, -1, -1};
    /* per skill asked: 2 named (or a kind of it), 1 a substitute, 0 neither */
    for (size_t i = 0; i < ns && i < 256; i++) {
        if (!hard_skill(it, sk, i, sub, nsub))
            continue;
        t->n_hard++;
        int got = has_bit(bits, sk[i]) ? 2 : 0;
        int32_t shown = got ? (int32_t)sk[i] : -1;
        for (size_t j = 0; j < nsub && got < 2; j++) {
            if (FR_SUB_OWN(sub[j]) != i || !has_bit(bits, FR_SUB_SKILL(sub[j])))
                continue;
            int g = FR_SUB_KIND(sub[j]) ? 2 : 1;
            if (g > got) {
                got = g;
                shown = (int32_t)FR_SUB_SKILL(sub[j]);
                t->any_kind |= g == 2;
            }
        }
        if (got == 2) {
            t->n_met++;
            if (t->met_skill < 0) {
                t->met_skill = (int32_t)sk[i];
                t->met_shown = shown;
            }
        } else if (got == 1) {
            t->n_part++;
            if (t->part_skill < 0) {
                t->part_skill = (int32_t)sk[i];
                t->part_shown = shown;
            }
        }
    }
}

/* The skill rules' outcome: 2 met, 1 partial (fact *part), 0 neither (the words decide). */
static int skill_outcome(const fr_unit_item *it, const struct skill_tally *t, float *part)
{
    if ((it->any_of && t->n_met) || t->n_met == t->n_hard)
        return 2;
    if (t->n_met || t->n_part) {
        *part = (float)(t->n_met + 0.5 * t->n_part) / (float)t->n_hard;
        return 1;
    }
    return 0;
}

static void decide_domain(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                          fr_verdict *v)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    const fr_score_params *sp = c->sp;
    uint32_t c0 = R->unit_start.v[r], nc = R->unit_start.v[r + 1] - c0;
    int detailed = nc >= sp->v_detailed;
    /* a résumé that lists its skills in a section of their own says which tools it has: a tool
     * not among them is missing however short the résumé (GUIDE.md: detailed enough that a
     * reader would expect to see it) */
    int lists_skills = fr_docset_rfacts(R, r)->has_skills;
    struct skill_tally t;
    skill_tally(P, u, R, r, &t);
    float part = 0;
    int by_skills = t.n_hard ? skill_outcome(it, &t, &part) : 0;
    double all = 0, best = 0;
    int32_t arg = -1;
    if (!t.n_met && !t.n_part) {
        /* the best line's share decides met only where the whole résumé holds enough (best ≤ all) */
        domain_share(P, (uint32_t)u, R, r, c0, nc, c->wix, c->dw, c->evidence_wanted, 2, &all, &best, &arg);
        if (best < 0 && c->lines >= 0)
            /* whether a line holds enough, as the caller's lines' test found it (the same sums):
             * the share stands in for the line's (`have` is shown with evidence only) */
            best = c->lines ? sp->v_domain_met : 0;
        else if (best < 0 && all >= sp->v_domain_met) /* whether one line holds enough: stop at the first */
            domain_share(P, (uint32_t)u, R, r, c0, nc, c->wix, c->dw, 2, sp->v_domain_met, &all, &best, &arg);
    }
    if (t.n_hard) {
        int32_t ch = -1;
        if (by_skills == 2) {
            v->skill = t.met_skill;
            v->shown = t.met_shown;
            if (c->evidence_wanted)
                ch = chunk_naming(P, u, R, c0, nc, (uint32_t)t.met_shown);
            set(v, FR_ITEM_MET, t.any_kind && t.met_shown != t.met_skill ? FR_RULE_SKILL_KIND : FR_RULE_SKILL_NAMED, 0,
                ch, 1);
        } else if (by_skills == 1) {
            v->skill = t.n_met ? t.met_skill : t.part_skill;
            v->shown = t.n_met ? t.met_shown : t.part_shown;
            if (c->evidence_wanted)
                ch = chunk_naming(P, u, R, c0, nc, (uint32_t)v->shown);
            set(v, FR_ITEM_PARTIAL, t.n_met ? FR_RULE_SKILL_SOME : FR_RULE_SKILL_SUBSTITUTE, 0, ch, part);
        } else if (best >= sp->v_domain_met ||
                   /* said in other words: an item with words besides its skills' names ("Salesforce
                    * and CRM systems integration"); one that only lists tools ("Experience with
                    * MySQL") is not shown by closeness in meaning, which any two technical texts have */
                   ((all > 0 || P->unit_words.ptr.v[u + 1] - P->unit_words.ptr.v[u] > (uint32_t)t.n_hard) &&
                    c->dense >= sp->v_domain_absent))
            set(v, FR_ITEM_PARTIAL, FR_RULE_SKILL_WORDS, 0, best >= sp->v_domain_met ? arg : c->dense_chunk, 0.5f);
        else if (detailed || lists_skills)
            set(v, FR_ITEM_MISSING, FR_RULE_SKILL_ABSENT, 0, -1, 0);
        else
            set(v, FR_ITEM_UNKNOWN, FR_RULE_SKILL_SILENT, 0, -1, -1);
        v->have = (float)t.n_met;
        return;
    }
    if (P->unit_words.ptr.v[u] == P->unit_words.ptr.v[u + 1])
        return; /* no skill, no content word: nothing to read it by (the evidence decides) */
    v->have = (float)(best > 0 ? best : 0);
    if (best >= sp->v_domain_met)
        set(v, FR_ITEM_MET, FR_RULE_DOMAIN_SHOWN, 0, arg, 1);
    else if (all >= sp->v_domain_partial || c->dense >= sp->v_domain_absent)
        set(v, FR_ITEM_PARTIAL, FR_RULE_DOMAIN_PART, 0, all >= sp->v_domain_partial ? arg : c->dense_chunk,
            /* partial is part of it: never nothing, never more than half */
            (float)(all > 0.5 ? 0.5 : all < 0.25 ? 0.25 : all));
    else if (detailed)
        set(v, FR_ITEM_MISSING, FR_RULE_DOMAIN_ABSENT, 0, -1, 0);
    else
        set(v, FR_ITEM_UNKNOWN, FR_RULE_DOMAIN_SILENT, 0, -1, -1);
}

void fr_verdict_most(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_score_params *sp,
                     int noshow, float *fact, int *unknown)
{
    const fr_unit_item *it = fr_docset_item(P, u);
    *fact = 1;
    *unknown = 1;
    if (it->kind != FR_KIND_SKILL && it->kind != FR_KIND_OTHER)
        return; /* (the other kinds' facts: not bounded here) */
    /* decide_domain's outcomes, each with the fact it sets */
    uint32_t nc = R->unit_start.v[r + 1] - R->unit_start.v[r];
    int detailed = nc >= sp->v_detailed;
    struct skill_tally t;
    skill_tally(P, u, R, r, &t);
    if (t.n_hard) {
        float part = 0;
        int by = skill_outcome(it, &t, &part);
        /* met 1; partial by its skills; else partial by words (½), missing or unknown */
        *fact = by == 2 ? 1.0f : by == 1 ? part : 0.5f;
        *unknown = !by && !detailed && !fr_docset_rfacts(R, r)->has_skills;
        return;
    }
    if (P->unit_words.ptr.v[u] == P->unit_words.ptr.v[u + 1]) {
        *fact = 0; /* undecided: the evidence is the coverage */
        return;
    }
    /* shown by a line (1), else partial (at most ½), missing, or unknown on a short résumé */
    *fact = noshow ? 0.5f : 1.0f;
    *unknown = !detailed;
}

void fr_verdict_decide(const fr_docset *P, size_t u, const fr_docset *R, size_t r, const fr_verdict_ctx *c,
                       fr_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->chunk = -1;
    v->have = -1;
    v->fact = -1;
    v->skill = v->shown = -1;
    const fr_unit_item *it = fr_docset_item(P, u);
    switch (it->kind) {
    case FR_KIND_EDUCATION: decide_education(P, u, R, r, c, v); break;
    case FR_KIND_ENROLMENT: decide_enrolment(P, u, R, r, v); break;
    case FR_KIND_EXPERIENCE: decide_years(P, u, R, r, c, v); break;
    case FR_KIND_LANGUAGE: decide_language(P, u, R, r, v); break;
    case FR_KIND_CERTIFICATION: decide_cert(P, u, R, r, c, v); break;
    case FR_KIND_SOFT: decide_cues(P, u, R, r, c, v, 1); break;
    case FR_KIND_LOGISTICS: decide_cues(P, u, R, r, c, v, 0); break;
    case FR_KIND_SKILL:
    case FR_KIND_OTHER: decide_domain(P, u, R, r, c, v); break;
    default: break;
    }
}

/* ------------------------------------------------------ résumé side */

static fr_status push(fr_buf *recs, const fr_rrec *x, fr_error *err)
{
    return fr_buf_append(recs, x, sizeof *x) == FR_OK ? FR_OK : fr_fail(err, FR_ENOMEM, "out of memory");
}

/* The first chunk inside [a, b), -1 none. */
static int32_t chunk_in(const fr_resume *r, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < r->chunks.n; i++)
        if (r->chunks.v[i].start >= a && r->chunks.v[i].start < b)
            return (int32_t)i;
    return -1;
}

/* The chunk of an education entry [a, b) that names its degree (a reader quotes "B.S.: Electrical
 * Engineering", not the "Ausbildungshistorie" or "Degree" line above it), else its first. */
static int32_t degree_chunk_in(const fr_resume *r, uint32_t a, uint32_t b)
{
    int32_t first = -1;
    for (size_t i = 0; i < r->chunks.n; i++) {
        if (r->chunks.v[i].start < a || r->chunks.v[i].start >= b)
            continue;
        if (first < 0)
            first = (int32_t)i;
        fr_degree d = fr_degree_top(r->chunks.v[i].text);
        if (d != FR_DEG_NONE && d != FR_DEG_ANY)
            return (int32_t)i;
    }
    return first;
}

fr_status fr_verdict_resume(const fr_resume *r, const fr_words *whole, const fr_words *chunk_words,
                            const fr_cue_index *cues, fr_rfacts *f, fr_buf *recs, uint64_t *chunk_cues, fr_error *err)
{
    fr_status st = FR_OK;
    /* this résumé's records start here: `recs` holds those of the résumés before it */
    const size_t rec0 = recs->len / sizeof(fr_rrec);
    f->text_lang = (uint8_t)(whole ? fr_words_language(whole) : fr_text_language(r->text, r->len));
    for (size_t i = 0; i < r->n_sections; i++) {
        f->has_languages |= (uint8_t)(r->sections[i].kind == FR_RS_LANGUAGES);
        f->has_certs |= (uint8_t)(r->sections[i].kind == FR_RS_CERTIFICATIONS);
    }
    int32_t now = fr_ym_index(r->as_of, 1);
    /* education entries */
    for (size_t i = 0; i < r->n_education && st == FR_OK; i++) {
        const fr_education *e = &r->education[i];
        fr_rrec x = {0};
        x.type = FR_REC_EDU;
        x.level = (uint8_t)e->degree;
        x.flag = (uint8_t)(e->enrolled != 0);
        fr_words w;
        uint32_t by_head[256];
        size_t i0, i1;
        /* the entry's words among the whole text's, when it has them (no copy), else its own */
        if (whole && fr_words_span(whole, e->start_off, e->end_off, 0, &i0, &i1) && i1 - i0 <= 256) {
            fr_words_slice(whole, i0, i1, by_head, &w);
            x.fields = fr_fields_of_x(cues, &w, 1, NULL);
        } else {
            if ((st = fr_words_of(r->text + e->start_off, e->end_off - e->start_off, &w, err)) != FR_OK)
                break;
            x.fields = fr_fields_of_x(cues, &w, 1, NULL);
            fr_words_free(&w);
        }
        x.start = e->start.year ? fr_ym_index(e->start, 0) : 0;
        x.end = e->end.year ? fr_ym_index(e->end, 1) : 0;
        x.chunk = degree_chunk_in(r, e->start_off, e->end_off);
        fr_date_range dr;
        if (!x.end && x.chunk >= 0 && fr_find_dates(r->chunks.v[x.chunk].text, strlen(r->chunks.v[x.chunk].text), &dr) &&
            !dr.present) {
            x.start = fr_ym_index(dr.start, 0);
            x.end = fr_ym_index(dr.end, 1);
        }
        if (x.flag && x.end && x.end < now - 12)
            x.flag = 0; /* ended over a year before as-of: whatever it says, not ongoing */
        if (!x.flag && x.end > f->last_edu_end)
            f->last_edu_end = x.end;
        st = push(recs, &x, err);
    }
    /* degrees the entry parser did not see: an education line outside every entry ("Bachelor's :
     * Health Science"), or, with no entry at all, a degree named anywhere but in a job ("He has
     * earned degrees from ...", "Diplom-Informatiker") */
    for (size_t i = 0; i < r->chunks.n && st == FR_OK; i++) {
        fr_rsec sec = r->chunk_section[i];
        const fr_item *ck = &r->chunks.v[i];
        int inside = 0;
        for (size_t k = 0; k < r->n_education && !inside; k++)
            inside = ck->start >= r->education[k].start_off && ck->start < r->education[k].end_off;
        if (inside || sec == FR_RS_PROJECTS || sec == FR_RS_PUBLICATIONS ||
            (r->n_education && sec != FR_RS_EDUCATION && sec != FR_RS_EXPERIENCE))
            continue;
        size_t cl = strlen(ck->text);
        const fr_words *w = &chunk_words[i];
        /* the words a degree is named by, first (the full reading of degrees is dearer): the
         * first of them, found once (a test of every word against each of ~75 heads was a
         * twentieth of preparing a résumé) */
        size_t first = fr_cue_index_degree_head_at(cues, w);
        fr_degree d = first < w->nw ? fr_degree_top(ck->text) : FR_DEG_NONE;
        /* outside an education section a degree must be named as one: a line of a job may
         * announce one ("Ausbildung zur Fachinformatikerin" in a German Werdegang) when it is
         * short like an entry's header or names a school; "a degree of ..." / "Abschluss" in
         * prose is no degree */
        if (d != FR_DEG_NONE && sec != FR_RS_EDUCATION) {
            static const char *const named[] = {"degree", "degrees", "graduated", "graduate", NULL};
            static const char *const school[] = {"university", "universität", "universitaet", "college",
                                                 "hochschule", "fachhochschule", "akademie", "academy", "institute",
                                                 "school", "fachschule", "berufsschule", NULL};
            /* where the degree is named: among the first words of the line (an entry's header,
             * "08/2012 – 07/2015: Ausbildung zum Koch, …"), not deep in a bullet's prose */
            int ok = d != FR_DEG_ANY ? (sec != FR_RS_EXPERIENCE || cl <= 100 || first < 8 || fr_words_any(w, school))
                                     : fr_words_any(w, named);
            if (!ok)
                d = FR_DEG_NONE;
        }
        if (d == FR_DEG_NONE)
            continue;
        fr_rrec x = {0};
        x.type = FR_REC_EDU;
        x.level = (uint8_t)d;
        x.fields = fr_fields_of_x(cues, w, 1, NULL);
        static const char *const ongoing[] = {"expected", "currently", "candidate", "pursuing", "in progress",
                                              "ongoing", "laufend", "voraussichtlich", "student", "studentin",
                                              NULL};
        x.flag = (uint8_t)fr_words_any(w, ongoing);
        fr_date_range dr;
        if (fr_find_dates(ck->text, strlen(ck->text), &dr)) {
            x.start = fr_ym_index(dr.start, 0);
            x.end = fr_ym_index(dr.present ? r->as_of : dr.end, 1);
            if (dr.expected || x.end > now)
                x.flag = 1;
            else if (x.end < now - 12)
                x.flag = 0;
        }
        x.chunk = (int32_t)i;
        if (!x.flag && x.end > f->last_edu_end)
            f->last_edu_end = x.end;
        st = push(recs, &x, err);
    }
    /* dated jobs, with their chunks */
    if (st == FR_OK && r->n_experience) {
        fr_entry_chunks ec;
        if ((st = fr_resume_entry_chunks(r, &ec, err)) != FR_OK)
            return st;
        for (size_t i = 0; i < r->n_experience && st == FR_OK; i++) {
            const fr_experience *x = &r->experience[i];
            if (!x->has_dates)
                continue;
            fr_rrec j = {0};
            j.type = FR_REC_JOB;
            j.start = fr_ym_index(x->start, 0);
            j.end = x->present ? now : fr_ym_index(x->end, 1);
            if (j.end > now)
                j.end = now;
            if (j.end < j.start)
                continue;
            uint32_t a = ec.first[i], b = ec.first[i + 1];
            /* chunks of an entry are contiguous in chunk order */
            j.chunk = a < b ? (int32_t)ec.idx[a] : chunk_in(r, x->start_off, x->end_off);
            j.n_chunks = a < b ? (int32_t)(ec.idx[b - 1] - ec.idx[a] + 1) : (j.chunk >= 0);
            st = push(recs, &j, err);
        }
        fr_entry_chunks_free(&ec);
    }
    /* no job entry found (a CV without headings whose body the parser took for another section):
     * each dated line that names no degree starts a job, running over the undated lines after it */
    size_t n_jobs = 0;
    for (size_t k = rec0; k < recs->len / sizeof(fr_rrec); k++)
        n_jobs += ((const fr_rrec *)(const void *)recs->data)[k].type == FR_REC_JOB;
    for (size_t i = 0; st == FR_OK && n_jobs == 0 && !r->n_experience && i < r->chunks.n; i++) {
        const char *t = r->chunks.v[i].text;
        fr_date_range dr;
        if (!fr_find_dates(t, strlen(t), &dr) || dr.expected || fr_degree_top(t) != FR_DEG_NONE ||
            (dr.start.year == dr.end.year && dr.start.month == dr.end.month && !dr.present))
            continue; /* a lone date ("2016") is no stretch of work */
        fr_rrec j = {0};
        j.type = FR_REC_JOB;
        j.start = fr_ym_index(dr.start, 0);
        j.end = dr.present ? now : fr_ym_index(dr.end, 1);
        if (j.end > now)
            j.end = now;
        if (j.end < j.start)
            continue;
        j.chunk = (int32_t)i;
        size_t e = i + 1;
        while (e < r->chunks.n && !fr_find_dates(r->chunks.v[e].text, strlen(r->chunks.v[e].text), &dr))
            e++;
        j.n_chunks = (int32_t)(e - i);
        f->has_dated = 1;
        st = push(recs, &j, err);
    }
    /* languages, and the cues of every chunk */
    for (size_t i = 0; i < r->chunks.n && st == FR_OK; i++) {
        const fr_words *w = &chunk_words[i];
        chunk_cues[2 * i] = fr_cues_claimed(cues, w, &chunk_cues[2 * i + 1]);
        if (r->chunk_section[i] == FR_RS_EDUCATION)
            chunk_cues[2 * i] &= ~(uint64_t)FR_CUE_SOFT_MASK; /* "B.A. Communication Studies" claims no skill */
        fr_lang_hit lh[16];
        int ctx = 0;
        size_t nl = fr_langs_in_x(cues, w, lh, 16, &ctx);
        int in_sec = r->chunk_section[i] == FR_RS_LANGUAGES;
        for (size_t k = 0; k < nl && st == FR_OK; k++) {
            if (lh[k].lang == FR_LANG_ANY_OTHER || (!in_sec && !ctx && !lh[k].level))
                continue;
            fr_rrec x = {0};
            x.type = FR_REC_LANG;
            x.flag = lh[k].lang;
            x.level = lh[k].level;
            x.chunk = (int32_t)i;
            f->has_languages |= (uint8_t)(in_sec || lh[k].level);
            st = push(recs, &x, err);
        }
    }
    return st;
}

/* ---------------------------------------------------------- sentence */

const char *fr_verdict_sentence(const fr_verdict *v, const fr_unit_item *it, const fr_lexicon *lx,
                                const char *chunk_text, char *buf, size_t cap)
{
    const char *sk = lx && v->skill >= 0 ? fr_lexicon_name(lx, (uint32_t)v->skill) : "the skill asked";
    const char *sh = lx && v->shown >= 0 ? fr_lexicon_name(lx, (uint32_t)v->shown) : "a related skill";
    char fa[160], fh[160], q[96];
    fr_fields_name(it->fields, fa, sizeof fa);
    fr_fields_name(v->fields, fh, sizeof fh);
    if (chunk_text) {
        size_t n = strlen(chunk_text);
        if (n > 80) {
            size_t k = 77;
            while (k > 0 && ((unsigned char)chunk_text[k] & 0xC0) == 0x80)
                k--;
            snprintf(q, sizeof q, "\"%.*s...\"", (int)k, chunk_text);
        } else
            snprintf(q, sizeof q, "\"%s\"", chunk_text);
    } else
        snprintf(q, sizeof q, "the résumé");
    const char *lvl = fr_degree_name((fr_degree)it->degree);
    const char *hl = fr_degree_name((fr_degree)v->level);
    if (!lvl || strcmp(lvl, "any") == 0)
        lvl = "degree";
    if (!hl || strcmp(hl, "any") == 0)
        hl = "degree";
    switch ((fr_rule)v->rule) {
    case FR_RULE_EDU_MET:
        if (it->fields)
            snprintf(buf, cap, "%s meets a %s in %s", q, lvl, fa);
        else
            snprintf(buf, cap, "%s meets a %s", q, lvl);
        break;
    case FR_RULE_EDU_FIELD_OPEN: snprintf(buf, cap, "%s: a %s, its field not stated (%s asked)", q, hl, fa); break;
    case FR_RULE_EDU_ADJACENT: snprintf(buf, cap, "%s: a %s in %s, next to the %s asked", q, hl, fh, fa); break;
    case FR_RULE_EDU_UNRELATED: snprintf(buf, cap, "%s: a %s in %s, not the %s asked", q, hl, fh, fa); break;
    case FR_RULE_EDU_BELOW: snprintf(buf, cap, "%s: a %s, one level below the %s asked", q, hl, lvl); break;
    case FR_RULE_EDU_LOWER: snprintf(buf, cap, "%s: a %s, below the %s asked", q, hl, lvl); break;
    case FR_RULE_EDU_BY_EXPERIENCE:
        snprintf(buf, cap, "%.1f years of work in a field close to the posting stand for the %s (the item allows "
                 "equivalent experience)", v->have, lvl);
        break;
    case FR_RULE_EDU_BY_CERT: snprintf(buf, cap, "%s holds a credential the item accepts instead", q); break;
    case FR_RULE_EDU_SILENT: snprintf(buf, cap, "the résumé shows no education"); break;
    case FR_RULE_ENROL_MET: snprintf(buf, cap, "%s is ongoing or expected", q); break;
    case FR_RULE_ENROL_FIELD: snprintf(buf, cap, "%s is ongoing, but not in the field or at the level asked", q); break;
    case FR_RULE_ENROL_GRADUATED:
        snprintf(buf, cap, "%s: education completed, work since, no current study shown", q);
        break;
    case FR_RULE_ENROL_SILENT: snprintf(buf, cap, "the résumé shows no education"); break;
    case FR_RULE_YEARS:
        snprintf(buf, cap, "%.1f years of relevant dated experience (%g asked), e.g. %s", v->have,
                 (double)it->min_years, q);
        break;
    case FR_RULE_YEARS_NONE:
        snprintf(buf, cap, "no dated job close to the item (%g years asked); the closest: %s", (double)it->min_years, q);
        break;
    case FR_RULE_YEARS_SILENT: snprintf(buf, cap, "the résumé has no dated experience"); break;
    case FR_RULE_LANG:
        if (v->have > 0)
            snprintf(buf, cap, "%s: %s at level %s (%s asked)%s", fr_lang_name(v->lang),
                     chunk_text ? q : "the language of the résumé", fr_level_name((int)v->have),
                     fr_level_name(it->lang_level ? (it->lang_level > 4 ? 4 : it->lang_level) : 1),
                     v->status == FR_ITEM_MET ? "" : "; not every language asked is shown");
        else
            snprintf(buf, cap, "%s is not among the languages the résumé lists", fr_lang_name(v->lang));
        break;
    case FR_RULE_LANG_SILENT: snprintf(buf, cap, "the résumé says nothing about %s", fr_lang_name(v->lang)); break;
    case FR_RULE_CERT_HELD: snprintf(buf, cap, "%s names the credential", q); break;
    case FR_RULE_CERT_RELATED: snprintf(buf, cap, "%s shows the subject, not the credential", q); break;
    case FR_RULE_CERT_ABSENT: snprintf(buf, cap, "a detailed résumé that does not name the credential"); break;
    case FR_RULE_CERT_SILENT: snprintf(buf, cap, "the résumé does not name the credential"); break;
    case FR_RULE_SOFT_CLAIMED: snprintf(buf, cap, "claimed or shown: %s", q); break;
    case FR_RULE_SOFT_SOME: snprintf(buf, cap, "some of the qualities asked: %s", q); break;
    case FR_RULE_SOFT_SILENT: snprintf(buf, cap, "not addressed (a soft skill is never missing through silence)"); break;
    case FR_RULE_LOGI_STATED: snprintf(buf, cap, "stated: %s", q); break;
    case FR_RULE_LOGI_SILENT: snprintf(buf, cap, "not stated (a condition of the job, never missing through silence)"); break;
    case FR_RULE_LOGI_REFUSED: snprintf(buf, cap, "the résumé says no: %s", q); break;
    case FR_RULE_SKILL_NAMED: snprintf(buf, cap, "%s names %s", q, sk); break;
    case FR_RULE_SKILL_KIND: snprintf(buf, cap, "%s names %s, a kind of %s", q, sh, sk); break;
    case FR_RULE_SKILL_SOME: snprintf(buf, cap, "some of the skills asked: %s names %s", q, sk); break;
    case FR_RULE_SKILL_SUBSTITUTE: snprintf(buf, cap, "%s names %s, close to %s (a substitute)", q, sh, sk); break;
    case FR_RULE_SKILL_WORDS: snprintf(buf, cap, "no skill asked is named; its words are: %s", q); break;
    case FR_RULE_SKILL_ABSENT: snprintf(buf, cap, "a detailed résumé that names none of the skills asked"); break;
    case FR_RULE_SKILL_SILENT: snprintf(buf, cap, "the résumé names none of the skills asked (too short to conclude)"); break;
    case FR_RULE_DOMAIN_SHOWN: snprintf(buf, cap, "shown: %s", q); break;
    case FR_RULE_DOMAIN_PART: snprintf(buf, cap, "part of it: %s", q); break;
    case FR_RULE_DOMAIN_ABSENT: snprintf(buf, cap, "a detailed résumé that does not show it"); break;
    case FR_RULE_DOMAIN_SILENT: snprintf(buf, cap, "not shown (the résumé is too short to conclude)"); break;
    default: snprintf(buf, cap, "decided by the evidence"); break;
    }
    return buf;
}

const char *fr_evidence_cut(const char *text, char *buf)
{
    size_t n = strlen(text);
    if (n <= FR_EVIDENCE_MAX)
        return text;
    size_t k = FR_EVIDENCE_MAX;
    while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
        k--; /* never inside a UTF-8 sequence */
    size_t w = k;
    while (w > FR_EVIDENCE_MAX / 2 && text[w] != ' ')
        w--;
    if (text[w] == ' ')
        k = w;
    memcpy(buf, text, k);
    buf[k] = '\0';
    return buf;
}
