/* cli/cmd_parse.c — `fitrank parse posting|resume`: the structured document as JSON. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "util/io.h"

static const char usage[] =
    "Usage: fitrank parse posting|resume [--format json|jsonl|text] [--as-of YYYY-MM] [--skip-bad]\n"
    "                    [input options] [-o FILE] INPUT...\n"
    "\n"
    "Print each document's structure.  Postings: {\"id\", \"lexicon\" (skill lexicon version), \"title\",\n"
    "\"offsets\", \"summary\",\n"
    "\"responsibilities\", \"required\", \"preferred\", \"other\", \"skills\", \"context\"}, where an item is\n"
    "{\"text\", \"start\", \"end\", \"min_years\", \"degree\", \"enrolled\", \"fields\", \"skills\", \"any_of\"}.\n"
    "Résumés: {\"id\", \"offsets\", \"sections\", \"experience\", \"education\", \"chunks\", \"facts\"}.\n"
    "\"offsets\" says what start/end count bytes of: \"source\" (the file), \"extracted\" (text fitrank\n"
    "extracted: PDF, JSON fields, HTML JSON-LD) or \"field\" (the JSONL/CSV text field).\n"
    "\n"
    "  --format FORMAT      jsonl (one line per document, default), json (pretty) or text (a summary\n"
    "                       a person reads: items with their facts, entries, years per skill)\n"
    "  --as-of YYYY-MM      the date \"present\" means in résumé dates (default: today)\n"
    "  --skip-bad           report a bad document on stderr and go on (exit 1 at the end)\n"
    "  --with-text          add \"text\": the text the offsets index, when it is not the file itself\n"
    "  input options and -o FILE: as for `fitrank tokenize`\n";

static cJSON *str_array(const char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static cJSON *cli_item_json(const fr_item *it, int facts)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "text", it->text);
    cJSON_AddNumberToObject(o, "start", it->start);
    cJSON_AddNumberToObject(o, "end", it->end);
    if (facts) {
        if (it->min_years >= 0)
            cJSON_AddNumberToObject(o, "min_years", it->min_years);
        else
            cJSON_AddNullToObject(o, "min_years");
        if (fr_degree_name(it->degree))
            cJSON_AddStringToObject(o, "degree", fr_degree_name(it->degree));
        else
            cJSON_AddNullToObject(o, "degree");
        cJSON_AddBoolToObject(o, "enrolled", it->enrolled);
        cJSON_AddItemToObject(o, "fields", str_array(it->fields, it->n_fields));
        cJSON_AddItemToObject(o, "skills", str_array(it->skills, it->n_skills));
        cJSON_AddBoolToObject(o, "any_of", it->any_of);
        /* requirement verdicts (docs/VERDICTS.md): the kind decides how the item is judged */
        cJSON_AddStringToObject(o, "kind", fr_kind_name((fr_kind)it->kind));
        if (it->kind == FR_KIND_EDUCATION || it->kind == FR_KIND_ENROLMENT) {
            char buf[256];
            cJSON_AddStringToObject(o, "field_groups", fr_fields_name(it->field_bits, buf, sizeof buf));
            cJSON *alt = cJSON_AddArrayToObject(o, "alternatives");
            if (it->alt & FR_ALT_EXPERIENCE)
                cJSON_AddItemToArray(alt, cJSON_CreateString("equivalent experience"));
            if (it->alt & FR_ALT_RELATED)
                cJSON_AddItemToArray(alt, cJSON_CreateString("related field"));
            if (it->alt & FR_ALT_QUALIFICATION)
                cJSON_AddItemToArray(alt, cJSON_CreateString("comparable qualification"));
            if (it->alt & FR_ALT_CERT)
                cJSON_AddItemToArray(alt, cJSON_CreateString("credential"));
        }
        if (it->kind == FR_KIND_LANGUAGE) {
            cJSON *la = cJSON_AddArrayToObject(o, "languages");
            for (size_t i = 0; i < it->n_langs; i++)
                cJSON_AddItemToArray(la, cJSON_CreateString(fr_lang_name(it->langs[i])));
            cJSON_AddStringToObject(o, "level", fr_level_name(it->lang_level ? it->lang_level : 1));
        }
        if (it->kind == FR_KIND_SOFT || it->kind == FR_KIND_LOGISTICS) {
            cJSON *cu = cJSON_AddArrayToObject(o, "qualities");
            for (int b = 0; b < 64; b++)
                if (it->cues >> b & 1 && (it->kind == FR_KIND_SOFT ? b <= FR_CUE_SOFT_LAST : b >= FR_CUE_LOGI_FIRST && b <= FR_CUE_LOGI_LAST))
                    cJSON_AddItemToArray(cu, cJSON_CreateString(fr_cue_name(b)));
        }
    }
    return o;
}

static cJSON *items_json(const fr_items *its, int facts)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < its->n; i++)
        cJSON_AddItemToArray(a, cli_item_json(&its->v[i], facts));
    return a;
}

static cJSON *posting_json(const fr_posting *p, const fr_lexicon *lx)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", p->id);
    cJSON_AddNumberToObject(o, "lexicon", fr_lexicon_version(lx));
    if (p->title)
        cJSON_AddStringToObject(o, "title", p->title);
    else
        cJSON_AddNullToObject(o, "title");
    cJSON_AddStringToObject(o, "offsets", p->offsets);
    cJSON_AddItemToObject(o, "summary", items_json(&p->summary, 0));
    cJSON_AddItemToObject(o, "responsibilities", items_json(&p->responsibilities, 1));
    cJSON_AddItemToObject(o, "required", items_json(&p->required, 1));
    cJSON_AddItemToObject(o, "preferred", items_json(&p->preferred, 1));
    cJSON_AddItemToObject(o, "other", items_json(&p->other, 1));
    cJSON_AddItemToObject(o, "skills", str_array(p->skills, p->n_skills));
    cJSON_AddItemToObject(o, "context", items_json(&p->context, 0));
    return o;
}

static cJSON *ym_json(fr_ym d, int present)
{
    if (present)
        return cJSON_CreateString("present");
    if (!d.year)
        return cJSON_CreateNull();
    char buf[16];
    if (d.month)
        snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    else
        snprintf(buf, sizeof buf, "%04d", d.year);
    return cJSON_CreateString(buf);
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *resume_json(const fr_resume *r, const fr_lexicon *lx, const fr_entry_chunks *ec)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddNumberToObject(o, "lexicon", fr_lexicon_version(lx));
    cJSON_AddStringToObject(o, "offsets", r->offsets);
    cJSON *secs = cJSON_AddArrayToObject(o, "sections");
    for (size_t i = 0; i < r->n_sections; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "kind", fr_rsec_name(r->sections[i].kind));
        add_str_or_null(x, "heading", r->sections[i].heading);
        cJSON_AddNumberToObject(x, "start", r->sections[i].start);
        cJSON_AddNumberToObject(x, "end", r->sections[i].end);
        cJSON_AddItemToArray(secs, x);
    }
    cJSON *ex = cJSON_AddArrayToObject(o, "experience");
    for (size_t i = 0; i < r->n_experience; i++) {
        const fr_experience *e = &r->experience[i];
        cJSON *x = cJSON_CreateObject();
        add_str_or_null(x, "title", e->title);
        add_str_or_null(x, "organisation", e->organisation);
        cJSON_AddItemToObject(x, "start_date", ym_json(e->start, 0));
        cJSON_AddItemToObject(x, "end_date", ym_json(e->end, e->present));
        cJSON_AddNumberToObject(x, "start", e->start_off);
        cJSON_AddNumberToObject(x, "end", e->end_off);
        cJSON_AddItemToObject(x, "skills", str_array(e->skills, e->n_skills));
        /* the entry's lines and bullets: the chunks inside its span */
        cJSON *bl = cJSON_AddArrayToObject(x, "bullets");
        for (uint32_t k = ec->first[i]; k < ec->first[i + 1]; k++)
            cJSON_AddItemToArray(bl, cJSON_CreateString(r->chunks.v[ec->idx[k]].text));
        cJSON_AddItemToArray(ex, x);
    }
    cJSON *ed = cJSON_AddArrayToObject(o, "education");
    for (size_t i = 0; i < r->n_education; i++) {
        const fr_education *e = &r->education[i];
        cJSON *x = cJSON_CreateObject();
        add_str_or_null(x, "degree", fr_degree_name(e->degree));
        add_str_or_null(x, "field", e->field);
        add_str_or_null(x, "institution", e->institution);
        cJSON_AddItemToObject(x, "start_date", ym_json(e->start, 0));
        cJSON_AddItemToObject(x, "end_date", ym_json(e->end, 0));
        add_str_or_null(x, "status", e->status);
        cJSON_AddNumberToObject(x, "start", e->start_off);
        cJSON_AddNumberToObject(x, "end", e->end_off);
        cJSON_AddItemToArray(ed, x);
    }
    cJSON *ch = cJSON_AddArrayToObject(o, "chunks");
    for (size_t i = 0; i < r->chunks.n; i++) {
        cJSON *x = cli_item_json(&r->chunks.v[i], 0);
        cJSON_AddStringToObject(x, "section", fr_rsec_name(r->chunk_section[i]));
        cJSON_AddItemToArray(ch, x);
    }
    cJSON *f = cJSON_AddObjectToObject(o, "facts");
    cJSON *sy = cJSON_AddObjectToObject(f, "skill_years");
    for (size_t i = 0; i < r->n_skill_years; i++)
        cJSON_AddNumberToObject(sy, r->skill_years[i].skill, (double)(long)(r->skill_years[i].years * 10 + 0.5) / 10);
    cJSON_AddNumberToObject(f, "total_years", (double)(long)(r->total_years * 10 + 0.5) / 10);
    add_str_or_null(f, "highest_degree", fr_degree_name(r->highest_degree));
    add_str_or_null(f, "field", r->highest_field);
    cJSON_AddBoolToObject(f, "enrolled", r->enrolled);
    cJSON_AddItemToObject(f, "skills", str_array(r->skills, r->n_skills));
    return o;
}

/* ---- the human-readable view (--format text) ---- */

static void text_facts(FILE *fp, const fr_item *it)
{
    int any = 0;
#define SEP() fputs(any++ ? "; " : "  [", fp)
    SEP();
    fputs(fr_kind_name((fr_kind)it->kind), fp);
    if (it->min_years >= 0) {
        SEP();
        fprintf(fp, ">= %g years", it->min_years);
    }
    if (fr_degree_name(it->degree)) {
        SEP();
        fprintf(fp, "degree: %s", fr_degree_name(it->degree));
    }
    if (it->enrolled) {
        SEP();
        fputs("enrolled", fp);
    }
    if (it->n_fields) {
        SEP();
        fputs("fields: ", fp);
        for (size_t i = 0; i < it->n_fields; i++)
            fputs(i ? ", " : "", fp), cli_term(fp, it->fields[i]);
    }
    if (it->n_skills) {
        SEP();
        fputs(it->any_of && it->n_skills > 1 ? "any of: " : "skills: ", fp);
        for (size_t i = 0; i < it->n_skills; i++)
            fputs(i ? (it->any_of ? " | " : ", ") : "", fp), cli_term(fp, it->skills[i]);
    }
#undef SEP
    if (any)
        fputc(']', fp);
}

static void text_items(FILE *fp, const char *name, const fr_items *its, int facts)
{
    if (!its->n)
        return;
    fprintf(fp, "  %s (%zu)\n", name, its->n);
    for (size_t i = 0; i < its->n; i++) {
        fputs("    \xE2\x80\xA2 ", fp);
        cli_term(fp, its->v[i].text);
        if (facts)
            text_facts(fp, &its->v[i]);
        fputc('\n', fp);
    }
}

static void posting_text(FILE *fp, const fr_posting *p)
{
    fputs("posting ", fp);
    cli_term(fp, p->id);
    if (p->title) {
        fputs(" \xE2\x80\x94 \"", fp);
        cli_term(fp, p->title);
        fputc('"', fp);
    }
    fputc('\n', fp);
    text_items(fp, "required", &p->required, 1);
    text_items(fp, "preferred", &p->preferred, 1);
    text_items(fp, "other requirements", &p->other, 0);
    if (p->n_skills) {
        fputs("  listed skills: ", fp);
        for (size_t i = 0; i < p->n_skills; i++)
            fputs(i ? ", " : "", fp), cli_term(fp, p->skills[i]);
        fputc('\n', fp);
    }
    fprintf(fp, "  (%zu responsibilities, %zu context sentences)\n", p->responsibilities.n, p->context.n);
}

static void ym_text(FILE *fp, fr_ym d, int present)
{
    if (present)
        fputs("present", fp);
    else if (d.year && d.month)
        fprintf(fp, "%04d-%02d", d.year, d.month);
    else if (d.year)
        fprintf(fp, "%04d", d.year);
    else
        fputs("?", fp);
}

static void resume_text(FILE *fp, const fr_resume *r)
{
    fputs("resume ", fp);
    cli_term(fp, r->id);
    fputs("\n  sections:", fp);
    for (size_t i = 0; i < r->n_sections; i++)
        fprintf(fp, " %s", fr_rsec_name(r->sections[i].kind));
    fputc('\n', fp);
    for (size_t i = 0; i < r->n_experience; i++) {
        const fr_experience *e = &r->experience[i];
        fputs("  experience: ", fp);
        cli_term(fp, e->title ? e->title : "?");
        if (e->organisation)
            fputs(" \xE2\x80\x94 ", fp), cli_term(fp, e->organisation);
        fputs(" (", fp);
        ym_text(fp, e->start, 0);
        fputs(" \xE2\x80\x93 ", fp);
        ym_text(fp, e->end, e->present);
        fputc(')', fp);
        for (size_t k = 0; k < e->n_skills && k < 6; k++)
            fputs(k ? ", " : "  [", fp), cli_term(fp, e->skills[k]);
        fputs(e->n_skills ? (e->n_skills > 6 ? ", …]\n" : "]\n") : "\n", fp);
    }
    for (size_t i = 0; i < r->n_education; i++) {
        const fr_education *e = &r->education[i];
        fprintf(fp, "  education: %s", fr_degree_name(e->degree) ? fr_degree_name(e->degree) : "?");
        if (e->field)
            fputs(" in ", fp), cli_term(fp, e->field);
        if (e->institution)
            fputs(", ", fp), cli_term(fp, e->institution);
        fputs(" (", fp);
        cli_term(fp, e->status ? e->status : "?");
        fputs(")\n", fp);
    }
    fprintf(fp, "  facts: %.1f years of dated experience; highest degree %s", r->total_years,
            fr_degree_name(r->highest_degree) ? fr_degree_name(r->highest_degree) : "none");
    if (r->highest_field)
        fputs(" (", fp), cli_term(fp, r->highest_field), fputc(')', fp);
    fputc('\n', fp);
    if (r->enrolled)
        fputs("  currently enrolled\n", fp);
    if (r->n_skill_years) {
        fputs("  years per skill:", fp);
        for (size_t i = 0; i < r->n_skill_years && i < 12; i++)
            fputs(i ? ", " : " ", fp), cli_term(fp, r->skill_years[i].skill), fprintf(fp, " %.1f", r->skill_years[i].years);
        fputs(r->n_skill_years > 12 ? ", …\n" : "\n", fp);
    }
    fprintf(fp, "  %zu chunks\n", r->chunks.n);
}

struct ctx {
    const fr_lexicon *lx;
    fr_ym as_of;
    FILE *fp;
    int text;
    int pretty;
    int skip_bad;
    int with_text;
    size_t bad;
    cli_no_items no_items; /* postings read without items: one note at the end */
};

static fr_status emit(struct ctx *c, cJSON *o, fr_error *err)
{
    char *s = o ? (c->pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o)) : NULL;
    cJSON_Delete(o);
    if (!s)
        return fr_fail(err, FR_ENOMEM, "out of memory formatting JSON");
    fputs(s, c->fp);
    fputc('\n', c->fp);
    cJSON_free(s);
    return FR_OK;
}

static fr_status parse_posting_one(void *vc, const fr_doc *d, fr_error *err)
{
    struct ctx *c = vc;
    fr_posting *p;
    fr_status s = fr_posting_parse_doc(d, c->lx, &p, err);
    if (s != FR_OK)
        return s;
    if (p->no_requirements)
        cli_no_items_add(&c->no_items, p->id, strlen(p->id));
    if (c->text) {
        posting_text(c->fp, p);
        fr_posting_free(p);
        return FR_OK;
    }
    cJSON *o = posting_json(p, c->lx);
    if (c->with_text && strcmp(p->offsets, "source") != 0)
        cJSON_AddStringToObject(o, "text", p->text);
    s = emit(c, o, err);
    fr_posting_free(p);
    return s;
}

static fr_status parse_resume_one(void *vc, const fr_doc *d, fr_error *err)
{
    struct ctx *c = vc;
    fr_resume *r;
    fr_status s = fr_resume_parse_doc(d, c->lx, c->as_of, &r, err);
    if (s != FR_OK)
        return s;
    if (c->text) {
        resume_text(c->fp, r);
        fr_resume_free(r);
        return FR_OK;
    }
    fr_entry_chunks ec;
    if ((s = fr_resume_entry_chunks(r, &ec, err)) != FR_OK) {
        fr_resume_free(r);
        return s;
    }
    cJSON *o = resume_json(r, c->lx, &ec);
    fr_entry_chunks_free(&ec);
    if (c->with_text && strcmp(r->offsets, "source") != 0)
        cJSON_AddStringToObject(o, "text", r->text);
    s = emit(c, o, err);
    fr_resume_free(r);
    return s;
}

int cmd_parse(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_INPUT_LONGOPTS,
        CLI_SIDE_LONGOPTS,
        {"format", required_argument, NULL, OPT_FORMAT},
        {"as-of", required_argument, NULL, OPT_AS_OF},
        {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
        {"with-text", no_argument, NULL, OPT_WITH_TEXT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return FR_EXIT_OK;
    }
    if (argc < 2)
        return cli_usage_err("parse", "missing kind: posting or resume");
    const char *kind = argv[1];
    if (strcmp(kind, "posting") != 0 && strcmp(kind, "resume") != 0)
        return cli_usage_err("parse", "unknown kind '%s' (posting or resume)", kind);
    argc--;
    argv++;
    fr_input_opts io;
    fr_input_opts_default(&io);
    cli_side_opts side[2] = {{0}};
    const char *out_path = NULL, *as_of = NULL;
    struct ctx cx = {NULL, {0, 0}, NULL, 0, 0, 0, 0, 0, {0, {NULL}}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        int r;
        if (c == 'h') {
            fputs(usage, stdout);
            return FR_EXIT_OK;
        } else if (c == 'o')
            out_path = optarg;
        else if (c == OPT_FORMAT) {
            if (strcmp(optarg, "json") == 0)
                cx.pretty = 1;
            else if (strcmp(optarg, "text") == 0)
                cx.text = 1;
            else if (strcmp(optarg, "jsonl") != 0)
                return cli_usage_err("parse", "--format takes 'json', 'jsonl' or 'text' (got '%s')", optarg);
        } else if (c == OPT_AS_OF)
            as_of = optarg;
        else if (c == OPT_SKIP_BAD)
            cx.skip_bad = 1;
        else if (c == OPT_WITH_TEXT)
            cx.with_text = 1;
        else if ((r = cli_input_opt("parse", c, optarg, &io)) != 0 || (r = cli_side_opt("parse", c, optarg, side)) != 0) {
            if (r < 0)
                return FR_EXIT_USAGE;
        } else
            return cli_getopt_err("parse", argv, c, longopts);
    }
    /* the options of the kind parsed apply (--posting-columns to postings, --resume-* to résumés) */
    int is_posting = strcmp(kind, "posting") == 0;
    if (side[is_posting].columns[0] || side[is_posting].id_column || side[is_posting].text_column)
        return cli_usage_err("parse", "parse %s takes the --%s-* input options, not --%s-*", kind, is_posting ? "posting" : "resume",
                             is_posting ? "resume" : "posting");
    fr_input_opts side_io = cli_side_io(&io, &side[!is_posting]);
    io = side_io;
    if (optind >= argc)
        return cli_usage_err("parse", "no INPUT given");
    if (!cli_as_of("parse", as_of, &cx.as_of))
        return FR_EXIT_USAGE;
    fr_error err = {0};
    fr_lexicon *lx = NULL;
    fr_input *in = NULL;
    fr_outfile out = {0};
    int rc = FR_EXIT_OK;
    if (fr_lexicon_new(&lx, &err) != FR_OK ||
        fr_input_open((const char *const *)argv + optind, (size_t)(argc - optind), &io, &in, &err) != FR_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (cli_outfile_open(&out, out_path, &err) != FR_OK) {
        rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
        goto done;
    }
    cx.lx = lx;
    cx.fp = out.fp;
    cli_doc_fn fn = strcmp(kind, "posting") == 0 ? parse_posting_one : parse_resume_one;
    if (cx.skip_bad) {
        size_t n_bad;
        rc = cli_each_doc_skip(in, fn, &cx, &n_bad);
        if (rc == FR_EXIT_INPUT && n_bad) {
            /* the good documents are still written: skipping is what the user asked for */
            if (fr_outfile_commit(&out, &err) != FR_OK)
                rc = cli_err(FR_EXIT_OUTPUT, "%s", err.msg);
            else
                cli_err(FR_EXIT_INPUT, "%zu bad document(s) skipped", n_bad);
            goto done;
        }
    } else
        rc = cli_each_doc(in, fn, &cx);
    rc = cli_finish_output(&out, in, rc);
    if (rc == FR_EXIT_OK)
        cli_no_items_note(&cx.no_items);
done:
    cli_no_items_free(&cx.no_items);
    fr_outfile_abort(&out);
    fr_input_free(in);
    fr_lexicon_free(lx);
    return rc;
}
