/* engine/html.h — visible text of an HTML page, with a byte map back to the source, and the
 * page's JSON-LD blocks.  Not a full HTML5 parser: it handles what job pages contain (tags,
 * comments, script/style, entities) and says where every output byte came from. */
#ifndef FR_ENGINE_HTML_H
#define FR_ENGINE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Append the text of html[0..n) to *text.  Block-level tags become newlines (list items a new
 * line starting with "• "), inline tags vanish, entities are decoded, script/style/head are
 * skipped.  For every appended byte, src_start and src_end get the source span it came from
 * (an entity's bytes all map to the whole entity; synthetic newlines and bullets map to an empty
 * span at their tag).  The vectors are appended in step with *text. */
fr_status fr_html_text(const char *html, size_t n, fr_buf *text, fr_u32vec *src_start, fr_u32vec *src_end);

/* Call fn for the content of each <script type="application/ld+json"> block; stops early when fn
 * returns non-zero and returns that value. */
int fr_html_jsonld(const char *html, size_t n, int (*fn)(void *ctx, const char *json, size_t len), void *ctx);

#endif
