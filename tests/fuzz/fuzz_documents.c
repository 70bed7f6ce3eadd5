/* tests/fuzz/fuzz_documents.c — libFuzzer harness: arbitrary bytes through every parser a user's
 * file reaches (UTF-8 repair, tokenizer, posting and résumé parsers, HTML text, JSON documents,
 * dates).  Run with `make fuzz` (clang, ASan + UBSan); any crash, leak or UB report is a bug. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/dates.h"
#include "engine/document.h"
#include "engine/html.h"
#include "engine/jsondoc.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fr_lexicon *lx;
    if (!lx && fr_lexicon_new(&lx, NULL) != FR_OK)
        abort();
    fr_buf text = {0};
    if (fr_utf8_repair((const char *)data, size, &text, NULL) != FR_OK)
        abort();
    const char *t = text.data ? text.data : "";
    fr_ym as_of = {2026, 11};
    fr_posting *p = NULL;
    if (fr_posting_parse("fuzz", t, text.len, "source", lx, &p, NULL) == FR_OK)
        fr_posting_free(p);
    fr_resume *r = NULL;
    if (fr_resume_parse("fuzz", t, text.len, "source", lx, as_of, &r, NULL) == FR_OK)
        fr_resume_free(r);
    fr_buf h = {0};
    fr_u32vec a = {0}, e = {0};
    fr_html_text(t, text.len, &h, &a, &e);
    fr_buf_free(&h);
    fr_u32vec_free(&a);
    fr_u32vec_free(&e);
    cJSON *j = cJSON_ParseWithLength(t, text.len);
    if (j) {
        fr_buf jt = {0}, title = {0};
        fr_json_doc_text(j, &jt, &title);
        fr_buf_free(&jt);
        fr_buf_free(&title);
        cJSON_Delete(j);
    }
    fr_date_range dr;
    fr_find_dates(t, text.len, &dr);
    fr_buf_free(&text);
    return 0;
}
