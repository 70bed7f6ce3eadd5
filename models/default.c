/* models/default.c — the reference model every command uses without --model. */
#include "models/internal.h"

extern const unsigned char fr_default_model_data[];
extern const unsigned char fr_default_model_end[];

fr_status fr_model_default(fr_model **out, fr_error *err)
{
    return fr__model_from_trusted_bytes(fr_default_model_data, (size_t)(fr_default_model_end - fr_default_model_data), out,
                               err);
}
