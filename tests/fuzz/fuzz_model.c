/* tests/fuzz/fuzz_model.c — libFuzzer harness: arbitrary bytes as a model file, and what a model
 * that loads does to the engine.  The trailing XXH64 is recomputed before loading (a crafted
 * model carries a valid one; without this the fuzzer would only ever see "checksum mismatch"),
 * so every structural and numeric check of models/model_io.c is reached.  A model that loads is
 * then used the way `rank` uses one: vectorize and project text, prepare a posting (the
 * requirement view of defect 1 lives there) and a résumé, score the pair.  Run with `make fuzz`
 * (clang, ASan + UBSan, float-cast-overflow); any crash, leak or UB report is a bug.
 * Seeds: small models fitted on examples/ with several option sets (Makefile, `make fuzz`). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fr.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char POSTING[] =
    "Backend Engineer\n\nRequirements:\n- 3+ years of experience with Go and PostgreSQL\n"
    "- Strong testing culture, CI/CD, Docker\n- Bachelor's degree in Computer Science\n\n"
    "Nice to have:\n- Kubernetes, Terraform\n";
static const char RESUME[] =
    "Jane Doe\n\nExperience\nSoftware Engineer, Acme, 2018-01 - 2024-06\n- Built Go services on PostgreSQL\n"
    "- Docker and Kubernetes in production\n\nEducation\nB.Sc. Computer Science, 2014 - 2017\n\n"
    "Skills\nGo, C++, Python, SQL\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fr_lexicon *lx;
    static fr_posting *post;
    static fr_resume *res;
    if (!lx) { /* parsing does not depend on the model: once */
        fr_ym as_of = {2026, 11};
        if (fr_lexicon_new(&lx, NULL) != FR_OK ||
            fr_posting_parse("p", POSTING, sizeof POSTING - 1, "source", lx, &post, NULL) != FR_OK ||
            fr_resume_parse("r", RESUME, sizeof RESUME - 1, "source", lx, as_of, &res, NULL) != FR_OK)
            abort();
    }
    /* model bytes must be 8-byte aligned (they are used in place) */
    uint64_t *img = malloc(size / 8 * 8 + 8);
    if (!img)
        return 0;
    memcpy(img, data, size);
    if (size >= 16) {
        uint64_t sum = fr_checksum64(img, size - 8);
        memcpy((unsigned char *)img + size - 8, &sum, 8);
    }
    fr_model *m = NULL;
    fr_error err = {0};
    if (fr_model_from_bytes(img, size, &m, &err) == FR_OK) {
        fr_vectorizer *v = NULL;
        if (fr_vectorizer_new(m, &v, NULL) == FR_OK) {
            fr_sparse x;
            if (fr_vectorize(v, POSTING, sizeof POSTING - 1, &x, NULL) == FR_OK && fr_model_dim(m)) {
                float *out = malloc(fr_model_dim(m) * sizeof *out);
                if (out) {
                    fr_project(m, &x, out);
                    free(out);
                }
            }
            fr_vectorizer_free(v);
        }
        fr_docset_builder *b = NULL;
        fr_docset P, R;
        fr_scorer *sc = NULL;
        if (fr_docset_builder_new(m, lx, &b, NULL) == FR_OK && fr_docset_init(&P, FR_SET_POSTINGS, m, lx, NULL) == FR_OK) {
            if (fr_docset_init(&R, FR_SET_RESUMES, m, lx, NULL) == FR_OK) {
                fr_pair_eval pe;
                fr_item_eval items[16];
                if (fr_docset_add_posting(&P, b, post, POSTING, sizeof POSTING - 1, NULL) == FR_OK &&
                    fr_docset_add_resume(&R, b, res, RESUME, sizeof RESUME - 1, NULL) == FR_OK &&
                    P.unit_start.v[1] <= 16 && fr_scorer_new(m, &sc, NULL) == FR_OK)
                    fr_score_pair(sc, &P, 0, &R, 0, NULL, &pe, items, NULL);
                fr_scorer_free(sc);
                fr_docset_free(&R);
            }
            fr_docset_free(&P);
        }
        fr_docset_builder_free(b);
        fr_model_free(m);
    }
    free(img);
    return 0;
}
