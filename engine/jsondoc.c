/* engine/jsondoc.c — JSON postings and résumés → text (see jsondoc.h).  Laying fields out as text
 * with headings, instead of building documents from fields directly, keeps one parser for every
 * format: the same rules decide what a "Required Qualifications" list contains everywhere. */
#include "engine/jsondoc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/html.h"

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) && v->valuestring && v->valuestring[0] ? v->valuestring : NULL;
}

/* Append s with HTML removed when it looks like HTML, newlines kept. */
static void add_text(fr_buf *b, const char *s)
{
    if (!s)
        return;
    if (strchr(s, '<') && strchr(s, '>')) {
        fr_buf t = {0};
        fr_u32vec a = {0}, e = {0};
        if (fr_html_text(s, strlen(s), &t, &a, &e) != FR_OK)
            b->failed = 1; /* out of memory: the text must not silently vanish */
        else if (t.data)
            fr_buf_append(b, t.data, t.len);
        fr_buf_free(&t);
        fr_u32vec_free(&a);
        fr_u32vec_free(&e);
    } else
        fr_buf_append(b, s, strlen(s));
    fr_buf_putc(b, '\n');
}

/* One bullet per element (string or object with a name/description), newlines inside flattened. */
static void add_list(fr_buf *b, const char *heading, const cJSON *v)
{
    if (!v)
        return;
    if (cJSON_IsString(v) && v->valuestring && v->valuestring[0]) {
        fr_buf_printf(b, "\n%s\n", heading);
        add_text(b, v->valuestring);
        return;
    }
    const char *one = cJSON_IsObject(v) ? (str(v, "name") ? str(v, "name") : str(v, "description")) : NULL;
    if (one) { /* schema.org allows one object where a list is usual */
        fr_buf_printf(b, "\n%s\n- ", heading);
        for (const char *p = one; *p; p++)
            fr_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
        fr_buf_putc(b, '\n');
        return;
    }
    if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
        return;
    fr_buf_printf(b, "\n%s\n", heading);
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        const char *s = cJSON_IsString(e) ? e->valuestring : cJSON_IsObject(e) ? (str(e, "name") ? str(e, "name") : str(e, "description")) : NULL;
        if (!s)
            continue;
        fr_buf_append(b, "- ", 2);
        for (const char *p = s; *p; p++)
            fr_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
        fr_buf_putc(b, '\n');
    }
}

const cJSON *fr_json_find_jobposting(const cJSON *j)
{
    if (cJSON_IsArray(j)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, j)
        {
            const cJSON *r = fr_json_find_jobposting(e);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!cJSON_IsObject(j))
        return NULL;
    const char *type = str(j, "@type");
    if (type && strcasecmp(type, "JobPosting") == 0)
        return j;
    return fr_json_find_jobposting(cJSON_GetObjectItemCaseSensitive(j, "@graph"));
}

/* "2019-01-15" → "2019-01" (a JSON Resume date to month precision); other strings whole. */
static int date_len(const char *d)
{
    size_t n = strlen(d);
    if (n >= 7 && d[4] == '-' && d[0] >= '0' && d[0] <= '9')
        return 7;
    return n > 64 ? 64 : (int)n;
}

static void date_range(fr_buf *b, const cJSON *o)
{
    const char *s = str(o, "startDate"), *e = str(o, "endDate");
    if (!s && !e)
        return;
    const char *es = e ? e : "Present";
    /* cut only ASCII-dated strings; cutting UTF-8 mid-character would corrupt the text */
    int sl = s ? date_len(s) : 0, el = date_len(es);
    while (s && sl > 0 && ((unsigned char)s[sl] & 0xC0) == 0x80)
        sl--;
    while (el > 0 && ((unsigned char)es[el] & 0xC0) == 0x80)
        el--;
    fr_buf_printf(b, " (%.*s \xE2\x80\x93 %.*s)", sl, s ? s : "", el, es);
}

static void resume_text(const cJSON *j, fr_buf *b, fr_buf *title)
{
    const cJSON *basics = cJSON_GetObjectItemCaseSensitive(j, "basics");
    if (basics) {
        const char *name = str(basics, "name");
        if (name) {
            fr_buf_printf(b, "%s\n", name);
            fr_buf_append(title, name, strlen(name));
        }
        const char *label = str(basics, "label");
        if (label)
            fr_buf_printf(b, "%s\n", label);
        const char *contact[] = {str(basics, "email"), str(basics, "phone"), str(basics, "url")};
        for (int i = 0; i < 3; i++)
            if (contact[i])
                fr_buf_printf(b, "%s\n", contact[i]);
        if (str(basics, "summary"))
            fr_buf_printf(b, "\nSummary\n%s\n", str(basics, "summary"));
    }
    const cJSON *work = cJSON_GetObjectItemCaseSensitive(j, "work"), *e;
    if (cJSON_GetArraySize(work) > 0) {
        fr_buf_append(b, "\nExperience\n", 12);
        cJSON_ArrayForEach(e, work)
        {
            const char *pos = str(e, "position"), *org = str(e, "name") ? str(e, "name") : str(e, "company");
            fr_buf_printf(b, "%s%s%s", pos ? pos : "", pos && org ? ", " : "", org ? org : "");
            date_range(b, e);
            fr_buf_putc(b, '\n');
            if (str(e, "summary"))
                fr_buf_printf(b, "- %s\n", str(e, "summary"));
            const cJSON *h, *hl = cJSON_GetObjectItemCaseSensitive(e, "highlights");
            cJSON_ArrayForEach(h, hl) if (cJSON_IsString(h)) fr_buf_printf(b, "- %s\n", h->valuestring);
        }
    }
    const cJSON *edu = cJSON_GetObjectItemCaseSensitive(j, "education");
    if (cJSON_GetArraySize(edu) > 0) {
        fr_buf_append(b, "\nEducation\n", 11);
        cJSON_ArrayForEach(e, edu)
        {
            const char *st = str(e, "studyType"), *area = str(e, "area"), *inst = str(e, "institution");
            fr_buf_printf(b, "%s%s%s%s%s", st ? st : "", st && area ? " in " : "", area ? area : "",
                          (st || area) && inst ? ", " : "", inst ? inst : "");
            date_range(b, e);
            fr_buf_putc(b, '\n');
        }
    }
    const cJSON *skills = cJSON_GetObjectItemCaseSensitive(j, "skills");
    if (cJSON_GetArraySize(skills) > 0) {
        fr_buf_append(b, "\nSkills\n", 8);
        cJSON_ArrayForEach(e, skills)
        {
            const char *nm = str(e, "name");
            fr_buf_printf(b, "%s", nm ? nm : "");
            const cJSON *k, *kw = cJSON_GetObjectItemCaseSensitive(e, "keywords");
            int first = 1;
            cJSON_ArrayForEach(k, kw) if (cJSON_IsString(k))
            {
                fr_buf_printf(b, "%s%s", first ? (nm ? ": " : "") : ", ", k->valuestring);
                first = 0;
            }
            fr_buf_putc(b, '\n');
        }
    }
    static const char *const lists[][2] = {{"projects", "Projects"}, {"publications", "Publications"},
                                           {"certificates", "Certifications"}, {"awards", "Awards"},
                                           {"volunteer", "Volunteer"}, {"languages", "Languages"},
                                           {"interests", "Interests"}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(j, lists[i][0]);
        if (cJSON_GetArraySize(l) <= 0)
            continue;
        fr_buf_printf(b, "\n%s\n", lists[i][1]);
        cJSON_ArrayForEach(e, l)
        {
            const char *nm = str(e, "name") ? str(e, "name") : str(e, "title") ? str(e, "title")
                             : str(e, "language") ? str(e, "language") : str(e, "organization");
            fr_buf_printf(b, "%s", nm ? nm : "");
            if (str(e, "fluency"))
                fr_buf_printf(b, ": %s", str(e, "fluency"));
            date_range(b, e);
            fr_buf_putc(b, '\n');
            const char *d = str(e, "description") ? str(e, "description") : str(e, "summary");
            if (d)
                fr_buf_printf(b, "- %s\n", d);
            const cJSON *h, *hl = cJSON_GetObjectItemCaseSensitive(e, "highlights");
            cJSON_ArrayForEach(h, hl) if (cJSON_IsString(h)) fr_buf_printf(b, "- %s\n", h->valuestring);
        }
    }
}

static void posting_text(const cJSON *j, fr_buf *b, fr_buf *title)
{
    const char *t = str(j, "title");
    if (t) {
        fr_buf_printf(b, "%s\n\n", t);
        fr_buf_append(title, t, strlen(t));
    }
    if (str(j, "description")) {
        fr_buf_append(b, "Description\n", 12);
        add_text(b, str(j, "description"));
    }
    add_list(b, "Responsibilities", cJSON_GetObjectItemCaseSensitive(j, "responsibilities"));
    add_list(b, "Required Qualifications", cJSON_GetObjectItemCaseSensitive(j, "required"));
    add_list(b, "Preferred Qualifications", cJSON_GetObjectItemCaseSensitive(j, "preferred"));
    add_list(b, "Qualifications", cJSON_GetObjectItemCaseSensitive(j, "qualifications"));
    const cJSON *edu = cJSON_GetObjectItemCaseSensitive(j, "educationRequirements");
    const char *cat = cJSON_IsObject(edu) ? str(edu, "credentialCategory") : cJSON_IsString(edu) ? edu->valuestring : NULL;
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(j, "experienceRequirements");
    const cJSON *months = cJSON_IsObject(exp) ? cJSON_GetObjectItemCaseSensitive(exp, "monthsOfExperience") : NULL;
    const char *exps = cJSON_IsString(exp) ? exp->valuestring : cJSON_IsObject(exp) ? str(exp, "description") : NULL;
    if (cat || cJSON_IsNumber(months) || exps) {
        fr_buf_append(b, "\nRequirements\n", 14);
        if (cat)
            fr_buf_printf(b, "- Education: %s\n", cat);
        if (cJSON_IsNumber(months) && months->valuedouble > 0 && months->valuedouble < 1200) {
            double y = months->valuedouble / 12.0;
            if (y == (double)(long)y)
                fr_buf_printf(b, "- At least %ld years of experience\n", (long)y);
            else
                fr_buf_printf(b, "- At least %.0f months of experience\n", months->valuedouble);
        }
        if (exps)
            fr_buf_printf(b, "- %s\n", exps);
    }
    const cJSON *sk = cJSON_GetObjectItemCaseSensitive(j, "skills");
    if (cJSON_IsString(sk) && sk->valuestring[0])
        fr_buf_printf(b, "\nSkills\n%s\n", sk->valuestring);
    else
        add_list(b, "Skills", sk);
    if (str(j, "text"))
        add_text(b, str(j, "text"));
}

/* ---- field types (fr_json_doc_check) ---- */

static int is_null_or(const cJSON *v, int ok) { return !v || cJSON_IsNull(v) || ok; }

/* A list field: a string, an object (name/description) or an array of strings and objects. */
static int list_ok(const cJSON *v)
{
    if (is_null_or(v, cJSON_IsString(v) || cJSON_IsObject(v))) /* schema.org: Text or a credential object */
        return 1;
    if (!cJSON_IsArray(v))
        return 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) if (!cJSON_IsString(e) && !cJSON_IsObject(e)) return 0;
    return 1;
}

/* An array of objects (JSON Resume sections), whose "highlights"/"keywords" are arrays of strings. */
static int objects_ok(const cJSON *v)
{
    if (is_null_or(v, 0))
        return 1;
    if (!cJSON_IsArray(v))
        return 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        if (!cJSON_IsObject(e))
            return 0;
        static const char *const sub[] = {"highlights", "keywords"};
        for (int i = 0; i < 2; i++) {
            const cJSON *h = cJSON_GetObjectItemCaseSensitive(e, sub[i]), *x;
            if (is_null_or(h, 0))
                continue;
            if (!cJSON_IsArray(h))
                return 0;
            cJSON_ArrayForEach(x, h) if (!cJSON_IsString(x)) return 0;
        }
    }
    return 1;
}

const char *fr_json_doc_check(const cJSON *j)
{
    const cJSON *jp = fr_json_find_jobposting(j);
    if (!cJSON_IsObject(j) && !jp)
        return cJSON_IsString(j) ? "expected a JSON object, not a string"
               : cJSON_IsArray(j) ? "expected a JSON object, not an array (without a JobPosting)"
                                  : "expected a JSON object";
    const cJSON *o = jp ? jp : j, *v;
    static const char *const strings[] = {"text", "title", "description"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        v = cJSON_GetObjectItemCaseSensitive(o, strings[i]);
        if (!is_null_or(v, cJSON_IsString(v)))
            return i == 0 ? "\"text\" must be a string" : i == 1 ? "\"title\" must be a string"
                                                            : "\"description\" must be a string";
    }
    v = cJSON_GetObjectItemCaseSensitive(j, "id");
    if (cJSON_IsObject(j) && !is_null_or(v, cJSON_IsString(v) || cJSON_IsNumber(v)))
        return "\"id\" must be a string or number";
    static const char *const lists[] = {"required", "preferred", "qualifications", "responsibilities", "skills"};
    static const char *const list_msg[] = {
        "\"required\" must be a string or a list of strings", "\"preferred\" must be a string or a list of strings",
        "\"qualifications\" must be a string or a list of strings",
        "\"responsibilities\" must be a string or a list of strings",
        "\"skills\" must be a string or a list of strings"};
    int resume = !jp && !str(o, "text") && !cJSON_GetObjectItemCaseSensitive(o, "required") &&
                 !cJSON_GetObjectItemCaseSensitive(o, "preferred") && !cJSON_GetObjectItemCaseSensitive(o, "qualifications") &&
                 (cJSON_GetObjectItemCaseSensitive(o, "basics") || cJSON_GetObjectItemCaseSensitive(o, "work"));
    for (size_t i = 0; !resume && i < sizeof lists / sizeof *lists; i++)
        if (!list_ok(cJSON_GetObjectItemCaseSensitive(o, lists[i])))
            return list_msg[i];
    if (resume) {
        v = cJSON_GetObjectItemCaseSensitive(o, "basics");
        if (!is_null_or(v, cJSON_IsObject(v)))
            return "\"basics\" must be an object";
        static const char *const secs[] = {"work", "education", "skills", "projects", "publications", "certificates",
                                           "awards", "volunteer", "languages", "interests"};
        for (size_t i = 0; i < sizeof secs / sizeof *secs; i++)
            if (!objects_ok(cJSON_GetObjectItemCaseSensitive(o, secs[i])))
                return i == 0 ? "\"work\" must be a list of objects (their highlights lists of strings)"
                              : "a JSON Resume section must be a list of objects (their highlights and keywords lists "
                                "of strings)";
    }
    return NULL;
}

static void all_strings(const cJSON *j, fr_buf *b)
{
    for (; j; j = j->next) {
        if (cJSON_IsString(j) && j->valuestring && j->valuestring[0]) {
            if (b->len)
                fr_buf_putc(b, '\n');
            fr_buf_append(b, j->valuestring, strlen(j->valuestring));
        } else if (j->child)
            all_strings(j->child, b);
    }
}

fr_json_kind fr_json_doc_text(const cJSON *j, fr_buf *text, fr_buf *title)
{
    const cJSON *jp = fr_json_find_jobposting(j);
    if (jp) {
        posting_text(jp, text, title);
        return FR_JSON_POSTING;
    }
    if (cJSON_IsObject(j)) {
        if (str(j, "text") && !cJSON_GetObjectItemCaseSensitive(j, "required") &&
            !cJSON_GetObjectItemCaseSensitive(j, "preferred")) {
            if (str(j, "title"))
                fr_buf_append(title, str(j, "title"), strlen(str(j, "title")));
            fr_buf_append(text, str(j, "text"), strlen(str(j, "text")));
            return FR_JSON_TEXT;
        }
        if (cJSON_GetObjectItemCaseSensitive(j, "required") || cJSON_GetObjectItemCaseSensitive(j, "preferred") ||
            cJSON_GetObjectItemCaseSensitive(j, "qualifications")) {
            posting_text(j, text, title);
            return FR_JSON_POSTING;
        }
        if (cJSON_GetObjectItemCaseSensitive(j, "basics") || cJSON_GetObjectItemCaseSensitive(j, "work")) {
            resume_text(j, text, title);
            return FR_JSON_RESUME;
        }
    }
    all_strings(j->child ? j->child : NULL, text);
    if (cJSON_IsString(j))
        all_strings(j, text);
    return text->len ? FR_JSON_STRINGS : FR_JSON_NONE;
}
