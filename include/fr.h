/* fr.h — the fitrank library: include this one header to use it.
 *
 * Naming: every public name starts with fr_ / FR_.  Ownership: every *_new / *_load / *_open has a
 * matching *_free, and *_free(NULL) is a no-op.  Errors: functions return fr_status and fill an
 * optional caller-owned fr_error; nothing in the library prints or exits. */
#ifndef FR_H
#define FR_H

#include "engine/cosine.h"
#include "engine/docset.h"
#include "engine/document.h"
#include "engine/eval.h"
#include "engine/index.h"
#include "engine/input.h"
#include "engine/jsondoc.h"
#include "engine/kinds.h"
#include "engine/lexicon.h"
#include "engine/rank.h"
#include "engine/score.h"
#include "engine/verdict.h"
#include "engine/vdeval.h"
#include "models/model.h"
#include "tokenizer/tokenizer.h"
#include "util/err.h"

#endif
