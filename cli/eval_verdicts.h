/* cli/eval_verdicts.h — `fitrank eval --verdicts DIR` (cli/eval_verdicts.c). */
#ifndef FR_CLI_EVAL_VERDICTS_H
#define FR_CLI_EVAL_VERDICTS_H

#include "cli/scoring.h"

/* Evaluate DIR's tasks.jsonl against its labels.jsonl with parameters sp; the report (table or
 * JSON) to out_path (NULL: stdout), each reader item with fitrank's verdict to pairs_path (JSON
 * Lines) when given.  Returns an exit code (errors already reported). */
int cli_eval_verdicts(cli_env *e, const char *dir, const fr_score_params *sp, int json, const char *out_path,
                      const char *pairs_path);

#endif
