/* engine/vdeval.h — requirement verdicts measured against careful readers (`fitrank eval
 * --verdicts`).  The definitions are issue 13's, so that everyone's figures agree:
 *
 * Items of a pair are aligned in the reader's order: each reader item goes to the not-yet-used
 * fitrank item (required or preferred) with the highest overlap (Jaccard) of lowercase word sets
 * (words = runs of letters and digits), if at least 0.6; an exact match after collapsing
 * whitespace wins.
 *   item recall       aligned / reader items
 *   verdict accuracy  aligned items whose status equals the reader's verdict / aligned items (per
 *                     kind: by fitrank's kind of the aligned item)
 *   false-missing     aligned items fitrank calls missing that the reader does not / reader items
 *                     that are not missing
 *   missing recall    aligned items both call missing / reader items that are missing
 *   gate agreement    pairs where fitrank's gate equals the reader's (no required item missing)
 *   evidence hit      over aligned items the reader calls met or partial with a quote: fitrank's
 *                     evidence (at most 300 characters) contains the quote's first 40 characters,
 *                     or the quote contains the evidence's first 40, or at least half of the
 *                     quote's words occur in the evidence (whitespace collapsed). */
#ifndef FR_ENGINE_VDEVAL_H
#define FR_ENGINE_VDEVAL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/kinds.h"
#include "util/err.h"

/* Statuses in the order engine/score.h numbers them: met, partial, unknown, missing. */
enum { FR_V_MET = 0, FR_V_PARTIAL = 1, FR_V_UNKNOWN = 2, FR_V_MISSING = 3, FR_V_NONE = 4 };
int fr_v_status_parse(const char *name);  /* -1 if not one of the four */

/* One item: the reader's (status = verdict, evidence = quote) or fitrank's (with its kind and the
 * evidence text it shows). */
typedef struct {
    const char *text;
    int required;
    int status;
    int kind;            /* fitrank's items: fr_kind */
    const char *evidence;/* "" or NULL for none */
} fr_vitem;

typedef struct {
    size_t aligned, correct, false_missing, ev_n, ev_hit;
    size_t conf[4][4];   /* reader verdict × fitrank status, aligned items */
} fr_vcount;

typedef struct {
    size_t pairs, gate_agree;
    size_t reader_items, reader_missing, reader_not_missing, missing_both;
    size_t unaligned[4]; /* reader items left without a fitrank item, by verdict */
    fr_vcount all, kind[FR_KIND_COUNT];
} fr_vdeval;

/* Jaccard overlap of the lowercase word sets of a and b (0 when both are empty). */
double fr_vdeval_overlap(const char *a, const char *b);
/* Whether fitrank's evidence hits the reader's quote (the definition above). */
int fr_vdeval_evidence_hit(const char *quote, const char *evidence);
/* Align and count one pair.  align (may be NULL): per reader item, the fitrank item it got or -1.
 * FR_ENOMEM only. */
fr_status fr_vdeval_pair(fr_vdeval *e, const fr_vitem *reader, size_t nr, const fr_vitem *sys, size_t ns, int sys_gate,
                         long *align, fr_error *err);

#endif
