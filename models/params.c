/* models/params.c — the scoring parameters a model carries (see fr_score_params in model.h).
 * Defaults are the README's table, tuned on the development labels (issue 7). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/model.h"

/* models/tuned_params.txt, embedded at build (Makefile): `make tune` writes it, so the tuned
 * values have one home, and `make model` puts them into the reference model. */
extern const unsigned char fr_tuned_params_txt[];
extern const size_t fr_tuned_params_txt_len;

void fr_score_params_default(fr_score_params *p)
{
    /* the hand-set values before tuning (issue 5): what the tuned file does not name keeps them */
    p->w_req = 0.6;
    p->w_pref = 0.2;
    p->w_ctx = 0.2;
    p->w_skill = 0.0;
    p->alpha = 0.5;
    p->beta = 0.5;
    p->beta_ctx = 0.5;
    p->t_met = 0.5;
    p->t_partial = 0.25;
    p->fact_floor = 0.5;
    p->form = 0;
    p->floor = 0.1;
    p->shrink = 2;
    p->prior = 0.1;
    p->v_rel_job = 0.30;
    p->v_rel_weak = 0.10;
    p->v_rel_career = 0.30;
    p->v_absent_dense = 0.4;
    p->v_alt_years = 3;
    p->v_soft_met = 0.30;
    p->v_soft_partial = 0.10;
    p->v_detailed = 25;
    p->v_domain_met = 0.25;
    p->v_domain_partial = 0.25;
    p->v_domain_absent = 0.15;
    fr_score_params_apply(p, (const char *)fr_tuned_params_txt, fr_tuned_params_txt_len, NULL);
}

fr_status fr_score_params_apply(fr_score_params *p, const char *text, size_t len, fr_error *err)
{
    size_t i = 0, line = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        line++;
        char buf[128];
        size_t n = e - i;
        if (n && text[i] != '#') {
            if (n >= sizeof buf)
                return fr_fail(err, FR_EINVAL, "parameters line %zu: too long", line);
            memcpy(buf, text + i, n);
            buf[n] = '\0';
            char *eq = strchr(buf, '=');
            if (!eq)
                return fr_fail(err, FR_EINVAL, "parameters line %zu: not KEY=VALUE", line);
            *eq = '\0';
            fr_status st = fr_score_params_set(p, buf, eq + 1, err);
            if (st == FR_EEMPTY)
                return fr_fail(err, FR_EINVAL, "parameters line %zu: unknown parameter '%s'", line, buf);
            if (st != FR_OK)
                return st;
        }
        i = e + 1;
    }
    return FR_OK;
}

fr_status fr_score_params_validate(const fr_score_params *p, fr_error *err)
{
    const double w[4] = {p->w_req, p->w_pref, p->w_ctx, p->w_skill};
    for (int i = 0; i < 4; i++)
        if (!(w[i] >= 0 && isfinite(w[i])))
            return fr_fail(err, FR_EINVAL, "score weights must be finite and >= 0");
    if (!(w[0] + w[1] + w[2] + w[3] > 0))
        return fr_fail(err, FR_EINVAL, "score weights must not all be 0");
    if (!(p->alpha >= 0 && p->alpha <= 1) || !(p->beta >= 0 && p->beta <= 1) || !(p->beta_ctx >= 0 && p->beta_ctx <= 1) ||
        !(p->fact_floor >= 0 && p->fact_floor <= 1))
        return fr_fail(err, FR_EINVAL, "score.alpha, score.beta, score.beta_ctx and score.fact_floor must lie in [0, 1]");
    if (!(p->form == 0 || p->form == 1))
        return fr_fail(err, FR_EINVAL, "score.form must be 0 (arithmetic mean) or 1 (geometric mean)");
    if (!(p->floor >= 0 && p->floor <= 1) || !(p->prior >= 0 && p->prior <= 1) || !(p->shrink >= 0 && p->shrink <= 1e6))
        return fr_fail(err, FR_EINVAL, "score.floor and score.prior must lie in [0, 1], score.shrink in [0, 1e6]");
    if (!(p->t_partial >= 0 && p->t_partial <= p->t_met && p->t_met <= 1))
        return fr_fail(err, FR_EINVAL, "thresholds must satisfy 0 <= score.t_partial <= score.t_met <= 1");
    if (!(p->v_rel_weak >= 0 && p->v_rel_weak <= p->v_rel_job && p->v_rel_job <= 1) ||
        !(p->v_soft_partial >= 0 && p->v_soft_partial <= p->v_soft_met && p->v_soft_met <= 1) ||
        !(p->v_rel_career >= 0 && p->v_rel_career <= 1) || !(p->v_absent_dense >= 0 && p->v_absent_dense <= 1))
        return fr_fail(err, FR_EINVAL, "verdict thresholds must satisfy 0 <= verdict.rel_weak <= verdict.rel_job <= 1, "
                       "0 <= verdict.soft_partial <= verdict.soft_met <= 1 and 0 <= verdict.rel_career <= 1");
    if (!(p->v_domain_partial >= 0 && p->v_domain_partial <= p->v_domain_met && p->v_domain_met <= 1) ||
        !(p->v_domain_absent >= 0 && p->v_domain_absent <= 1))
        return fr_fail(err, FR_EINVAL, "verdict thresholds must satisfy 0 <= verdict.domain_partial <= verdict.domain_met <= 1 "
                       "and 0 <= verdict.domain_absent <= 1");
    if (!(p->v_alt_years >= 0 && p->v_alt_years <= 100 && p->v_detailed >= 0 && p->v_detailed <= 1e6))
        return fr_fail(err, FR_EINVAL, "verdict.alt_years must lie in [0, 100] and verdict.detailed in [0, 1e6]");
    return FR_OK;
}

/* The one list of parameter keys: model files, --set and eval's reports all go through it. */
static const struct {
    const char *key;
    size_t off;
} keys[] = {
    {"score.w_req", offsetof(fr_score_params, w_req)},     {"score.w_pref", offsetof(fr_score_params, w_pref)},
    {"score.w_ctx", offsetof(fr_score_params, w_ctx)},     {"score.w_skill", offsetof(fr_score_params, w_skill)},
    {"score.alpha", offsetof(fr_score_params, alpha)},
    {"score.beta", offsetof(fr_score_params, beta)},       {"score.beta_ctx", offsetof(fr_score_params, beta_ctx)},
    {"score.t_met", offsetof(fr_score_params, t_met)},
    {"score.t_partial", offsetof(fr_score_params, t_partial)}, {"score.fact_floor", offsetof(fr_score_params, fact_floor)},
    {"score.form", offsetof(fr_score_params, form)},       {"score.floor", offsetof(fr_score_params, floor)},
    {"score.shrink", offsetof(fr_score_params, shrink)},   {"score.prior", offsetof(fr_score_params, prior)},
    {"verdict.rel_job", offsetof(fr_score_params, v_rel_job)},  {"verdict.rel_weak", offsetof(fr_score_params, v_rel_weak)},
    {"verdict.rel_career", offsetof(fr_score_params, v_rel_career)},
    {"verdict.absent_dense", offsetof(fr_score_params, v_absent_dense)},
    {"verdict.alt_years", offsetof(fr_score_params, v_alt_years)},
    {"verdict.soft_met", offsetof(fr_score_params, v_soft_met)},
    {"verdict.soft_partial", offsetof(fr_score_params, v_soft_partial)},
    {"verdict.detailed", offsetof(fr_score_params, v_detailed)},
    {"verdict.domain_met", offsetof(fr_score_params, v_domain_met)},
    {"verdict.domain_partial", offsetof(fr_score_params, v_domain_partial)},
    {"verdict.domain_absent", offsetof(fr_score_params, v_domain_absent)},
};

size_t fr_score_params_count(void) { return sizeof keys / sizeof keys[0]; }

const char *fr_score_params_key(size_t i) { return i < fr_score_params_count() ? keys[i].key : NULL; }

double fr_score_params_get(const fr_score_params *p, size_t i)
{
    double x = 0;
    if (i < fr_score_params_count())
        memcpy(&x, (const char *)p + keys[i].off, sizeof x);
    return x;
}

fr_status fr_score_params_set(fr_score_params *p, const char *key, const char *val, fr_error *err)
{
    for (size_t i = 0; i < fr_score_params_count(); i++) {
        if (strcmp(key, keys[i].key) != 0)
            continue;
        char *end;
        double x = strtod(val, &end);
        if (!*val || *end || !isfinite(x))
            return fr_fail(err, FR_EINVAL, "bad value '%s' for %s", val, key);
        memcpy((char *)p + keys[i].off, &x, sizeof x);
        return FR_OK;
    }
    return FR_EEMPTY;
}
