/* engine/jsondoc.h — JSON documents laid out as text the parsers read like any other file:
 *   {"text": ...}                         the text itself (optional "title", "id")
 *   schema.org JobPosting                 title, description (HTML stripped), responsibilities,
 *                                         qualifications, skills, education and experience
 *                                         requirements under the usual headings
 *   {"required": [...], "preferred": [...]}  explicit lists under "Required/Preferred Qualifications"
 *   JSON Resume (basics, work, education, skills, projects, ...)  a plain-text résumé
 * Anything else — a bare string, number or array, an object of another shape — is not a
 * document (fr_json_doc_text says FR_JSON_STRINGS or FR_JSON_NONE and the readers refuse it), the
 * same for a .json file and a JSONL line. */
#ifndef FR_ENGINE_JSONDOC_H
#define FR_ENGINE_JSONDOC_H

#include <cjson/cJSON.h>

#include "util/buf.h"
#include "util/err.h"

typedef enum { FR_JSON_TEXT, FR_JSON_POSTING, FR_JSON_RESUME, FR_JSON_STRINGS, FR_JSON_NONE } fr_json_kind;

/* Append the document's text to *text and its title (if any) to *title.  Returns the kind;
 * FR_JSON_NONE when the value holds no text at all (a wrong-shaped document).  Out of memory
 * shows as text->failed or title->failed (fr_buf's sticky flag): check them. */
fr_json_kind fr_json_doc_text(const cJSON *j, fr_buf *text, fr_buf *title);

/* Check that the fields fitrank reads from a JSON document (a .json file or a JSONL line) have the
 * types it reads them as: a field of another type would otherwise be dropped from the text
 * without a word ("text": 5 made an empty document).  Returns NULL, or a static phrase saying
 * what is wrong with the first bad field ("\"text\" must be a string"). */
const char *fr_json_doc_check(const cJSON *j);

/* Find a JobPosting object in a JSON-LD value (itself, inside "@graph", or in an array). */
const cJSON *fr_json_find_jobposting(const cJSON *j);

#endif
