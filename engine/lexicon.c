/* engine/lexicon.c — parse the TSV, index phrases, match token sequences. */
#include "engine/lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ascii.h"

#include "util/arena.h"
#include "util/hash.h"

extern const unsigned char fr_skills_tsv[];
extern const size_t fr_skills_tsv_len;
extern const unsigned char fr_substitutes_tsv[];
extern const size_t fr_substitutes_tsv_len;

#define MAX_PHRASE_TOKENS 6

#define LX_NONE UINT32_MAX /* a slot of a prefix only, no phrase */
#define LX_FIRST_BITS 32768 /* first_bits: ~4,000 one-token keys set ~8,000 of them */
struct lx_slot {
    const char *key; /* NULL: empty */
    uint32_t len;
    uint32_t val;    /* canonical id, or LX_NONE */
    uint64_t hash;   /* fr_hash_term of the key: compared before the bytes */
    int more;        /* some longer phrase starts with the key and a space */
};

struct fr_lexicon {
    fr_arena arena;
    int version;
    char **names;        /* canonical names */
    unsigned char *cased;/* per canonical: FR_LX_* flags (`case`, `soft`, `language`, `cert`) */
    size_t n, cap;
    /* phrase table: open addressing, phrase → canonical id; also every proper prefix of a
     * phrase of several tokens (so that matching stops extending a sequence no phrase continues) */
    struct lx_slot *tab;
    size_t slots, used;
    int max_tokens;
    /* a filter before a token's lookup: two bits per key of one token (no space) of at most
     * FR_SHORT bytes, by the hash of its short words — most tokens of a text are no key, and the
     * test is a multiply and two loads of a 4 KB array where the lookup hashes with XXH3 and
     * probes a table of ~100 KB */
    uint64_t first_bits[LX_FIRST_BITS / 64];
    /* substitutes: per canonical its family (0 none); kind edges (parent, child), sorted */
    int subs_version;
    uint32_t *family;
    uint32_t (*edge)[2];
    size_t n_edges;
};

/* Phrases are written with hyphen compounds joined ("scikit-learn"), and texts are tokenized with
 * the joined form followed by its parts, so that German compounds on a skill ("SQL-Kenntnisse",
 * "CI/CD-Pipelines") still name it: the joined form is tried first, its parts after it. */
void fr_lexicon_tok_opts(fr_tok_opts *o)
{
    fr_tok_opts_default(o);
    o->hyphen = FR_HYPHEN_BOTH;
}

/* Where key p[0..n) (hash h) is, or the empty slot it would take (lx->slots: no table yet). */
static size_t find_at(const fr_lexicon *lx, const char *p, size_t n, uint64_t h)
{
    if (!lx->slots)
        return 0;
    size_t j = (size_t)h & (lx->slots - 1);
    for (; lx->tab[j].key; j = (j + 1) & (lx->slots - 1)) {
        const struct lx_slot *e = &lx->tab[j];
        if (e->hash == h && e->len == n && memcmp(e->key, p, n) == 0)
            break;
    }
    return j;
}

static fr_status grow(fr_lexicon *lx)
{
    size_t ns = lx->slots ? lx->slots * 2 : 1024;
    struct lx_slot *tab = calloc(ns, sizeof *tab);
    if (!tab)
        return FR_ENOMEM;
    for (size_t i = 0; i < lx->slots; i++) {
        if (!lx->tab[i].key)
            continue;
        size_t j = (size_t)lx->tab[i].hash & (ns - 1);
        while (tab[j].key)
            j = (j + 1) & (ns - 1);
        tab[j] = lx->tab[i];
    }
    free(lx->tab);
    lx->tab = tab;
    lx->slots = ns;
    return FR_OK;
}

/* The slot of key p[0..n) (hash h), or NULL. */
static const struct lx_slot *find_slot(const fr_lexicon *lx, const char *p, size_t n, uint64_t h)
{
    size_t j = find_at(lx, p, n, h);
    return j < lx->slots && lx->tab[j].key ? &lx->tab[j] : NULL;
}

int64_t fr_lexicon_lookup(const fr_lexicon *lx, const char *p, size_t n)
{
    const struct lx_slot *e = find_slot(lx, p, n, fr_hash_term(p, n));
    return e && e->val != LX_NONE ? (int64_t)e->val : -1;
}

/* first_bits' two bits for token p[0..n) (n <= FR_SHORT). */
static inline void first_bits_of(const char *p, size_t n, size_t *b1, size_t *b2)
{
    uint64_t w0, w1;
    fr_short_words(p, n, &w0, &w1);
    uint64_t h = fr_hash_short(w0, w1);
    *b1 = (size_t)h & (LX_FIRST_BITS - 1);
    *b2 = (size_t)(h >> 40) & (LX_FIRST_BITS - 1);
}

/* 0 when no key is the token p[0..n) (a key may be, when 1). */
static inline int first_may_be_key(const fr_lexicon *lx, const char *p, size_t n)
{
    if (n > FR_SHORT)
        return 1;
    size_t b1, b2;
    first_bits_of(p, n, &b1, &b2);
    return (lx->first_bits[b1 / 64] >> (b1 % 64) & 1) && (lx->first_bits[b2 / 64] >> (b2 % 64) & 1);
}

/* The slot of p[0..n), added (as a prefix only) when absent.  NULL: out of memory. */
static struct lx_slot *slot_for(fr_lexicon *lx, const char *p, size_t n)
{
    uint64_t h = fr_hash_term(p, n);
    size_t j = find_at(lx, p, n, h);
    if (lx->slots && lx->tab[j].key)
        return &lx->tab[j];
    if ((lx->used + 1) * 2 > lx->slots) {
        if (grow(lx) != FR_OK)
            return NULL;
        j = find_at(lx, p, n, h);
    }
    char *k = fr_arena_strndup(&lx->arena, p, n);
    if (!k)
        return NULL;
    lx->tab[j] = (struct lx_slot){k, (uint32_t)n, LX_NONE, h, 0};
    lx->used++;
    if (n <= FR_SHORT && !memchr(p, ' ', n)) { /* a key one token may be (fr_lexicon_find_memo) */
        size_t b1, b2;
        first_bits_of(p, n, &b1, &b2);
        lx->first_bits[b1 / 64] |= (uint64_t)1 << (b1 % 64);
        lx->first_bits[b2 / 64] |= (uint64_t)1 << (b2 % 64);
    }
    return &lx->tab[j];
}

/* Add phrase → id; returns FR_EINVAL if the phrase already maps to another skill. */
static fr_status add_phrase(fr_lexicon *lx, const char *p, size_t n, uint32_t id)
{
    struct lx_slot *e = slot_for(lx, p, n);
    if (!e)
        return FR_ENOMEM;
    if (e->val != LX_NONE)
        return e->val == id ? FR_OK : FR_EINVAL;
    e->val = id;
    int toks = 1;
    for (size_t i = 0; i < n; i++)
        if (p[i] == ' ') {
            toks++;
            struct lx_slot *pre = i ? slot_for(lx, p, i) : NULL; /* (the table may have grown) */
            if (i && !pre)
                return FR_ENOMEM;
            if (pre)
                pre->more = 1;
        }
    if (toks > lx->max_tokens)
        lx->max_tokens = toks;
    return FR_OK;
}

/* Is `flag` one of the comma-separated words of flags[0..n)? */
static int has_flag(const char *flags, size_t n, const char *flag)
{
    size_t fl = strlen(flag);
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        while (i + k < n && flags[i + k] != ',')
            k++;
        size_t a = i, b = i + k;
        while (a < b && flags[a] == ' ')
            a++;
        while (b > a && flags[b - 1] == ' ')
            b--;
        if (b - a == fl && memcmp(flags + a, flag, fl) == 0)
            return 1;
        i += k + 1;
    }
    return 0;
}

/* The next line of a TSV text that is neither empty nor a comment: *line, *ll (no line end);
 * *lineno counts every line read.  0 at the end of the text. */
static int next_line(const char *tsv, size_t len, size_t *i, size_t *lineno, const char **line, size_t *ll)
{
    while (*i < len) {
        const char *nl = memchr(tsv + *i, '\n', len - *i);
        size_t e = nl ? (size_t)(nl - tsv) : len;
        *line = tsv + *i;
        *ll = e - *i;
        *i = e + 1;
        (*lineno)++;
        if (*ll && (*line)[*ll - 1] == '\r')
            (*ll)--;
        if (*ll && (*line)[0] != '#')
            return 1;
    }
    return 0;
}

fr_status fr_lexicon_from_tsv(const char *tsv, size_t len, fr_lexicon **out, fr_error *err)
{
    *out = NULL;
    fr_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    fr_status s = FR_OK;
    size_t lineno = 0;
    const char *line;
    size_t ll, i = 0;
    while (s == FR_OK && next_line(tsv, len, &i, &lineno, &line, &ll)) {
        const char *t1 = memchr(line, '\t', ll);
        size_t cl = t1 ? (size_t)(t1 - line) : ll;
        if (!lx->version) {
            if (cl != 7 || memcmp(line, "version", 7) != 0 || !t1 || (lx->version = atoi(t1 + 1)) <= 0)
                s = fr_fail(err, FR_EFORMAT, "skills lexicon:%zu: first line must be 'version<TAB>N'", lineno);
            continue;
        }
        const char *aliases = t1 ? t1 + 1 : line + ll;
        const char *t2 = memchr(aliases, '\t', (size_t)(line + ll - aliases));
        size_t al = t2 ? (size_t)(t2 - aliases) : (size_t)(line + ll - aliases);
        const char *flags = t2 ? t2 + 1 : line + ll;
        size_t fl = (size_t)(line + ll - flags);
        if (cl == 0) {
            s = fr_fail(err, FR_EFORMAT, "skills lexicon:%zu: empty canonical name", lineno);
            break;
        }
        if (lx->n == lx->cap) {
            size_t cap = lx->cap ? lx->cap * 2 : 512;
            char **nm = realloc(lx->names, cap * sizeof *nm);
            if (nm)
                lx->names = nm;
            unsigned char *cs = realloc(lx->cased, cap);
            if (cs)
                lx->cased = cs;
            if (!nm || !cs) {
                s = fr_fail(err, FR_ENOMEM, "out of memory");
                break;
            }
            lx->cap = cap;
        }
        uint32_t id = (uint32_t)lx->n;
        lx->names[id] = fr_arena_strndup(&lx->arena, line, cl);
        lx->cased[id] = (unsigned char)((has_flag(flags, fl, "case") ? FR_LX_CASE : 0) |
                                        (has_flag(flags, fl, "soft") ? FR_LX_SOFT : 0) |
                                        (has_flag(flags, fl, "language") ? FR_LX_LANGUAGE : 0) |
                                        (has_flag(flags, fl, "cert") ? FR_LX_CERT : 0));
        lx->n++;
        if (!lx->names[id]) {
            s = fr_fail(err, FR_ENOMEM, "out of memory");
            break;
        }
        s = add_phrase(lx, line, cl, id);
        for (const char *p = aliases; s == FR_OK && p < aliases + al;) {
            const char *c = memchr(p, ',', (size_t)(aliases + al - p));
            size_t k = c ? (size_t)(c - p) : (size_t)(aliases + al - p);
            while (k && *p == ' ') {
                p++;
                k--;
            }
            while (k && p[k - 1] == ' ')
                k--;
            if (k)
                s = add_phrase(lx, p, k, id);
            p = c ? c + 1 : aliases + al;
        }
        if (s == FR_EINVAL)
            s = fr_fail(err, FR_EFORMAT, "skills lexicon:%zu: a name or alias of '%.*s' already belongs to another skill",
                        lineno, (int)cl, line);
        else if (s == FR_ENOMEM)
            s = fr_fail(err, FR_ENOMEM, "out of memory");
    }
    if (s == FR_OK && !lx->version)
        s = fr_fail(err, FR_EFORMAT, "skills lexicon: no version line");
    if (s != FR_OK) {
        fr_lexicon_free(lx);
        return s;
    }
    *out = lx;
    return FR_OK;
}

fr_status fr_lexicon_new(fr_lexicon **out, fr_error *err)
{
    fr_status st = fr_lexicon_from_tsv((const char *)fr_skills_tsv, fr_skills_tsv_len, out, err);
    if (st == FR_OK &&
        (st = fr_lexicon_load_substitutes(*out, (const char *)fr_substitutes_tsv, fr_substitutes_tsv_len, err)) != FR_OK) {
        fr_lexicon_free(*out);
        *out = NULL;
    }
    return st;
}

static int cmp_edge(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

/* One tab-separated field of line[0..n) from *at: its span; *at moves past it. */
static size_t field(const char *line, size_t n, size_t *at, const char **f)
{
    size_t a = *at, b = a;
    while (b < n && line[b] != '\t')
        b++;
    *f = line + a;
    *at = b < n ? b + 1 : n;
    return b - a;
}

fr_status fr_lexicon_load_substitutes(fr_lexicon *lx, const char *tsv, size_t len, fr_error *err)
{
    free(lx->family);
    free(lx->edge);
    lx->family = calloc(lx->n ? lx->n : 1, sizeof *lx->family);
    lx->edge = NULL;
    lx->n_edges = 0;
    lx->subs_version = 0;
    if (!lx->family)
        return fr_fail(err, FR_ENOMEM, "out of memory");
    size_t cap = 0, lineno = 0;
    uint32_t n_fam = 0;
    fr_status s = FR_OK;
    const char *line;
    size_t ll, i = 0;
    while (s == FR_OK && next_line(tsv, len, &i, &lineno, &line, &ll)) {
        size_t at = 0;
        const char *rel, *name, *mem;
        size_t rl = field(line, ll, &at, &rel), nl2 = field(line, ll, &at, &name), ml = field(line, ll, &at, &mem);
        if (!lx->subs_version) {
            if (rl != 7 || memcmp(rel, "version", 7) != 0 || (lx->subs_version = atoi(name)) <= 0)
                s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: first line must be 'version<TAB>N'", lineno);
            continue;
        }
        int fam = rl == 6 && memcmp(rel, "family", 6) == 0, kind = rl == 4 && memcmp(rel, "kind", 4) == 0;
        if (!fam && !kind) {
            s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: a line is 'family' or 'kind', then a name and members", lineno);
            break;
        }
        int64_t parent = -1;
        if (kind && (parent = fr_lexicon_lookup(lx, name, nl2)) < 0) {
            s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: '%.*s' is no canonical skill of the lexicon", lineno, (int)nl2,
                        name);
            break;
        }
        if (fam)
            n_fam++;
        size_t members = 0;
        for (size_t p = 0; s == FR_OK && p < ml;) {
            size_t k = 0;
            while (p + k < ml && mem[p + k] != ',')
                k++;
            const char *m = mem + p;
            size_t mk = k;
            p += k + 1;
            while (mk && *m == ' ') {
                m++;
                mk--;
            }
            while (mk && m[mk - 1] == ' ')
                mk--;
            if (!mk)
                continue;
            int64_t id = fr_lexicon_lookup(lx, m, mk);
            /* canonical names only: an alias here would be a second spelling to keep in step */
            if (id < 0 || strlen(lx->names[id]) != mk || memcmp(lx->names[id], m, mk) != 0) {
                s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: '%.*s' is no canonical skill of the lexicon", lineno,
                            (int)mk, m);
                break;
            }
            members++;
            if (fam) {
                if (lx->family[id]) {
                    s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: '%.*s' is in two families", lineno, (int)mk, m);
                    break;
                }
                lx->family[id] = n_fam;
            } else {
                if (id == parent) {
                    s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: '%.*s' is a kind of itself", lineno, (int)mk, m);
                    break;
                }
                if (lx->n_edges == cap) {
                    cap = cap ? 2 * cap : 256;
                    void *ne = realloc(lx->edge, cap * sizeof *lx->edge);
                    if (!ne) {
                        s = fr_fail(err, FR_ENOMEM, "out of memory");
                        break;
                    }
                    lx->edge = ne;
                }
                lx->edge[lx->n_edges][0] = (uint32_t)parent;
                lx->edge[lx->n_edges][1] = (uint32_t)id;
                lx->n_edges++;
            }
        }
        if (s == FR_OK && members < (fam ? 2u : 1u))
            s = fr_fail(err, FR_EFORMAT, "substitutes:%zu: a family needs two members, a kind one", lineno);
    }
    if (s == FR_OK && !lx->subs_version)
        s = fr_fail(err, FR_EFORMAT, "substitutes: no version line");
    if (s != FR_OK) {
        free(lx->family);
        free(lx->edge);
        lx->family = NULL;
        lx->edge = NULL;
        lx->n_edges = 0;
        lx->subs_version = 0;
        return s;
    }
    if (lx->n_edges)
        qsort(lx->edge, lx->n_edges, sizeof *lx->edge, cmp_edge);
    return FR_OK;
}

int fr_lexicon_subs_version(const fr_lexicon *lx) { return lx->subs_version; }

/* Children of p in the kind edges: [*a, *b). */
static void kids(const fr_lexicon *lx, uint32_t p, size_t *a, size_t *b)
{
    size_t lo = 0, hi = lx->n_edges;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lx->edge[mid][0] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    *a = lo;
    while (lo < lx->n_edges && lx->edge[lo][0] == p)
        lo++;
    *b = lo;
}

size_t fr_lexicon_accepts(const fr_lexicon *lx, uint32_t skill, uint32_t *out, unsigned char *how, size_t cap)
{
    if (!lx->family || skill >= lx->n)
        return 0;
    size_t n = 0;
    /* kinds, transitively (breadth first over what is found; a skill listed twice counts once) */
    uint32_t q[256];
    size_t nq = 0;
    q[nq++] = skill;
    for (size_t h = 0; h < nq; h++) {
        size_t a, b;
        kids(lx, q[h], &a, &b);
        for (size_t e = a; e < b; e++) {
            uint32_t c = lx->edge[e][1];
            int seen = c == skill;
            for (size_t k = 1; k < nq && !seen; k++)
                seen = q[k] == c;
            if (seen || nq == 256)
                continue;
            q[nq++] = c;
        }
    }
    for (size_t k = 1; k < nq; k++) {
        if (n < cap) {
            out[n] = q[k];
            how[n] = FR_ACCEPT_KIND;
        }
        n++;
    }
    if (lx->family[skill])
        for (uint32_t id = 0; id < lx->n; id++) {
            if (id == skill || lx->family[id] != lx->family[skill])
                continue;
            int seen = 0;
            for (size_t k = 1; k < nq && !seen; k++)
                seen = q[k] == id;
            if (seen)
                continue; /* a kind of it meets: not a mere substitute */
            if (n < cap) {
                out[n] = id;
                how[n] = FR_ACCEPT_SUBSTITUTE;
            }
            n++;
        }
    return n;
}

void fr_lexicon_free(fr_lexicon *lx)
{
    if (!lx)
        return;
    free(lx->names);
    free(lx->cased);
    free(lx->family);
    free(lx->edge);
    free(lx->tab);
    fr_arena_free(&lx->arena);
    free(lx);
}

int fr_lexicon_version(const fr_lexicon *lx) { return lx->version; }
size_t fr_lexicon_size(const fr_lexicon *lx) { return lx->n; }
const char *fr_lexicon_name(const fr_lexicon *lx, uint32_t skill) { return lx->names[skill]; }

static int is_word_byte(unsigned char c) { return fr_is_alnum(c) || c >= 0x80; }

/* Does `text` contain `word` (ASCII, folded) as a whole word whose first letter is a capital? */
static int capitalised_in(const char *text, size_t len, const char *word, size_t wl)
{
    for (size_t i = 0; i + wl <= len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!fr_is_upper(c) || fr_to_lower(c) != word[0])
            continue;
        if (i > 0 && is_word_byte((unsigned char)text[i - 1]))
            continue;
        size_t k = 1;
        while (k < wl && fr_to_lower((unsigned char)text[i + k]) == word[k])
            k++;
        if (k == wl && (i + wl == len || !is_word_byte((unsigned char)text[i + wl])))
            return 1;
    }
    return 0;
}

size_t fr_lexicon_find(const fr_lexicon *lx, const fr_tokens *toks, const char *text, size_t len,
                       fr_skill_hit *hits, size_t cap)
{
    return fr_lexicon_find_memo(lx, toks, text, len, NULL, hits, cap);
}

#define MEMO_NONE UINT32_MAX /* memo: the token is no key */

size_t fr_lexicon_find_memo(const fr_lexicon *lx, const fr_tokens *toks, const char *text, size_t len,
                            uint32_t *memo, fr_skill_hit *hits, size_t cap)
{
    size_t found = 0;
    char buf[256];
    for (size_t i = 0; i < toks->n;) {
        /* the token alone, first: most tokens are no key (then no phrase starts with them), and
         * are passed over here — looked up in place (no copy), once per token with a memo */
        size_t bl = toks->len[i];
        if (bl + 1 >= sizeof buf) { /* (as the phrase's bound below: too long to be a key) */
            i++;
            continue;
        }
        const struct lx_slot *e;
        uint32_t mi = memo ? memo[i] : 0;
        if (mi == MEMO_NONE) {
            i++;
            continue;
        }
        if (mi)
            e = &lx->tab[mi - 1];
        else {
            const char *tp = toks->text + toks->off[i];
            e = first_may_be_key(lx, tp, bl) ? find_slot(lx, tp, bl, fr_hash_term(tp, bl)) : NULL;
            if (memo)
                memo[i] = e ? (uint32_t)(e - lx->tab) + 1 : MEMO_NONE;
            if (!e) {
                i++;
                continue;
            }
        }
        size_t best_end = 0;
        int64_t best = -1;
        for (int k = 0;;) {
            int64_t id = e && e->val != LX_NONE ? (int64_t)e->val : -1;
            /* a `case` entry must be capitalised where it stands ("Go", not "go live") */
            const uint32_t *ss = toks->src_start;
            if (id >= 0 && (!(lx->cased[id] & FR_LX_CASE) ||
                            (ss ? (ss[i] < len && fr_is_upper((unsigned char)text[ss[i]]))
                                : capitalised_in(text, len, k ? buf : toks->text + toks->off[i], bl)))) {
                best = id;
                best_end = i + (size_t)k + 1;
            }
            if (!e || !e->more) /* no longer phrase starts so */
                break;
            /* the phrase grows by a token: into buf */
            if (++k >= lx->max_tokens || i + (size_t)k >= toks->n)
                break;
            size_t tl = toks->len[i + (size_t)k];
            if (bl + tl + 1 >= sizeof buf)
                break;
            if (k == 1)
                memcpy(buf, toks->text + toks->off[i], bl);
            buf[bl++] = ' ';
            memcpy(buf + bl, toks->text + toks->off[i + (size_t)k], tl);
            bl += tl;
            e = find_slot(lx, buf, bl, fr_hash_term(buf, bl));
        }
        if (best < 0) {
            i++;
            continue;
        }
        if (found < cap)
            hits[found] = (fr_skill_hit){(uint32_t)best, (uint32_t)i, (uint32_t)best_end};
        found++;
        i = best_end;
    }
    return found;
}

unsigned fr_lexicon_flags(const fr_lexicon *lx, uint32_t skill) { return skill < lx->n ? lx->cased[skill] : 0; }
