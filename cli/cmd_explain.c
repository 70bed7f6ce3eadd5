/* cli/cmd_explain.c — `fitrank explain`: every item of one pair with its status, coverage and
 * evidence, then the arithmetic that gives the score `rank` and `match` report. */
#include <cblas.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/term.h"
#include "cli/pair.h"
#include "cli/scoring.h"
#include "util/io.h"

static const char usage[] =
    "Usage: fitrank explain --posting INPUT [--posting-id ID] --resume INPUT [--resume-id ID]\n"
    "                       [--format text|json] [-o FILE] [--model MODEL]\n"
    "                       [--as-of YYYY-MM] [input options]\n"
    "\n"
    "Why one résumé scores what it does against one posting: every required and preferred item with\n"
    "its status (met, partial, unknown, missing), coverage and what decided it, the best evidence\n"
    "chunk of the résumé (text and byte offsets), the terms that contributed most, the item's key\n"
    "terms the résumé lacks; then the skills the posting asks for that the résumé names or lacks,\n"
    "the context similarity and the score arithmetic — the same score\n"
    "`fitrank rank` and `fitrank match` report for the pair.\n"
    "JSON: {\"posting\", \"resume\", \"score\", \"gate\", \"required\": [...], \"preferred\": [...],\n"
    "\"context\", \"skills\": {\"named\", \"missing\", \"coverage\"}, \"arithmetic\", \"model\"}.\n"
    "\n"
    "  --posting-id ID      the posting of this id, out of a directory, JSONL, CSV or\n"
    "                       index of many (the id a row of `rank` or `match` names)\n"
    "  --resume-id ID       likewise for --resume: every row of a ranking can be\n"
    "                       explained as it was scored (a résumé of an index as of\n"
    "                       the date it was prepared)\n"
    "  --format text|json   text (default) or json\n"
    "  --model, --as-of, --id-column, --text-column, --invalid, --max-input-bytes, -o FILE: as for\n"
    "  `fitrank rank`\n";

enum { OPT_POSTING = 400, OPT_RESUME, OPT_POSTING_ID, OPT_RESUME_ID };

/* Document `id` (or the only one) of an index: its text as the index keeps it, parsed again with
 * the model the index was built with (fr_index_map refuses another) and, for a résumé, as of the
 * date it was prepared — so that the pair scores as it did in `rank` or `match`. */
static int read_indexed(cli_env *e, const char *path, const char *id, int posting, const char *as_of_arg,
                        cli_pair *pair)
{
    const char *flag = posting ? "--posting-id" : "--resume-id";
    fr_error err = {0};
    fr_docset ix;
    if (fr_index_map(path, e->model, e->lx, posting ? FR_SET_POSTINGS : FR_SET_RESUMES, &ix, &err) != FR_OK)
        return cli_fail(&err);
    size_t at = SIZE_MAX;
    int rc = FR_EXIT_OK;
    for (size_t i = 0; id && i < ix.n; i++) {
        if (strcmp(fr_docset_id(&ix, i), id) != 0)
            continue;
        if (at != SIZE_MAX) {
            rc = cli_err(FR_EXIT_INPUT, "%s: more than one document has the id '%s'", path, id);
            break;
        }
        at = i;
    }
    if (rc == FR_EXIT_OK && !id && ix.n != 1)
        rc = cli_err(FR_EXIT_INPUT, "%s: an index of %zu documents; name one with %s ID (the id `rank` and `match` print)",
                     path, ix.n, flag);
    else if (rc == FR_EXIT_OK && !id)
        at = 0;
    else if (rc == FR_EXIT_OK && at == SIZE_MAX)
        rc = cli_err(FR_EXIT_INPUT, "%s: no document with the id '%s' (of %zu indexed)", path, id, ix.n);
    fr_doc d;
    int32_t as_of = 0;
    if (rc == FR_EXIT_OK &&
        (fr_docset_check_doc(&ix, at, &err) != FR_OK || fr_docset_src(&ix, at, &d, &as_of, &err) != FR_OK))
        rc = cli_fail(&err);
    if (rc == FR_EXIT_OK && !posting) {
        fr_ym ym = {as_of / 100, as_of % 100};
        if (as_of_arg && (ym.year != e->as_of.year || ym.month != e->as_of.month))
            rc = cli_err(FR_EXIT_USAGE, "explain: --as-of %s, but %s was prepared as of %04d-%02d: a résumé of an index "
                         "is explained as it was scored (leave --as-of out, or rebuild the index with it)",
                         as_of_arg, path, ym.year, ym.month);
        else
            e->as_of = ym;
    }
    if (rc == FR_EXIT_OK) {
        d.path = path;
        if ((posting ? cli_pair_add_posting : cli_pair_add_resume)(pair, e, &d, &err) != FR_OK)
            rc = cli_fail(&err);
    }
    fr_docset_free(&ix);
    return rc;
}

/* Read one document of `path` into the pair (as its posting or its résumé): the only one, or with
 * `id` the one of that id (a row of `rank`/`match` names its documents by id) out of a directory,
 * JSONL, CSV or index. */
static int read_one(cli_env *e, const char *path, const char *id, int posting, const char *as_of_arg, cli_pair *pair)
{
    const char *flag = posting ? "--posting-id" : "--resume-id";
    if (fr_index_sniff(path))
        return read_indexed(e, path, id, posting, as_of_arg, pair);
    fr_error err = {0};
    fr_input *in = NULL;
    fr_input_opts io = cli_env_io(e, posting ? FR_SET_POSTINGS : FR_SET_RESUMES);
    if (fr_input_open(&path, 1, &io, &in, &err) != FR_OK)
        return cli_fail(&err);
    fr_doc d;
    int more = 0, rc = FR_EXIT_OK, found = 0;
    size_t n = 0;
    for (;;) {
        if (fr_input_next(in, &d, &more, &err) != FR_OK) {
            rc = cli_fail(&err);
            break;
        }
        if (!more)
            break;
        n++;
        if (id && (d.id_len != strlen(id) || memcmp(d.id, id, d.id_len) != 0))
            continue;
        if (found) {
            rc = id ? cli_err(FR_EXIT_INPUT, "%s: more than one document has the id '%s'", path, id)
                    : cli_err(FR_EXIT_INPUT, "%s: holds more than one document; name one with %s ID (the id `rank` "
                              "and `match` print)", path, flag);
            break;
        }
        found = 1;
        if ((posting ? cli_pair_add_posting : cli_pair_add_resume)(pair, e, &d, &err) != FR_OK) {
            rc = cli_fail(&err);
            break;
        }
    }
    if (rc == FR_EXIT_OK && !found)
        rc = id ? cli_err(FR_EXIT_INPUT, "%s: no document with the id '%s' (of %zu read)", path, id, n)
                : cli_err(FR_EXIT_INPUT, "%s: no document", path);
    fr_input_free(in);
    return rc;
}

typedef struct {
    uint32_t term;
    double w;
} termw;

static int termw_cmp(const void *a, const void *b)
{
    const termw *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->term < y->term ? -1 : x->term > y->term;
}

static cJSON *term_list(const fr_model *m, termw *t, size_t n, size_t cap, const char *wkey)
{
    qsort(t, n, sizeof *t, termw_cmp);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n && i < cap; i++) {
        size_t len;
        const char *s = fr_model_term(m, t[i].term, &len);
        char *z = strndup(s, len);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "term", z ? z : "");
        cJSON_AddNumberToObject(o, wkey, round(t[i].w * 1e4) / 1e4);
        cJSON_AddItemToArray(a, o);
        free(z);
    }
    return a;
}

static double r4(double x) { return round(x * 1e4) / 1e4; }

static cJSON *item_json(const cli_pair *c, size_t i, const fr_item_eval *ev, const fr_model *m)
{
    const fr_docset *P = &c->P, *R = &c->R;
    const fr_unit_item *it = fr_docset_item(P, i);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "text", fr_docset_str(P, it->text));
    cJSON_AddStringToObject(o, "kind", fr_kind_name((fr_kind)it->kind));
    cJSON_AddStringToObject(o, "status", fr_item_status_name(ev->status));
    cJSON_AddNumberToObject(o, "coverage", r4(ev->cov));
    cJSON *by = cJSON_AddArrayToObject(o, "decided_by");
    const fr_verdict *vd = &ev->verdict;
    if (vd->decided && !ev->decided_by) /* language, certification, soft, logistics */
        cJSON_AddItemToArray(by, cJSON_CreateString(fr_kind_name((fr_kind)it->kind)));
    else if (!ev->decided_by)
        cJSON_AddItemToArray(by, cJSON_CreateString("evidence"));
    if (ev->decided_by & FR_BY_YEARS)
        cJSON_AddItemToArray(by, cJSON_CreateString("years"));
    if (ev->decided_by & FR_BY_DEGREE)
        cJSON_AddItemToArray(by, cJSON_CreateString("degree"));
    if (ev->decided_by & FR_BY_ENROLMENT)
        cJSON_AddItemToArray(by, cJSON_CreateString("enrolment"));
    if (it->min_years >= 0) {
        cJSON_AddNumberToObject(o, "min_years", it->min_years);
        if (ev->years_have >= 0)
            cJSON_AddNumberToObject(o, "years_found", r4(ev->years_have));
        else
            cJSON_AddNullToObject(o, "years_found");
    }
    if (it->degree)
        cJSON_AddStringToObject(o, "degree", fr_degree_name((fr_degree)it->degree));
    cJSON *parts = cJSON_AddObjectToObject(o, "evidence_parts");
    cJSON_AddNumberToObject(parts, "lexical", r4(ev->lex));
    cJSON_AddNumberToObject(parts, "dense", r4(ev->dense));
    cJSON_AddNumberToObject(parts, "text", r4(ev->text));
    cJSON_AddNumberToObject(parts, "term_share", r4(ev->mass));
    if (ev->skill >= 0)
        cJSON_AddNumberToObject(parts, "skill_share", r4(ev->skill));
    else
        cJSON_AddNullToObject(parts, "skill_share");
    cJSON_AddNumberToObject(parts, "evidence", r4(ev->evidence));
    const char *basis;
    int32_t ch = cli_pair_evidence(c, i, &basis);
    uint32_t c0 = R->unit_start.v[0];
    char rule[512];
    fr_verdict_sentence(vd, it, c->lx, ch >= 0 && vd->decided && vd->chunk == ch ? c->resume->chunks.v[ch].text : NULL, rule,
                        sizeof rule);
    cJSON_AddStringToObject(o, "rule", rule);
    if (ch >= 0) {
        const fr_unit_chunk *uc = fr_docset_chunk(R, c0 + (uint32_t)ch);
        cJSON *e = cJSON_AddObjectToObject(o, "evidence");
        char ebuf[FR_EVIDENCE_MAX + 1];
        cJSON_AddStringToObject(e, "text", fr_evidence_cut(c->resume->chunks.v[ch].text, ebuf));
        cJSON_AddNumberToObject(e, "start", uc->start);
        cJSON_AddNumberToObject(e, "end", uc->end);
        cJSON_AddStringToObject(e, "section", fr_rsec_name((fr_rsec)uc->section));
        cJSON_AddStringToObject(e, "offsets", c->resume->offsets);
        cJSON_AddStringToObject(e, "by", basis);
    } else
        cJSON_AddNullToObject(o, "evidence");
    /* what a skill item was looked for by, when the résumé did not show it: its skills, and what
     * would have stood for them (kinds meet, substitutes make partial) */
    if ((it->kind == FR_KIND_SKILL || it->kind == FR_KIND_OTHER) && ev->status != FR_ITEM_MET) {
        size_t ns, nsub;
        const uint32_t *sk = fr_docset_item_skills(P, i, &ns);
        const uint32_t *sub = fr_docset_item_subs(P, i, &nsub);
        if (ns) {
            cJSON *lf = cJSON_AddArrayToObject(o, "looked_for"), *alt = cJSON_AddArrayToObject(o, "or_instead");
            for (size_t k = 0; k < ns; k++)
                if (!(k < 8 && (it->soft_mask >> k & 1)))
                    cJSON_AddItemToArray(lf, cJSON_CreateString(fr_lexicon_name(c->lx, sk[k])));
            uint32_t shown[24];
            size_t nsh = 0;
            for (size_t k = 0; k < nsub && nsh < 24; k++) {
                uint32_t id = FR_SUB_SKILL(sub[k]);
                int dup = 0;
                for (size_t j = 0; j < ns && !dup; j++)
                    dup = sk[j] == id;
                for (size_t j = 0; j < nsh && !dup; j++)
                    dup = shown[j] == id;
                if (!dup) {
                    shown[nsh++] = id;
                    cJSON_AddItemToArray(alt, cJSON_CreateString(fr_lexicon_name(c->lx, id)));
                }
            }
        }
    }
    /* terms: item row against the lexical chunk's row, and against the whole résumé — looked up
     * by binary search in those rows (columns ascend), so an item costs what its own terms cost,
     * however long the résumé (a posting of a million bullets stays linear) */
    const fr_csr_rows *U = &P->unit_rows, *C = &R->unit_rows, *D = &R->doc_rows;
    size_t ni = U->ptr.v[i + 1] - U->ptr.v[i];
    termw *contrib = malloc((ni + 1) * sizeof *contrib), *missing = malloc((ni + 1) * sizeof *missing);
    size_t nc = 0, nm = 0;
    if (contrib && missing) {
        for (uint32_t a = U->ptr.v[i]; a < U->ptr.v[i + 1]; a++) {
            uint32_t t = U->col.v[a], b;
            if (ev->lex_chunk >= 0) {
                uint32_t cc = c0 + (uint32_t)ev->lex_chunk;
                if (fr_csr_find(C, cc, t, &b))
                    contrib[nc++] = (termw){t, (double)U->val[a] * C->val[b]};
            }
            if (!fr_csr_find(D, 0, t, &b))
                missing[nm++] = (termw){t, fr_model_idf(m, t)};
        }
    }
    cJSON_AddItemToObject(o, "terms", term_list(m, contrib, nc, 5, "contribution"));
    cJSON_AddItemToObject(o, "missing_terms", term_list(m, missing, nm, 8, "idf"));
    free(contrib);
    free(missing);
    return o;
}

/* ---- text output, streamed: the head, then each item as it is evaluated, then the tail ---- */

static void text_head(FILE *fp, cJSON *root, const char *score)
{
    fputs("posting  ", fp);
    cli_term(fp, cJSON_GetObjectItem(root, "posting")->valuestring);
    fputs("\nresume   ", fp);
    cli_term(fp, cJSON_GetObjectItem(root, "resume")->valuestring);
    fprintf(fp, "\nscore    %s  (gate: %s)\nmodel    %s\n", score,
            cJSON_IsTrue(cJSON_GetObjectItem(root, "gate")) ? "pass — no required item missing"
                                                            : "FAIL — a required item is missing",
            cJSON_GetObjectItem(root, "model")->valuestring);
}

/* One item of the text view; `width`: the terminal's columns (item, rule and evidence texts elided
 * to fit), 0 for a file or pipe. */
static void text_item(FILE *fp, cJSON *it, size_t width)
{
    const char *st = cJSON_GetObjectItem(it, "status")->valuestring;
    const char *mk = strcmp(st, "met") == 0 ? "✓" : strcmp(st, "partial") == 0 ? "~" : strcmp(st, "unknown") == 0 ? "?" : "✗";
    cJSON *parts = cJSON_GetObjectItem(it, "evidence_parts"), *by = cJSON_GetObjectItem(it, "decided_by");
    /* column counts from the bytes printed: the marks are 3 bytes and 1 column, the rest ASCII */
    int n = fprintf(fp, "  %s %-7s %.4f  ", mk, st, cJSON_GetObjectItem(it, "coverage")->valuedouble);
    cli_term_fit(fp, cJSON_GetObjectItem(it, "text")->valuestring, n > 2 ? (size_t)n - 2 : 0, width);
    n = fprintf(fp, "\n      %s: ", cJSON_GetObjectItem(it, "kind")->valuestring);
    cli_term_fit(fp, cJSON_GetObjectItem(it, "rule")->valuestring, n > 1 ? (size_t)n - 1 : 0, width);
    fprintf(fp, "\n      decided by");
    cJSON *b;
    cJSON_ArrayForEach(b, by) fprintf(fp, " %s", b->valuestring);
    cJSON *yf = cJSON_GetObjectItem(it, "years_found");
    if (yf)
    {
        if (cJSON_IsNull(yf))
            fprintf(fp, "; years: needs %g, found nothing dated", cJSON_GetObjectItem(it, "min_years")->valuedouble);
        else
            fprintf(fp, "; years: needs %g, found %.1f", cJSON_GetObjectItem(it, "min_years")->valuedouble,
                    yf->valuedouble);
    }
    fprintf(fp, "\n      lexical %.4f, dense %.4f, term share %.4f", cJSON_GetObjectItem(parts, "lexical")->valuedouble,
            cJSON_GetObjectItem(parts, "dense")->valuedouble, cJSON_GetObjectItem(parts, "term_share")->valuedouble);
    cJSON *ss = cJSON_GetObjectItem(parts, "skill_share");
    if (!cJSON_IsNull(ss))
        fprintf(fp, ", skill share %.4f", ss->valuedouble);
    fputc('\n', fp);
    cJSON *ev = cJSON_GetObjectItem(it, "evidence");
    if (!cJSON_IsNull(ev)) {
        n = fprintf(fp, "      evidence [%d, %d) %s, by %s: \"", cJSON_GetObjectItem(ev, "start")->valueint,
                    cJSON_GetObjectItem(ev, "end")->valueint, cJSON_GetObjectItem(ev, "section")->valuestring,
                    cJSON_GetObjectItem(ev, "by")->valuestring);
        /* one column more for the closing quote */
        cli_term_fit(fp, cJSON_GetObjectItem(ev, "text")->valuestring, n > 0 ? (size_t)n + 1 : 0, width);
        fputs("\"\n", fp);
    }
    cJSON *lf = cJSON_GetObjectItem(it, "looked_for");
    if (cJSON_GetArraySize(lf)) {
        cJSON *t;
        int first = 1;
        fputs("      looked for:", fp);
        cJSON_ArrayForEach(t, lf)
        {
            fputs(first ? " " : ", ", fp);
            cli_term(fp, t->valuestring);
            first = 0;
        }
        cJSON *alt = cJSON_GetObjectItem(it, "or_instead");
        first = 1;
        cJSON_ArrayForEach(t, alt)
        {
            fputs(first ? " (or instead: " : ", ", fp);
            cli_term(fp, t->valuestring);
            first = 0;
        }
        fputs(first ? "\n" : ")\n", fp);
    }
    static const char *const tl[] = {"terms", "missing_terms"};
    static const char *const lab[] = {"matched terms", "missing terms"};
    for (int k = 0; k < 2; k++) {
        cJSON *ta = cJSON_GetObjectItem(it, tl[k]), *t;
        if (!cJSON_GetArraySize(ta))
            continue;
        fr_buf line = {0};
        cJSON_ArrayForEach(t, ta) fr_buf_printf(&line, " %s", cJSON_GetObjectItem(t, "term")->valuestring);
        fprintf(fp, "      %s:", lab[k]);
        cli_term_wrap(fp, line.data ? line.data : "", line.len, 7 + strlen(lab[k]), width, 8);
        fputc('\n', fp);
        fr_buf_free(&line);
    }
}

static void text_tail(FILE *fp, cJSON *root, size_t width)
{
    cJSON *ctx = cJSON_GetObjectItem(root, "context");
    fprintf(fp, "\ncontext  %.4f  (lexical cosine %.4f, dense %.4f)\n", cJSON_GetObjectItem(ctx, "value")->valuedouble,
            cJSON_GetObjectItem(ctx, "lexical")->valuedouble, cJSON_GetObjectItem(ctx, "dense")->valuedouble);
    cJSON *sk = cJSON_GetObjectItem(root, "skills"), *cov = cJSON_GetObjectItem(sk, "coverage");
    if (!cJSON_IsNull(cov)) {
        cJSON *named = cJSON_GetObjectItem(sk, "named"), *missing = cJSON_GetObjectItem(sk, "missing"), *x;
        int nn = cJSON_GetArraySize(named), nm = cJSON_GetArraySize(missing);
        fprintf(fp, "skills   %.4f  (%d of the %d the posting asks for)\n", cov->valuedouble, nn, nn + nm);
        /* a line each for the named and the missing ones, fitted to a terminal */
        for (int k = 0; k < 2; k++) {
            cJSON *list = k ? missing : named;
            if (!cJSON_GetArraySize(list))
                continue;
            fr_buf b = {0};
            cJSON_ArrayForEach(x, list) fr_buf_printf(&b, "%s%s", b.len ? ", " : "", x->valuestring);
            fputs(k ? "  missing: " : "  named:   ", fp);
            cli_term_fit(fp, b.data ? b.data : "", 11, width);
            fputc('\n', fp);
            fr_buf_free(&b);
        }
    }
    /* the arithmetic, a line per step: the product, then how each term was made */
    const char *t = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "arithmetic"), "text")->valuestring;
    const char *semi = strstr(t, "; each term = ");
    if (!semi) {
        fputc('\n', fp);
        cli_term_wrap(fp, t, strlen(t), 0, width, 2);
        fputc('\n', fp);
        return;
    }
    fputc('\n', fp);
    cli_term_wrap(fp, t, (size_t)(semi - t), 0, width, 2);
    const char *colon = strstr(semi, ": ");
    fputs("\n  ", fp);
    cli_term_wrap(fp, semi + 2, colon ? (size_t)(colon - semi - 1) : strlen(semi + 2), 2, width, 4);
    for (const char *p = colon ? colon + 2 : NULL; p && *p;) {
        const char *e = strstr(p, ", ");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        fputs("\n    ", fp);
        cli_term_wrap(fp, p, n, 4, width, 6);
        p = e ? e + 2 : NULL;
    }
    fputc('\n', fp);
}

/* Write one item as cJSON_Print writes it at depth 2 of the whole document (an element of the
 * root's "required"/"preferred" array): the item printed alone, each new line indented two tabs
 * more (cJSON escapes newlines inside strings, so every raw newline is layout). */
static int json_item(FILE *fp, cJSON *it)
{
    char *s = cJSON_Print(it);
    if (!s)
        return 0;
    for (const char *p = s, *nl; *p; p = nl + 1) {
        if (!(nl = strchr(p, '\n'))) {
            fputs(p, fp);
            break;
        }
        fwrite(p, 1, (size_t)(nl - p), fp);
        fputs("\n\t\t", fp);
    }
    cJSON_free(s);
    return 1;
}

int cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        CLI_SIDE_LONGOPTS,
        {"posting", required_argument, NULL, OPT_POSTING},
        {"resume", required_argument, NULL, OPT_RESUME},
        {"posting-id", required_argument, NULL, OPT_POSTING_ID},
        {"resume-id", required_argument, NULL, OPT_RESUME_ID},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"model", required_argument, NULL, OPT_MODEL},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_env env;
    memset(&env, 0, sizeof env);
    fr_input_opts_default(&env.io);
    const char *posting = NULL, *resume = NULL, *model_path = NULL, *out_path = NULL, *as_of = NULL;
    const char *posting_id = NULL, *resume_id = NULL;
    int json = 0, c, r;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return FR_EXIT_OK;
        } else if (c == 'o')
            out_path = optarg;
        else if (c == OPT_POSTING)
            posting = optarg;
        else if (c == OPT_RESUME)
            resume = optarg;
        else if (c == OPT_POSTING_ID)
            posting_id = optarg;
        else if (c == OPT_RESUME_ID)
            resume_id = optarg;
        else if (c == OPT_MODEL)
            model_path = optarg;
        else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == OPT_FORMAT) {
            if (strcmp(optarg, "json") == 0)
                json = 1;
            else if (strcmp(optarg, "text") != 0)
                return cli_usage_err("explain", "--format takes text or json (got '%s')", optarg);
        } else if ((r = cli_input_opt("explain", c, optarg, &env.io)) != 0 ||
                   (r = cli_side_opt("explain", c, optarg, env.side)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("explain", argv, c, longopts);
    }
    if (optind < argc)
        return cli_usage_err("explain", "unexpected argument '%s'", argv[optind]);
    if (!posting || !resume)
        return cli_usage_err("explain", "--posting FILE and --resume FILE are required");
    if (!cli_as_of("explain", as_of, &env.as_of))
        return FR_EXIT_USAGE;
    openblas_set_num_threads(1);
    fr_error err = {0};
    cli_pair cx;
    memset(&cx, 0, sizeof cx);
    fr_scorer *sc = NULL;
    fr_outfile out = {0};
    cJSON *root = NULL;
    int rc = cli_env_open(&env, model_path, &err);
    if (rc != FR_EXIT_OK)
        goto done;
    if (cli_pair_init(&cx, &env, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if ((rc = read_one(&env, posting, posting_id, 1, as_of, &cx)) != FR_EXIT_OK ||
        (rc = read_one(&env, resume, resume_id, 0, as_of, &cx)) != FR_EXIT_OK)
        goto done;
    if (fr_scorer_new(env.model, &sc, &err) != FR_OK || cli_pair_score(&cx, &env, sc, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    size_t ni = cx.n_items, nreq = cx.n_req;
    fr_item_eval *items = cx.items;
    const fr_pair_eval pe = cx.pe;
    const fr_score_params *sp = &fr_model_opts(env.model)->score;
    root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "posting", fr_docset_id(&cx.P, 0));
    cJSON_AddStringToObject(root, "resume", fr_docset_id(&cx.R, 0));
    char sbuf[32];
    snprintf(sbuf, sizeof sbuf, "%.4f", (double)pe.score);
    cJSON_AddRawToObject(root, "score", sbuf);
    cJSON_AddBoolToObject(root, "gate", pe.gate);
    /* The items are not kept in the tree: each is built, written and freed in turn (a posting of a
     * million bullets would otherwise hold a million JSON objects, 6 KB each).  Their arrays are
     * markers that the writing below replaces; "\x01" never appears in printed JSON (cJSON escapes
     * control characters in strings). */
    cJSON_AddRawToObject(root, "required", "\x01R");
    cJSON_AddRawToObject(root, "preferred", "\x01P");
    cJSON *ctx = cJSON_AddObjectToObject(root, "context");
    cJSON_AddNumberToObject(ctx, "lexical", r4(pe.ctx_lex));
    cJSON_AddNumberToObject(ctx, "dense", r4(pe.ctx_dense));
    cJSON_AddNumberToObject(ctx, "value", r4(pe.ctx));
    /* the arithmetic, with the unrounded parts so that it gives the reported score: the terms come
     * from the function that made the score */
    fr_score_terms tm;
    fr_score_combine(sp, &pe, &tm);
    int geo = sp->form == 1;
    cJSON *ar = cJSON_AddObjectToObject(root, "arithmetic");
    cJSON_AddStringToObject(ar, "form", geo ? "geometric" : "arithmetic");
    cJSON *w = cJSON_AddObjectToObject(ar, "weights");
    static const char *const part_name[FR_N_PARTS] = {"context", "required", "preferred", "skills"};
    for (int k = 0; k < FR_N_PARTS; k++)
        cJSON_AddNumberToObject(w, part_name[k], tm.w[k]);
    if (pe.req_total)
        cJSON_AddNumberToObject(ar, "required_coverage", pe.req_cov);
    else
        cJSON_AddNullToObject(ar, "required_coverage");
    if (pe.pref_total)
        cJSON_AddNumberToObject(ar, "preferred_coverage", pe.pref_cov);
    else
        cJSON_AddNullToObject(ar, "preferred_coverage");
    cJSON_AddNumberToObject(ar, "context", pe.ctx);
    if (pe.skills_total)
        cJSON_AddNumberToObject(ar, "skill_coverage", pe.skill_cov);
    else
        cJSON_AddNullToObject(ar, "skill_coverage");
    if (geo) {
        cJSON_AddNumberToObject(ar, "floor", sp->floor);
        cJSON_AddNumberToObject(ar, "shrink", sp->shrink);
        cJSON_AddNumberToObject(ar, "prior", sp->prior);
        cJSON *tj = cJSON_AddObjectToObject(ar, "terms");
        for (int k = 0; k < FR_N_PARTS; k++)
            cJSON_AddNumberToObject(tj, part_name[k], tm.term[k]);
    }
    /* the skills the posting asks for, named or not by the résumé */
    cJSON *sk = cJSON_AddObjectToObject(root, "skills");
    cJSON *sk_have = cJSON_AddArrayToObject(sk, "named"), *sk_miss = cJSON_AddArrayToObject(sk, "missing");
    const uint64_t *pbits = fr_docset_skill_bits(&cx.P, 0), *rbits = fr_docset_skill_bits(&cx.R, 0);
    for (size_t id = 0; id < cx.P.n_skill_words * 64; id++)
        if (pbits[id / 64] >> (id % 64) & 1)
            cJSON_AddItemToArray(rbits[id / 64] >> (id % 64) & 1 ? sk_have : sk_miss,
                                 cJSON_CreateString(fr_lexicon_name(env.lx, (uint32_t)id)));
    if (pe.skills_total)
        cJSON_AddNumberToObject(sk, "coverage", r4(pe.skill_cov));
    else
        cJSON_AddNullToObject(sk, "coverage");
    fr_buf t = {0};
    if (geo) {
        /* score = Π term^(w / Σw), each term = floor + (1 − floor) · part, coverages shrunk */
        double den = 0;
        for (int k = 0; k < FR_N_PARTS; k++)
            den += tm.w[k];
        fr_buf_printf(&t, "score = ");
        const char *sep = "";
        for (int k = 0; k < FR_N_PARTS; k++)
            if (tm.w[k] > 0) {
                fr_buf_printf(&t, "%s%.6f^%.4g", sep, tm.term[k], tm.w[k] / den);
                sep = " × ";
            }
        fr_buf_printf(&t, " = %.4f; each term = %g + %g × part: context %.6f", (double)pe.score, sp->floor,
                      1 - sp->floor, (double)pe.ctx);
        uint32_t n[3] = {pe.req_total, pe.pref_total, pe.skills_total};
        double mean[3] = {pe.req_cov, pe.pref_cov, pe.skill_cov};
        for (int k = 1; k < FR_N_PARTS; k++) {
            if (!n[k - 1])
                fr_buf_printf(&t, ", %s none (the prior %g)", part_name[k], sp->prior);
            else
                fr_buf_printf(&t, ", %s (%.6f × %u + %g × %g) / (%u + %g) = %.6f", part_name[k], mean[k - 1], n[k - 1],
                              sp->shrink, sp->prior, n[k - 1], sp->shrink, tm.value[k]);
        }
        if (pe.skills_total)
            fr_buf_printf(&t, " (%u of %u named)", pe.skills_have, pe.skills_total);
    } else {
        double den = tm.w[FR_PART_CTX] + tm.w[FR_PART_REQ] + tm.w[FR_PART_PREF] + tm.w[FR_PART_SKILL];
        fr_buf_printf(&t, "score = (");
        if (pe.req_total)
            fr_buf_printf(&t, "%g × %.6f required (mean of %u) + ", sp->w_req, (double)pe.req_cov, pe.req_total);
        if (pe.pref_total)
            fr_buf_printf(&t, "%g × %.6f preferred (mean of %u) + ", sp->w_pref, (double)pe.pref_cov, pe.pref_total);
        if (pe.skills_total)
            fr_buf_printf(&t, "%g × %.6f skills (%u of %u) + ", sp->w_skill, (double)pe.skill_cov, pe.skills_have,
                          pe.skills_total);
        fr_buf_printf(&t, "%g × %.6f context) / %g = %.4f", sp->w_ctx, (double)pe.ctx, den, (double)pe.score);
    }
    cJSON_AddStringToObject(ar, "text", t.data ? t.data : "");
    fr_buf_free(&t);
    cJSON_AddStringToObject(root, "model", fr_model_hash(env.model));
    if (cli_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    char *s = json ? cJSON_Print(root) : NULL;
    if (json && !s) {
        rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
        goto done;
    }
    const char *at = s;
    if (!json)
        text_head(out.fp, root, sbuf);
    for (int l = 0; l < 2 && rc == FR_EXIT_OK; l++) {
        size_t from = l ? nreq : 0, to = l ? ni : nreq;
        if (json) {
            const char *mk = strstr(at, l ? "\x01P" : "\x01R");
            fwrite(at, 1, (size_t)(mk - at), out.fp);
            at = mk + 2;
            fputc('[', out.fp);
        } else
            fprintf(out.fp, "\n%s (%zu)\n", l ? "preferred" : "required", to - from);
        for (size_t i = from; i < to; i++) {
            cJSON *it = item_json(&cx, i, &items[i], env.model);
            if (!it || (json && ((i > from && fputs(", ", out.fp) < 0) || !json_item(out.fp, it))))
                rc = cli_err(FR_EXIT_OUTPUT, "out of memory");
            else if (!json)
                text_item(out.fp, it, cli_width(out.fp));
            cJSON_Delete(it);
            if (rc != FR_EXIT_OK)
                break;
        }
        if (json)
            fputc(']', out.fp);
    }
    if (json && rc == FR_EXIT_OK) {
        fputs(at, out.fp);
        fputc('\n', out.fp);
    } else if (rc == FR_EXIT_OK)
        text_tail(out.fp, root, cli_width(out.fp));
    cJSON_free(s);
    if (rc == FR_EXIT_OK && fr_outfile_commit(&out, &err) != FR_OK)
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
    if (rc == FR_EXIT_OK)
        cli_env_notes(&env);
done:
    fr_outfile_abort(&out);
    cJSON_Delete(root);

    fr_scorer_free(sc);
    cli_pair_free(&cx);
    cli_env_close(&env);
    return rc;
}
