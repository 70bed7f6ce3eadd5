/* tests/check_tokenizer.c — tokenizer: golden cases, fast path = utf8proc path, options, errors. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "engine/input.h"
#include "tests/check_support.h"
#include "tokenizer/stopwords.h"
#include "tokenizer/tokenizer.h"
#include "util/ascii.h"

/* Tokens joined by '|' for readable comparisons. */
static char *joined(const fr_tokens *t)
{
    fr_buf b = {0};
    for (size_t i = 0; i < t->n; i++) {
        if (i)
            fr_buf_putc(&b, '|');
        fr_buf_append(&b, t->text + t->off[i], t->len[i]);
    }
    if (!b.data)
        fr_buf_append(&b, "", 0);
    return b.data;
}

static char *tok_with(const fr_tok_opts *o, const char *text)
{
    fr_tokenizer *t;
    fr_tokens toks;
    ck_assert_int_eq(fr_tokenizer_new(o, &t, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenize(t, text, strlen(text), &toks, NULL), FR_OK);
    char *s = joined(&toks);
    fr_tokenizer_free(t);
    return s;
}

static char *tok(const char *text)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    return tok_with(&o, text);
}

#define EXPECT_TOKENS(text, want)            \
    do {                                     \
        char *got_ = tok(text);              \
        ck_assert_str_eq(got_, want);        \
        free(got_);                          \
    } while (0)

/* ------------------------------------------------------------------ golden */

static int golden_opts(const cJSON *opts, fr_tok_opts *o)
{
    fr_tok_opts_default(o);
    if (!opts)
        return 1;
    for (const cJSON *e = opts->child; e; e = e->next) {
        char val[64];
        if (cJSON_IsString(e))
            snprintf(val, sizeof val, "%s", e->valuestring);
        else if (cJSON_IsBool(e))
            snprintf(val, sizeof val, "%d", cJSON_IsTrue(e) ? 1 : 0);
        else if (cJSON_IsNumber(e))
            snprintf(val, sizeof val, "%d", e->valueint);
        else
            return 0;
        if (fr_tok_opts_set(o, e->string, val, NULL) != FR_OK)
            return 0;
    }
    return 1;
}

START_TEST(test_tokenize_golden_file)
{
    fr_buf file = {0};
    ck_assert_msg(t_read("tests/golden/tokenize.jsonl", &file), "cannot read tests/golden/tokenize.jsonl");
    size_t n = 0, failed = 0, line = 0;
    for (char *p = file.data, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        if (!*p)
            continue;
        cJSON *c = cJSON_Parse(p);
        ck_assert_msg(c != NULL, "golden line %zu: invalid JSON", line);
        const cJSON *in = cJSON_GetObjectItem(c, "in"), *out = cJSON_GetObjectItem(c, "out");
        ck_assert_msg(cJSON_IsString(in) && cJSON_IsArray(out), "golden line %zu: want in/out", line);
        fr_tok_opts o;
        ck_assert_msg(golden_opts(cJSON_GetObjectItem(c, "opts"), &o), "golden line %zu: bad opts", line);
        fr_buf want = {0};
        int i = 0;
        for (const cJSON *e = out->child; e; e = e->next, i++) {
            if (i)
                fr_buf_putc(&want, '|');
            fr_buf_append(&want, e->valuestring, strlen(e->valuestring));
        }
        if (!want.data)
            fr_buf_append(&want, "", 0);
        for (int slow = 0; slow < 2; slow++) {
            o.force_utf8proc = slow;
            char *got = tok_with(&o, in->valuestring);
            if (strcmp(got, want.data) != 0) {
                failed++;
                fprintf(stderr, "golden line %zu (%s path): %s\n  want: %s\n  got:  %s\n", line,
                        slow ? "utf8proc" : "fast", in->valuestring, want.data, got);
            }
            free(got);
        }
        fr_buf_free(&want);
        cJSON_Delete(c);
        n++;
    }
    fr_buf_free(&file);
    ck_assert_msg(n >= 150, "golden file has %zu cases, want >= 150", n);
    ck_assert_msg(failed == 0, "%zu golden comparisons failed (details on stderr)", failed);
}
END_TEST

/* ---------------------------------------------- fast path == utf8proc path */

typedef struct {
    fr_tokenizer *fast, *slow;
    size_t docs, bytes, mismatches;
} paths;

static void compare_paths(paths *p, const char *id, const char *text, size_t len)
{
    fr_buf a = {0}, b = {0};
    if (fr_normalize(p->fast, text, len, &a, NULL) != FR_OK || fr_normalize(p->slow, text, len, &b, NULL) != FR_OK) {
        fr_buf_free(&a);
        fr_buf_free(&b);
        return; /* invalid UTF-8 documents are covered elsewhere */
    }
    int same = a.len == b.len && memcmp(a.data ? a.data : "", b.data ? b.data : "", a.len) == 0;
    fr_tokens ta, tb;
    ck_assert_int_eq(fr_tokenize(p->fast, text, len, &ta, NULL), FR_OK);
    char *ja = joined(&ta);
    ck_assert_int_eq(fr_tokenize(p->slow, text, len, &tb, NULL), FR_OK);
    char *jb = joined(&tb);
    if (!same || strcmp(ja, jb) != 0) {
        if (p->mismatches++ < 3)
            fprintf(stderr, "fast/utf8proc paths differ on %s\n", id);
    }
    p->docs++;
    p->bytes += len;
    free(ja);
    free(jb);
    fr_buf_free(&a);
    fr_buf_free(&b);
}

static void compare_input(paths *p, const char *path, const char *text_col)
{
    fr_input *in = t_input_open(path, text_col);
    if (!in)
        return;
    fr_doc d;
    int more;
    while (fr_input_next(in, &d, &more, NULL) == FR_OK && more)
        compare_paths(p, d.id, d.text, d.len);
    fr_input_free(in);
}

static void paths_init(paths *p)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    memset(p, 0, sizeof *p);
    ck_assert_int_eq(fr_tokenizer_new(&o, &p->fast, NULL), FR_OK);
    o.force_utf8proc = 1;
    ck_assert_int_eq(fr_tokenizer_new(&o, &p->slow, NULL), FR_OK);
}

START_TEST(test_tokenize_fast_path_matches_utf8proc_on_fixtures)
{
    paths p;
    paths_init(&p);
    static const char *const samples[] = {
        "e\xCC\x81t\xC3\xA9 cafe\xCC\x81 A\xCC\x8A\xCC\x81 \xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8 Z\xCC\xA7\xCC\x8C",
        "\xEF\xAC\x81le \xE2\x84\xAA \xE2\x85\xAD \xC2\xBD x\xC2\xB2 \xE2\x91\xA0 \xEF\xBC\xA3\xEF\xBC\x8B\xEF\xBC\x8B",
        "soft\xC2\xADware zero\xE2\x80\x8Bwidth post\xE2\x80\x90training it\xE2\x80\x99s \xE2\x80\x9Cquoted\xE2\x80\x9D",
        "\xC3\xBC\xCC\x84 \xE1\xBA\x9E gro\xC3\x9F \xC7\x85 \xE2\x80\xA2 C \xE2\x80\xA2 R",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        compare_paths(&p, samples[i], samples[i], strlen(samples[i]));
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/examples", t_root());
    compare_input(&p, dir, NULL);
    snprintf(dir, sizeof dir, "%s/tests/fixtures", t_root());
    compare_input(&p, dir, NULL);
    ck_assert_msg(p.mismatches == 0, "%zu documents differ between paths", p.mismatches);
    ck_assert_uint_ge(p.docs, 4);
    fr_tokenizer_free(p.fast);
    fr_tokenizer_free(p.slow);
}
END_TEST

START_TEST(test_tokenize_fast_path_matches_utf8proc_on_shared_data)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data", t_shared());
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "SKIP test_tokenize_fast_path_matches_utf8proc_on_shared_data: %s absent\n", path);
        return;
    }
    closedir(d);
    paths p;
    paths_init(&p);
    snprintf(path, sizeof path, "%s/data/cv-project-fit", t_shared());
    compare_input(&p, path, NULL);
    snprintf(path, sizeof path, "%s/data/resumes-livecareer/resumes_from_pdf.csv", t_shared());
    compare_input(&p, path, "Resume_str");
    snprintf(path, sizeof path, "%s/data/esco-skills/skills_en.csv", t_shared());
    compare_input(&p, path, "preferredLabel,altLabels,description");
    fprintf(stderr, "fast/utf8proc path check: %zu documents, %.1f MB\n", p.docs, (double)p.bytes / 1e6);
    ck_assert_msg(p.mismatches == 0, "%zu documents differ between paths", p.mismatches);
    ck_assert_uint_ge(p.docs, 1000);
    fr_tokenizer_free(p.fast);
    fr_tokenizer_free(p.slow);
}
END_TEST

/* Random texts of the pieces the fast paths treat apart (plain words of every length around the
 * 16-byte steps, words over 64 bytes, technical names, German umlauts and ß, hyphen and slash
 * compounds, digits, lone C and R, non-ASCII next to ASCII, text ending inside a word): the fast
 * scanner and emit against the reference path (force_utf8proc), under several option sets.  And
 * each ASCII token from ASCII source is its source span folded (the spans' one-compare cache). */
START_TEST(test_tokenize_fast_paths_match_reference_on_adversarial_text)
{
    static const char *const pieces[] = {
        "C++", "C#", ".NET", "Node.js", "CI/CD", "CI/CD-Pipelines", "Stra\xC3\x9F" "e", "Gr\xC3\xB6\xC3\x9F" "e",
        "\xC3\x9C" "bung", "F\xC3\x9CR", "post-training", "state-of-the-art", "C-level", "R&D", "at&t",
        "Research&Development", "3.5", "python3.11", "e.g.", "z.B. C", "in C.", "John C. Smith", "C, C++, Java",
        "(R)", "Python, R", "C programming", "caf\xC3\xA9", "cafe\xCC\x81s", "\xEF\xAC\x81le", "\xE6\x97\xA5\xE6\x9C\xAC",
        "a", "ab", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",
        "Abcdefghijklmnopqrstuvwxyz0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij", "x86-64", "K8s",
        "c++17", "notepad++", "a+", "Python+Django", "#1", "C#.", "C++/CLI", "C++-Entwickler", "tcp/ip", "I/O",
        "U.S.A.", "vb.net", "angular.js", "2024", "v1.2", "\xC3\xBC" "ber-alles", "Zu\xC3\xBC" "rich", "foo_bar",
        "na\xC3\xAFve", "\xE2\x80\xA2", "MIT", "und", "the", "Die", "f\xC3\xBCr", "Developer", "DEVELOPERS"};
    static const char *const seps[] = {" ", " ", " ", "", "\n", ", ", ". ", "-", "/", "\t", "&", ".", "'", "+", "#", "\xC2\xA0"};
    fr_tok_opts opts[6];
    for (int k = 0; k < 6; k++)
        fr_tok_opts_default(&opts[k]);
    opts[1].stop_words = FR_STOP_EN | FR_STOP_DE;
    snprintf(opts[1].stem, sizeof opts[1].stem, "german");
    opts[2].min_len = 1;
    opts[2].hyphen = FR_HYPHEN_SPLIT;
    opts[3].min_len = 5;
    opts[3].hyphen = FR_HYPHEN_JOIN;
    opts[4].strip_accents = 1;
    opts[4].stop_words = FR_STOP_EN;
    opts[5].ngram_max = 2;
    uint64_t st = 99;
    size_t docs = 0, checked = 0;
    for (int k = 0; k < 6; k++) {
        paths p;
        memset(&p, 0, sizeof p);
        ck_assert_int_eq(fr_tokenizer_new(&opts[k], &p.fast, NULL), FR_OK);
        fr_tok_opts ref = opts[k];
        ref.force_utf8proc = 1;
        ck_assert_int_eq(fr_tokenizer_new(&ref, &p.slow, NULL), FR_OK);
        for (int d = 0; d < 300; d++) {
            fr_buf text = {0};
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t n = 1 + (st >> 33) % 40;
            for (size_t i = 0; i < n; i++) {
                st = st * 6364136223846793005ULL + 1442695040888963407ULL;
                fr_buf_printf(&text, "%s", pieces[(st >> 33) % (sizeof pieces / sizeof *pieces)]);
                if (i + 1 < n || (st >> 20) % 2) /* half the texts end inside their last piece */
                    fr_buf_printf(&text, "%s", seps[(st >> 40) % (sizeof seps / sizeof *seps)]);
            }
            compare_paths(&p, text.data, text.data, text.len);
            fr_tokens w;
            ck_assert_int_eq(fr_tokenize(p.fast, text.data, text.len, &w, NULL), FR_OK);
            for (size_t i = 0; w.ordered && i < w.n; i++) {
                const char *src = text.data + w.src_start[i];
                size_t sl = w.src_end[i] - w.src_start[i], ascii = 1;
                for (size_t j = 0; j < sl; j++)
                    ascii &= (unsigned char)src[j] < 0x80;
                for (size_t j = 0; j < w.len[i]; j++)
                    ascii &= (unsigned char)w.text[w.off[i] + j] < 0x80;
                if (!ascii || opts[k].stem[0])
                    continue;
                ck_assert_uint_eq(sl, w.len[i]);
                for (size_t j = 0; j < sl; j++)
                    ck_assert_int_eq(fr_to_lower((unsigned char)src[j]), w.text[w.off[i] + j]);
                checked++;
            }
            fr_buf_free(&text);
        }
        ck_assert_msg(p.mismatches == 0, "options %d: %zu texts differ between the paths", k, p.mismatches);
        docs += p.docs;
        fr_tokenizer_free(p.fast);
        fr_tokenizer_free(p.slow);
    }
    ck_assert_uint_eq(docs, 1800);
    ck_assert_uint_ge(checked, 10000);
}
END_TEST

/* ----------------------------------------------------------------- rules */

START_TEST(test_tokenize_keeps_cplusplus_never_c)
{
    EXPECT_TOKENS("C++ and C# developer", "c++|and|c#|developer");
    EXPECT_TOKENS("C/C++ programming", "c|c++|programming");
    EXPECT_TOKENS("C++-Entwickler", "c++-entwickler|c++|entwickler");
}
END_TEST

START_TEST(test_tokenize_lone_c_and_r)
{
    EXPECT_TOKENS("Languages: C, R, Python", "languages|c|r|python");
    EXPECT_TOKENS("written in C.", "written|in|c");
    EXPECT_TOKENS("John C. Smith", "john|smith");
    EXPECT_TOKENS("vitamin c and r", "vitamin|and");
    EXPECT_TOKENS("C-level executives", "c-level|level|executives");
}
END_TEST

/* ------------------------------------------------ slices of a whole text */

/* Whitespace runs to one blank, none at the ends (a résumé chunk's text). */
static size_t collapsed(const char *s, size_t n, char *out)
{
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr(" \t\n\r\f\v", s[i]) && s[i]) {
            sp = 1;
            continue;
        }
        if (sp && k)
            out[k++] = ' ';
        sp = 0;
        out[k++] = s[i];
    }
    out[k] = '\0';
    return k;
}

/* Every span fr_tokens_slice_ok accepts, in random texts built from the pieces the rules look at
 * (lone C and R after lists, bullets, "in", initials; compounds; NFKC runs; CJK): its tokens alone,
 * and with its whitespace collapsed, are the whole text's in it.  And the rejections it must make. */
START_TEST(test_tokens_slice_ok_means_same_tokens)
{
    static const char *const pieces[] = {
        "C", "R", "in", "with", "e.g.", ",", "-", "*", "\xE2\x80\xA2", ".", " ", "  ", "\n", "\t", "c++", "C#",
        ".net", "node.js", "ci/cd", "post-training", "\xC3\xBC", "f\xC3\xBCr", "\xC2\xB2", "\xEF\xAC\x81le",
        "\xEF\xBC\xA3", "e\xCC\x81", "\xC2\xA0", "Smith", "C.", "language", "\xE6\x9C\xBA\xE5\x99\xA8", "x",
        "R&D", "(", ")", "Go", "\xE2\x80\x90", "A", "\r\n"};
    size_t np = sizeof pieces / sizeof pieces[0];
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.stop_words = FR_STOP_EN | FR_STOP_DE;
    fr_tokenizer *whole, *alone;
    ck_assert_int_eq(fr_tokenizer_new(&o, &whole, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenizer_new(&o, &alone, NULL), FR_OK);
    unsigned seed = 12345;
    size_t accepted = 0, accepted_flat = 0, spans = 0, bad = 0;
    char text[512], flat[512];
    for (int doc = 0; doc < 300; doc++) {
        size_t n = 0;
        int k = 4 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
        for (int j = 0; j < k; j++) {
            const char *p = pieces[((seed = seed * 1103515245u + 12345u) >> 16) % np];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        text[n] = '\0';
        fr_tokens w;
        ck_assert_int_eq(fr_tokenize(whole, text, n, &w, NULL), FR_OK);
        for (size_t a = 0; a <= n; a++)
            for (size_t b = a; b <= n; b++) {
                spans++;
                int ok_raw = fr_tokens_slice_ok(text, n, a, b, 0), ok_flat = fr_tokens_slice_ok(text, n, a, b, 1);
                ck_assert(ok_raw || !ok_flat); /* collapsing only adds reasons to say no */
                if (!ok_raw)
                    continue;
                accepted++;
                accepted_flat += (size_t)ok_flat;
                char *want = t_slice_joined(&w, a, b);
                fr_tokens t;
                ck_assert_int_eq(fr_tokenize(alone, text + a, b - a, &t, NULL), FR_OK);
                char *got = joined(&t);
                size_t fl = collapsed(text + a, b - a, flat);
                ck_assert_int_eq(fr_tokenize(alone, flat, fl, &t, NULL), FR_OK);
                char *got_flat = joined(&t);
                if (strcmp(want, got) != 0 || (ok_flat && strcmp(want, got_flat) != 0)) {
                    if (bad++ < 3)
                        fprintf(stderr, "slice [%zu, %zu) of \"%s\": whole %s, alone %s, collapsed %s%s\n", a, b,
                                text, want, got, got_flat, ok_flat ? "" : " (not asked)");
                }
                free(want);
                free(got);
                free(got_flat);
            }
    }
    ck_assert_msg(bad == 0, "%zu of %zu accepted spans differ", bad, accepted);
    /* it says yes often enough to matter (of 171,768 spans: 1,184 alone, 1,035 collapsed) */
    ck_assert_uint_gt(accepted_flat, 500);
    /* what it must refuse: a lone C whose line goes on outside (raw), or whose span has a line
     * break (collapsed: "in\nC" becomes "in C"), a span opening on a rewritten character, ends
     * inside words */
    const char *t1 = "written in C and more";
    ck_assert(!fr_tokens_slice_ok(t1, strlen(t1), 11, 21, 0));
    ck_assert(fr_tokens_slice_ok(t1, strlen(t1), 13, 21, 0));
    const char *t5 = "skills:\nC, Python\nin\nC";
    ck_assert(fr_tokens_slice_ok(t5, strlen(t5), 8, strlen(t5), 0));
    ck_assert(!fr_tokens_slice_ok(t5, strlen(t5), 8, strlen(t5), 1));
    ck_assert(fr_tokens_slice_ok(t5, strlen(t5), 8, 17, 1)); /* "C, Python": its own line */
    const char *t2 = "a \xC2\xB2x b";
    ck_assert(!fr_tokens_slice_ok(t2, strlen(t2), 2, 5, 0));
    const char *t3 = "foo bar";
    ck_assert(!fr_tokens_slice_ok(t3, 7, 1, 7, 0) && !fr_tokens_slice_ok(t3, 7, 0, 2, 0));
    ck_assert(fr_tokens_slice_ok(t3, 7, 0, 3, 1) && fr_tokens_slice_ok(t3, 7, 4, 7, 1));
    const char *t4 = "x \xEF\xBC\xA3 y"; /* fullwidth C: NFKC makes it a lone C */
    ck_assert(!fr_tokens_slice_ok(t4, strlen(t4), 0, strlen(t4), 0));
    fr_tokenizer_free(whole);
    fr_tokenizer_free(alone);
}
END_TEST

/* The stop words are plain words: no byte of a technical name (. - / & + #), nothing CJK — so the
 * tokens a list drops are exactly those its tokenizer calls stop words, and a stream without stop
 * words less them is the stream with them (fr_tok_opts_drop_stop_only). */
START_TEST(test_stop_words_are_plain_words)
{
    static const char *const langs[] = {"en", "de"};
    size_t total = 0;
    for (int l = 0; l < 2; l++) {
        size_t n;
        const char *const *list = fr_stopwords_list(langs[l], &n);
        for (size_t i = 0; i < n; i++, total++) {
            ck_assert_msg(strpbrk(list[i], ".-/&+# ") == NULL, "%s", list[i]);
            for (const unsigned char *p = (const unsigned char *)list[i]; *p; p++)
                ck_assert_msg(*p < 0xE3, "%s", list[i]); /* no three-byte (CJK) letters */
        }
    }
    ck_assert_uint_gt(total, 200);
    fr_tok_opts a, b;
    fr_tok_opts_default(&a);
    b = a;
    b.stop_words = FR_STOP_EN | FR_STOP_DE;
    ck_assert(fr_tok_opts_drop_stop_only(&a, &b) && fr_tok_opts_drop_stop_only(&a, &a));
    ck_assert(!fr_tok_opts_drop_stop_only(&b, &a)); /* the one with stop words must be the second */
    b.ngram_max = 2;
    ck_assert(!fr_tok_opts_drop_stop_only(&a, &b));
    b.ngram_max = 1;
    snprintf(b.stem, sizeof b.stem, "english");
    ck_assert(!fr_tok_opts_drop_stop_only(&a, &b));
    /* and the filter: the stream with stop words is the one without, less them */
    fr_tokenizer *with, *without;
    b.stem[0] = '\0';
    ck_assert_int_eq(fr_tokenizer_new(&a, &without, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenizer_new(&b, &with, NULL), FR_OK);
    const char *text = "The C++ and .NET work of die Entwickler: post-and-go, in C, R&D und ci/cd for the über team";
    fr_tokens t;
    ck_assert_int_eq(fr_tokenize(with, text, strlen(text), &t, NULL), FR_OK);
    char *want = joined(&t);
    ck_assert_int_eq(fr_tokenize(without, text, strlen(text), &t, NULL), FR_OK);
    fr_buf got = {0};
    for (size_t i = 0; i < t.n; i++)
        if (!fr_tokenizer_is_stop(with, t.text + t.off[i], t.len[i])) {
            if (got.len)
                fr_buf_putc(&got, '|');
            fr_buf_append(&got, t.text + t.off[i], t.len[i]);
        }
    fr_buf_putc(&got, '\0');
    ck_assert_str_eq(got.data, want);
    ck_assert(strstr(want, "the") == NULL && strstr(got.data, "c++") != NULL);
    fr_buf_free(&got);
    free(want);
    fr_tokenizer_free(with);
    fr_tokenizer_free(without);
}
END_TEST

START_TEST(test_tokenize_sentence_punctuation)
{
    EXPECT_TOKENS("Python. (C#) LLMs, \"Go\"; node.js!", "python|c#|llms|go|node.js");
}
END_TEST

START_TEST(test_tokenize_cjk_bigrams)
{
    EXPECT_TOKENS("机器学习 日", "机器|器学|学习|日");
}
END_TEST

START_TEST(test_tokenize_ngrams_after_stop_words)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.stop_words = FR_STOP_EN;
    o.ngram_max = 2;
    char *got = tok_with(&o, "the post-training of models");
    ck_assert_str_eq(got, "post-training|post|training|models|post-training models");
    free(got);
    o.ngram_min = 2;
    got = tok_with(&o, "the post-training of models");
    ck_assert_str_eq(got, "post-training models");
    free(got);
}
END_TEST

START_TEST(test_tokenize_stems_english_and_german)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    snprintf(o.stem, sizeof o.stem, "english");
    char *got = tok_with(&o, "running engineers c++ python3");
    ck_assert_str_eq(got, "run|engin|c++|python3");
    free(got);
    snprintf(o.stem, sizeof o.stem, "german");
    o.stop_words = FR_STOP_DE;
    got = tok_with(&o, "Entwicklung der Systeme");
    ck_assert_str_eq(got, "entwickl|system");
    free(got);
}
END_TEST

START_TEST(test_tokenize_hyphen_modes)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.hyphen = FR_HYPHEN_JOIN;
    char *got = tok_with(&o, "state-of-the-art");
    ck_assert_str_eq(got, "state-of-the-art");
    free(got);
    o.hyphen = FR_HYPHEN_SPLIT;
    got = tok_with(&o, "state-of-the-art objective-c");
    ck_assert_str_eq(got, "state|of|the|art|objective-c");
    free(got);
}
END_TEST

START_TEST(test_tokenize_strip_accents_option)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    char *got = tok_with(&o, "Résumé Müller");
    ck_assert_str_eq(got, "résumé|müller");
    free(got);
    o.strip_accents = 1;
    got = tok_with(&o, "Résumé Müller");
    ck_assert_str_eq(got, "resume|muller");
    free(got);
    o.stop_words = FR_STOP_DE;
    got = tok_with(&o, "Erfahrung für Python über alles");
    ck_assert_str_eq(got, "erfahrung|python"); /* stop words are stripped the same way */
    free(got);
}
END_TEST

START_TEST(test_tokenize_source_spans)
{
    const char *s = "Experience in C++ and Stra\xC3\x9F" "e, \xEF\xAC\x81le \xEF\xBC\xA3\xEF\xBC\x8B\xEF\xBC\x8B; post\xE2\x80\x90training";
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    o.ngram_max = 2;
    fr_tokenizer *t;
    fr_tokens k;
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenize(t, s, strlen(s), &k, NULL), FR_OK);
    struct { const char *tok, *src; } want[] = {
        {"experience", "Experience"}, {"in", "in"}, {"c++", "C++"}, {"and", "and"},
        {"strasse", "Stra\xC3\x9F" "e"}, {"file", "\xEF\xAC\x81le"}, {"c++", "\xEF\xBC\xA3\xEF\xBC\x8B\xEF\xBC\x8B"},
        {"post-training", "post\xE2\x80\x90training"}, {"post", "post"}, {"training", "training"},
        {"experience in", "Experience in"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ck_assert_int_eq((int)k.len[i], (int)strlen(want[i].tok));
        ck_assert_int_eq(memcmp(k.text + k.off[i], want[i].tok, k.len[i]), 0);
        ck_assert_msg(k.src_end[i] - k.src_start[i] == strlen(want[i].src) &&
                          memcmp(s + k.src_start[i], want[i].src, strlen(want[i].src)) == 0,
                      "token %s: source [%u, %u)", want[i].tok, k.src_start[i], k.src_end[i]);
    }
    fr_tokenizer_free(t);
}
END_TEST

/* ----------------------------------------------------------------- errors */

START_TEST(test_tokenize_rejects_invalid_utf8_with_offset)
{
    fr_tok_opts o;
    fr_tok_opts_default(&o);
    fr_tokenizer *t;
    fr_tokens toks;
    fr_error err = {0};
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
    const char *s = "valid text \xC3\x28 more";
    ck_assert_int_eq(fr_tokenize(t, s, strlen(s), &toks, &err), FR_EUTF8);
    ck_assert_int_eq(err.has_offset, 1);
    ck_assert_uint_eq(err.offset, 11);
    fr_tokenizer_free(t);
    o.invalid = FR_INVALID_REPLACE;
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenize(t, s, strlen(s), &toks, &err), FR_OK);
    char *j = joined(&toks);
    ck_assert_str_eq(j, "valid|text|more");
    free(j);
    fr_tokenizer_free(t);
}
END_TEST

START_TEST(test_tokenizer_rejects_bad_options)
{
    fr_tok_opts o;
    fr_error err = {0};
    fr_tokenizer *t = (fr_tokenizer *)&o;
    fr_tok_opts_default(&o);
    o.ngram_min = 2;
    o.ngram_max = 1;
    ck_assert_int_eq(fr_tokenizer_new(&o, &t, &err), FR_EINVAL);
    ck_assert_ptr_null(t);
    fr_tok_opts_default(&o);
    ck_assert_int_eq(fr_tok_opts_set(&o, "stem", "klingon", &err), FR_EINVAL);
    ck_assert_int_eq(fr_tok_opts_set(&o, "stop_words", "en,xx", &err), FR_EINVAL);
    ck_assert_int_eq(fr_tok_opts_set(&o, "tokenizer_version", "999", &err), FR_EVERSION);
    ck_assert_int_eq(fr_tok_opts_set(&o, "not_an_option", "1", &err), FR_EEMPTY);
}
END_TEST

START_TEST(test_tokenize_empty_and_separator_only)
{
    EXPECT_TOKENS("", "");
    EXPECT_TOKENS(" \t\n.,;:!?()[]{}<>\"'", "");
    EXPECT_TOKENS("\xF0\x9F\x98\x80 \xE2\x80\xA2 \xE2\x80\x94", "");
}
END_TEST

static void tokenizer_vec_speed_tests(Suite *s); /* the block at the end of this file */

Suite *tokenizer_suite(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *core = tcase_create("core"), *edge = tcase_create("edge"), *error = tcase_create("error");
    tcase_set_timeout(core, 300);
    tcase_add_test(core, test_tokenize_golden_file);
    tcase_add_test(core, test_tokenize_keeps_cplusplus_never_c);
    tcase_add_test(core, test_tokenize_lone_c_and_r);
    tcase_add_test(core, test_tokens_slice_ok_means_same_tokens);
    tcase_add_test(core, test_stop_words_are_plain_words);
    tcase_add_test(core, test_tokenize_sentence_punctuation);
    tcase_add_test(core, test_tokenize_cjk_bigrams);
    tcase_add_test(core, test_tokenize_source_spans);
    tcase_add_test(core, test_tokenize_ngrams_after_stop_words);
    tcase_add_test(core, test_tokenize_stems_english_and_german);
    tcase_add_test(core, test_tokenize_hyphen_modes);
    tcase_add_test(core, test_tokenize_strip_accents_option);
    tcase_add_test(core, test_tokenize_fast_path_matches_utf8proc_on_fixtures);
    tcase_add_test(core, test_tokenize_fast_path_matches_utf8proc_on_shared_data);
    tcase_add_test(core, test_tokenize_fast_paths_match_reference_on_adversarial_text);
    tcase_add_test(edge, test_tokenize_empty_and_separator_only);
    tcase_add_test(error, test_tokenize_rejects_invalid_utf8_with_offset);
    tcase_add_test(error, test_tokenizer_rejects_bad_options);
    suite_add_tcase(s, core);
    suite_add_tcase(s, edge);
    suite_add_tcase(s, error);
    tokenizer_vec_speed_tests(s);
    return s;
}

/* ---------------------------------------------------------------------------------------------
 * vec-speed: what fr_tokenize promises readers beyond the tokens. */

/* FR_TOKENS_PAD bytes may be read from any token's start, and those past the last token are zero,
 * whatever path made the tokens (plain words, compounds, utf8proc, stems, n-grams).  Under ASan a
 * read past the arena fails here. */
START_TEST(test_tokens_are_followed_by_padding)
{
    static const char *const texts[] = {"", "a", "ab", "x ab", "C", "c++", "Straße", "verwaltungs-fachangestellte",
                                        "日本語", "data engineer in berlin", "a b c d e f g h ab"};
    for (int variant = 0; variant < 4; variant++) {
        fr_tok_opts o;
        fr_tok_opts_default(&o);
        if (variant == 1)
            o.ngram_max = 3;
        if (variant == 2) {
            o.stop_words = FR_STOP_EN | FR_STOP_DE;
            snprintf(o.stem, sizeof o.stem, "english");
        }
        o.force_utf8proc = variant == 3;
        fr_tokenizer *t;
        ck_assert_int_eq(fr_tokenizer_new(&o, &t, NULL), FR_OK);
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
            fr_tokens toks;
            ck_assert_int_eq(fr_tokenize(t, texts[k], strlen(texts[k]), &toks, NULL), FR_OK);
            size_t end = 0;
            unsigned sum = 0;
            for (size_t i = 0; i < toks.n; i++) {
                end = toks.off[i] + toks.len[i] > end ? toks.off[i] + toks.len[i] : end;
                for (size_t b = 0; b < FR_TOKENS_PAD; b++)
                    sum += (unsigned char)toks.text[toks.off[i] + b];
            }
            ck_assert_ptr_nonnull(toks.text);
            for (size_t b = 0; b < FR_TOKENS_PAD; b++)
                ck_assert_msg(toks.text[end + b] == 0, "'%s' variant %d: byte %zu past the tokens", texts[k], variant,
                              b);
            (void)sum;
        }
        fr_tokenizer_free(t);
    }
}
END_TEST

static char vs_upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

/* Tokens joined by '|' (n-grams and all). */
static void vs_join(const fr_tokens *t, fr_buf *out)
{
    fr_buf_reset(out);
    for (size_t i = 0; i < t->n; i++) {
        ck_assert_int_eq(fr_buf_append(out, t->text + t->off[i], t->len[i]), FR_OK);
        ck_assert_int_eq(fr_buf_append(out, "|", 1), FR_OK);
    }
}

typedef struct {
    fr_tokenizer *fast, *slow, *none; /* none: the fast path's options without the stop words */
    fr_buf a, b;
    size_t docs, tokens;
} vs_pair;

static void vs_compare(vs_pair *p, const char *text, size_t len)
{
    fr_tokens ta, tb;
    ck_assert_int_eq(fr_tokenize(p->fast, text, len, &ta, NULL), FR_OK);
    vs_join(&ta, &p->a);
    ck_assert_int_eq(fr_tokenize(p->slow, text, len, &tb, NULL), FR_OK);
    vs_join(&tb, &p->b);
    ck_assert_uint_eq(ta.n, tb.n);
    ck_assert_msg(p->a.len == p->b.len && memcmp(p->a.data, p->b.data, p->a.len) == 0, "document %zu: %.*s",
                  p->docs, (int)(len < 200 ? len : 200), text);
    /* and they are the tokens without stop words less those fr_tokenizer_is_stop names, spans too */
    ck_assert_int_eq(fr_tokenize(p->fast, text, len, &ta, NULL), FR_OK);
    ck_assert_int_eq(fr_tokenize(p->none, text, len, &tb, NULL), FR_OK);
    size_t k = 0;
    for (size_t i = 0; i < tb.n; i++) {
        if (fr_tokenizer_is_stop(p->fast, tb.text + tb.off[i], tb.len[i]))
            continue;
        ck_assert_uint_lt(k, ta.n);
        ck_assert(ta.len[k] == tb.len[i] && memcmp(ta.text + ta.off[k], tb.text + tb.off[i], tb.len[i]) == 0);
        ck_assert(ta.src_start[k] == tb.src_start[i] && ta.src_end[k] == tb.src_end[i]);
        k++;
    }
    ck_assert_uint_eq(k, ta.n);
    p->docs++;
    p->tokens += ta.n;
}

static void vs_compare_buf(const fr_buf *text, void *ctx) { vs_compare(ctx, text->data, text->len); }

/* With stop words, the plain path (ASCII words folded and looked up in the two-word stop set) gives
 * the tokens of the reference path (force_utf8proc: every token through emit_any and the FNV set):
 * every stop word of both lists written as listed, capitalised, in capitals, with a letter more
 * or less, beside technical names; the bundled documents; German and English CVs and postings. */
START_TEST(test_stop_words_plain_path_is_the_reference)
{
    fr_buf words = {0};
    static const char *const langs[] = {"en", "de"};
    for (int l = 0; l < 2; l++) {
        size_t n;
        const char *const *list = fr_stopwords_list(langs[l], &n);
        for (size_t i = 0; i < n; i++) {
            size_t k = strlen(list[i]);
            char w[64];
            ck_assert_uint_lt(k + 2, sizeof w);
            for (int v = 0; v < 6; v++) {
                memcpy(w, list[i], k + 1);
                size_t wn = k;
                if (v == 1)
                    w[0] = vs_upper(w[0]);
                if (v == 2)
                    for (size_t q = 0; q < k; q++)
                        w[q] = vs_upper(w[q]);
                if (v == 3)
                    w[wn++] = 'e';
                if (v == 4 && k > 1)
                    wn--;
                if (v == 5)
                    w[0] = w[0] == 'z' ? 'a' : (char)(w[0] + 1);
                ck_assert_int_eq(fr_buf_append(&words, w, wn), FR_OK);
                ck_assert_int_eq(fr_buf_append(&words, i % 7 ? " " : " c++ ci/cd-pipelines, ", i % 7 ? 1 : 22), FR_OK);
            }
        }
    }
    static const char *const more = "Ausserhalb beziehungsweise BEZÜGLICH Für für fur Über uber dass daß Daß muss "
                                    "muß Straße the The THE a A i I 日本語 node.js .NET C and R";
    for (int variant = 0; variant < 4; variant++) {
        fr_tok_opts o;
        fr_tok_opts_default(&o);
        o.stop_words = variant == 1 ? FR_STOP_DE : variant == 2 ? FR_STOP_EN : FR_STOP_EN | FR_STOP_DE;
        o.strip_accents = variant == 1;
        o.min_len = variant == 2 ? 1 : 2;
        o.hyphen = variant == 3 ? FR_HYPHEN_SPLIT : FR_HYPHEN_BOTH;
        vs_pair p = {0};
        ck_assert_int_eq(fr_tokenizer_new(&o, &p.fast, NULL), FR_OK);
        fr_tok_opts none = o;
        none.stop_words = 0;
        ck_assert(fr_tok_opts_drop_stop_only(&none, &o));
        ck_assert_int_eq(fr_tokenizer_new(&none, &p.none, NULL), FR_OK);
        o.force_utf8proc = 1;
        ck_assert_int_eq(fr_tokenizer_new(&o, &p.slow, NULL), FR_OK);
        vs_compare(&p, words.data, words.len);
        vs_compare(&p, more, strlen(more));
        t_each_bundled(vs_compare_buf, &p);
        char path[1024];
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "%s/data/cv-project-fit/%s", t_shared(), k ? "jobpost" : "cv");
            fr_input *in = t_input_open(path, NULL);
            if (!in)
                continue;
            fr_doc d;
            int more_docs;
            while (fr_input_next(in, &d, &more_docs, NULL) == FR_OK && more_docs)
                vs_compare(&p, d.text, d.len);
            fr_input_free(in);
        }
        ck_assert_uint_ge(p.docs, 6);
        ck_assert_uint_gt(p.tokens, 1000);
        fr_tokenizer_free(p.fast);
        fr_tokenizer_free(p.slow);
        fr_tokenizer_free(p.none);
        fr_buf_free(&p.a);
        fr_buf_free(&p.b);
    }
    fr_buf_free(&words);
}
END_TEST

/* fr_tokens_slices before its 16-byte steps, byte by byte (the reference). */
static int vs_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static int vs_break(unsigned char c) { return c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int vs_wordb(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static unsigned vs_slices_ref(const char *text, size_t len, size_t a, size_t b)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned ok = FR_SLICE_ALONE | FR_SLICE_COLLAPSED;
    if (a > b || b > len)
        return 0;
    if (a < b && (s[a] >= 0x80 || (a > 0 && !vs_space(s[a - 1]) && !vs_space(s[a]))))
        return 0;
    if (b < len && !vs_space(s[b]) && (b == a || !vs_space(s[b - 1])))
        return 0;
    int open_start = a > 0 && !vs_break(s[a - 1]), open_end = b < len && !vs_break(s[b]);
    int broken = 0;
    for (size_t i = a; i < b;) {
        unsigned char c = s[i];
        if (c < 0x80 && !vs_break(c) && c != 'C' && c != 'R') {
            i++;
            continue;
        }
        if (c < 0x80) {
            broken |= vs_break(c);
            if ((c == 'C' || c == 'R') && (i == a || !vs_wordb(s[i - 1])) && (i + 1 == b || !vs_wordb(s[i + 1]))) {
                int broken_after = 0;
                for (size_t j = i + 1; j < b && !broken_after; j++)
                    broken_after = vs_break(s[j]);
                if ((open_start && !broken) || (open_end && !broken_after))
                    return 0;
                if (broken || broken_after)
                    ok &= ~(unsigned)FR_SLICE_COLLAPSED;
            }
            i++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(s + i, (utf8proc_ssize_t)(b - i), &cp);
        if (l <= 0 || cp >= 0x2100 || (cp >= 0x250 && cp < 0x2000) || (cp >= 0x20D0 && cp < 0x2100))
            return 0;
        i += (size_t)l;
    }
    return ok;
}

/* fr_tokens_slices (16 bytes a step with SSE2) is the byte-by-byte answer for every span of random
 * texts built of what it stops at — C and R alone and inside words, line breaks of each kind,
 * tabs, Latin and other non-ASCII letters, invalid bytes — and of long plain runs between them. */
START_TEST(test_tokens_slices_sse2_is_byte_by_byte)
{
    static const char *const frag[] = {"C", "R", "C++", "Rust", "ACR", "\n", "\r\n", "\r", "\f", "\v", "\t", " ",
                                       ", ", "- ", "\xC3\xA4", "\xC5\xBF", "\xE2\x80\xA2", "\xEF\xAC\x81",
                                       "\xE6\x97\xA5", "\xFF", "\x0B", "data", "engineer", "in", "with",
                                       "abcdefghijklmnopqrstuvwxyz0123456789 abcdefghij"};
    uint64_t st = 17;
    char buf[200];
    size_t spans = 0, yes = 0;
    for (int k = 0; k < 120; k++) {
        size_t n = 0;
        while (n < 120) {
            st = st * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *f = frag[(st >> 33) % (sizeof frag / sizeof *frag)];
            size_t fl = strlen(f);
            if (n + fl > sizeof buf)
                break;
            memcpy(buf + n, f, fl);
            n += fl;
        }
        for (size_t a = 0; a <= n; a++)
            for (size_t b = a; b <= n; b++) {
                unsigned want = vs_slices_ref(buf, n, a, b), got = fr_tokens_slices(buf, n, a, b);
                ck_assert_msg(got == want, "text %d [%zu, %zu): %u, the reference %u", k, a, b, got, want);
                spans++;
                yes += want != 0;
            }
    }
    ck_assert_uint_gt(yes, spans / 100); /* both answers well represented */
    ck_assert_uint_gt(spans - yes, spans / 50);
}
END_TEST

static void tokenizer_vec_speed_tests(Suite *s)
{
    TCase *tc = tcase_create("vec_speed");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_tokens_slices_sse2_is_byte_by_byte);
    tcase_add_test(tc, test_stop_words_plain_path_is_the_reference);
    tcase_add_test(tc, test_tokens_are_followed_by_padding);
    suite_add_tcase(s, tc);
}
