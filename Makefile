# fitrank — build, test, demo.  `make` leaves ./fitrank at the root; `make test` and `make demo`
# install missing Debian packages first (scripts/deps.sh).  Objects live in build/<mode>/ so that
# release and sanitizer objects never mix (zstd's habit).

MODE      ?= release
BUILD     ?= build/$(MODE)
CC        ?= cc
PKG_CONFIG ?= pkg-config
PYTHON    ?= /usr/bin/python3
PKGS      := openblas lapacke libcjson libutf8proc libxxhash check

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN      := -Wall -Wextra -Werror -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes
OPT_release := -O3 -g
# float-cast-overflow: a NaN or out-of-range float converted to an integer (undefined behaviour);
# clang's `undefined` has it, gcc's does not, so it is named (both compilers take it)
OPT_asan    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
OPT_failalloc := $(OPT_asan)
# atomic counters: rank, parse and eval run on threads (plain counters would lose increments)
OPT_coverage := -O0 -g --coverage -fprofile-update=atomic
OPT         := $(OPT_$(MODE))
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# OpenBLAS and LAPACKE linked statically (from the same Debian packages): OpenBLAS reads its
# environment in its constructor, which as part of the program runs after cli/main.c's
# blas_environment has set it — a shared OpenBLAS starts before any code of ours, and fitrank then
# had to run itself again (~5 ms a command) — and the program starts ~2 ms faster (no symbol
# look-ups into a 36 MB library).  Its Fortran LAPACK needs libgfortran (shared).
BLAS_LIBDIR = $(shell $(PKG_CONFIG) --variable=libdir openblas 2>/dev/null)
BLAS_LIBS  = -L$(BLAS_LIBDIR) -Wl,-Bstatic -llapacke -lopenblas -Wl,-Bdynamic -lgfortran
PKG_LIBS   = $(BLAS_LIBS) $(shell $(PKG_CONFIG) --libs libcjson libutf8proc libxxhash 2>/dev/null) -lstemmer -lm -pthread
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
CPPFLAGS  += -I. -Iinclude -D_POSIX_C_SOURCE=200809L
CFLAGS    ?=
ALL_CFLAGS = -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS   ?=
DEPFLAGS   = -MT $@ -MMD -MP -MF $(BUILD)/$*.d

LIB_SRC  := $(wildcard util/*.c tokenizer/*.c models/*.c engine/*.c)
CLI_SRC  := $(wildcard cli/*.c)
TEST_SRC := $(wildcard tests/check_*.c)
BENCH_SRC := $(wildcard bench/*.c)
SKILLS_TSV ?= engine/skills.tsv
SUBS_TSV ?= engine/substitutes.tsv
DEFAULT_MODEL ?= models/default.frm
GEN_OBJ  := $(BUILD)/gen/skills_data.o $(BUILD)/gen/subs_data.o $(BUILD)/gen/tuned_params.o $(BUILD)/gen/default_model.o
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_OBJ)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/failalloc.o
LIB      := $(BUILD)/libfitrank.a
BIN      := $(BUILD)/fitrank
TEST_BIN := $(BUILD)/check_fitrank
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: install uninstall install-test coverage coverage-run failalloc failalloc-run all deps test unit cli-test doc-test rank-test parity quality-test verdict-test quality tune asan model bench-scoring demo bench clean check-includes help fuzz

all: fitrank

help:
	@echo "make            build ./fitrank (and $(LIB))"
	@echo "make test       install deps, build, run unit + CLI + sklearn-parity tests"
	@echo "make demo       install deps, build, run fitrank on the bundled examples"
	@echo "make asan       run the whole test suite under ASan + UBSan (build/asan)"
	@echo "make failalloc  the library under allocation failure: every failing allocation, ASan (build/failalloc)"
	@echo "make coverage   line and branch coverage of the test suites (gcovr; build/coverage), with a floor"
	@echo "make bench      every figure of bench/RESULTS.md: tokenizer, scoring, match, vs scikit-learn"
	@echo "make model      refit the embedded reference model from ../shared/data"
	@echo "make quality    bench/QUALITY.md: ranking quality against scikit-learn, BM25, random"
	@echo "make tune       choose the scoring parameters by cross-validation (models/tuned_params.txt)"
	@echo "make install    install fitrank, its man page and bash completion (PREFIX=/usr/local, DESTDIR)"
	@echo "make uninstall  remove what make install installed"

deps:
	$(Q)scripts/deps.sh

# Rebuild the embedded reference model from ../shared/data (then `make` embeds it).
model: $(BIN)
	$(Q)scripts/make_model.sh $(BIN)
	$(Q)$(MAKE) --no-print-directory fitrank

fitrank: $(BIN)
ifeq ($(MODE),release)
	$(Q)cp $(BIN) ./fitrank
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

# Data shipped inside the library (the skill lexicon), as C arrays.
$(BUILD)/gen/skills_data.c: $(SKILLS_TSV) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $<"
	$(Q)scripts/embed.sh fr_skills_tsv $< > $@

# What a résumé may show instead of a skill asked (engine/SKILLS.md, "Substitutes").
$(BUILD)/gen/subs_data.c: $(SUBS_TSV) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $<"
	$(Q)scripts/embed.sh fr_substitutes_tsv $< > $@

# The tuned scoring parameters (`make tune` writes them): the defaults of every new model.
$(BUILD)/gen/tuned_params.c: models/tuned_params.txt scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  EMBED   $<"
	$(Q)scripts/embed.sh fr_tuned_params_txt $< > $@

# The reference model, by the assembler's .incbin (models/default_model.S says why).
$(BUILD)/gen/default_model.o: models/default_model.S $(DEFAULT_MODEL)
	@mkdir -p $(dir $@)
	@echo "  AS      $(DEFAULT_MODEL)"
	$(Q)$(CC) -c -DFR_DEFAULT_MODEL='"$(DEFAULT_MODEL)"' $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-variable-declarations -c $< -o $@

$(LIB): $(LIB_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(CHECK_LIBS) $(PKG_LIBS)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

# The test target is what README and .ci/run call: deps, build, then every test.
test: deps
	$(Q)$(MAKE) --no-print-directory check-includes unit cli-test doc-test rank-test parity quality-test verdict-test install-test

# make install / make uninstall: the binary (the reference model is inside it), the man page and
# the bash completion.  PREFIX and DESTDIR as usual; INSTALL_BIN installs another build's binary.
PREFIX      ?= /usr/local
DESTDIR     ?=
INSTALL_BIN ?= $(BIN)
BINDIR      := $(PREFIX)/bin
MANDIR      := $(PREFIX)/share/man/man1
COMPDIR     := $(PREFIX)/share/bash-completion/completions

install: $(INSTALL_BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)" "$(DESTDIR)$(COMPDIR)"
	install -m 755 "$(INSTALL_BIN)" "$(DESTDIR)$(BINDIR)/fitrank"
	install -m 644 docs/fitrank.1 "$(DESTDIR)$(MANDIR)/fitrank.1"
	install -m 644 scripts/fitrank.bash "$(DESTDIR)$(COMPDIR)/fitrank"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/fitrank" "$(DESTDIR)$(MANDIR)/fitrank.1" "$(DESTDIR)$(COMPDIR)/fitrank"

# install into a temporary DESTDIR, run the installed binary, check the man page against --help
install-test: $(BIN)
	$(Q)tests/check_install.sh $(BIN)

unit: $(TEST_BIN)
	$(Q)FR_SHARED=$(abspath ../shared) FR_ROOT=$(CURDIR) $(TEST_BIN)

cli-test: $(BIN)
	$(Q)FR_SHARED=$(abspath ../shared) tests/cli_test.sh $(BIN)

# parse end to end: labelled-posting F1, offsets of every item, every format, bad input
doc-test: $(BIN)
	$(Q)$(PYTHON) tests/check_documents.py --fitrank $(BIN) --shared ../shared

# rank / match / explain / index end to end, and the cosine mode against scikit-learn
rank-test: $(BIN)
	$(Q)$(PYTHON) tests/check_rank_cli.py --fitrank $(BIN) --shared ../shared

# Ranking quality regression (not a timing test): on ../shared/data/cv-project-fit's graded labels
# fitrank full mode must beat the scikit-learn cosine baseline in both directions (skips without data)
quality-test: $(BIN)
	$(Q)$(PYTHON) bench/quality.py --fitrank $(BIN) --shared ../shared --check

# Requirement verdicts against careful readers (not a timing test): the figures of
# `fitrank eval --verdicts` on the development labels (skipped without ../shared) and on our own
# labelled pairs must not fall below their floors (tests/verdict_floors.txt)
verdict-test: $(BIN)
	$(Q)$(PYTHON) bench/verdicts.py --fitrank $(BIN) --shared ../shared --check

# bench/QUALITY.md: fitrank modes and the baselines on the labelled and the categorised data, and
# the requirement verdicts against careful readers
quality: deps
	$(Q)$(MAKE) --no-print-directory fitrank
	$(Q)$(PYTHON) bench/quality.py --fitrank $(BIN) --shared ../shared --out bench/QUALITY.md
	$(Q)$(PYTHON) bench/verdicts.py --fitrank $(BIN) --shared ../shared --out bench/QUALITY.md

# models/tuned_params.txt and bench/TUNING.md: the scoring parameters, chosen by cross-validation;
# then the build embeds them as the defaults and `make model` refits the reference model with them
tune: deps
	$(Q)$(MAKE) --no-print-directory fitrank
	$(Q)$(PYTHON) bench/tune.py --fitrank $(BIN) --shared ../shared --out bench/TUNING.md --params models/tuned_params.txt
	$(Q)$(MAKE) --no-print-directory model

parity: $(BIN)
	$(Q)if $(PYTHON) -c 'import sklearn' 2>/dev/null; then \
	  $(PYTHON) tests/parity_sklearn.py --fitrank $(BIN) --shared ../shared; \
	else echo "parity: SKIP (python3-sklearn not installed at $(PYTHON))"; fi
	$(Q)$(PYTHON) tests/check_lsa.py --fitrank $(BIN) --shared ../shared

# Sanitizer run of the whole suite; CK_FORK=no so ASan sees each test in-process.
# Then a short run of every libFuzzer target (ASAN_FUZZ_SECONDS each; 0 skips).  clang by default:
# its UBSan checks more than gcc's (a null pointer plus 0, ...); ASAN_CC=gcc for the other view.
ASAN_FUZZ_SECONDS ?= 15
asan: deps
	$(Q)$(MAKE) --no-print-directory MODE=asan CC=$${ASAN_CC:-clang} unit-asan
	$(Q)if [ "$(ASAN_FUZZ_SECONDS)" != 0 ]; then \
	  $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(ASAN_FUZZ_SECONDS); fi

unit-asan: $(TEST_BIN) $(BIN)
	$(Q)CK_FORK=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  FR_SHARED=$(abspath ../shared) FR_ROOT=$(CURDIR) $(TEST_BIN)
	$(Q)ASAN_OPTIONS=detect_leaks=1 FR_SHARED=$(abspath ../shared) tests/cli_test.sh $(BIN)
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(PYTHON) tests/check_documents.py --fitrank $(BIN) --shared ../shared
	$(Q)if $(PYTHON) -c 'import sklearn' 2>/dev/null; then \
	  ASAN_OPTIONS=detect_leaks=1 $(PYTHON) tests/parity_sklearn.py --fitrank $(BIN) --shared ../shared; fi
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(PYTHON) tests/check_lsa.py --fitrank $(BIN) --shared ../shared
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(PYTHON) tests/check_rank_cli.py --fitrank $(BIN) --shared ../shared
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(PYTHON) bench/quality.py --fitrank $(BIN) --shared ../shared --check

# Allocation-failure injection (tests/failalloc.h): a copy of the library archive whose allocation
# calls are renamed to the shims of tests/failalloc.c, the unit tests linked against it, ASan +
# UBSan + LSan.  First every scenario of tests/check_alloc.c with allocation n failing for every n
# it reaches; then the other suites with FAILALLOC_POINTS failing allocations per test case (0: all).
FA_SYMS := malloc calloc realloc strdup utf8proc_map sb_stemmer_new sb_stemmer_stem scandir \
           LAPACKE_sgeqrf LAPACKE_sorgqr LAPACKE_ssyevd
FA_LIB   := $(BUILD)/libfitrank-failalloc.a
FA_BIN   := $(BUILD)/check_failalloc
FAILALLOC_POINTS ?= 4
FA_ENV    = FR_SHARED=$(abspath ../shared) FR_ROOT=$(CURDIR) UBSAN_OPTIONS=print_stacktrace=1:abort_on_error=1

failalloc: deps
	$(Q)$(MAKE) --no-print-directory MODE=failalloc CC=gcc failalloc-run

failalloc-run: $(FA_BIN)
	$(Q)$(FA_ENV) FR_FAILALLOC=driver ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(FA_BIN)
	$(Q)$(FA_ENV) FR_FAILALLOC=sweep FR_FAILALLOC_POINTS=$(FAILALLOC_POINTS) CK_TIMEOUT_MULTIPLIER=4 \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(FA_BIN)

$(FA_LIB): $(LIB)
	@echo "  OBJCOPY $@"
	$(Q)objcopy $(foreach s,$(FA_SYMS),--redefine-sym $(s)=fa_$(s)) $< $@

$(FA_BIN): $(TEST_OBJ) $(FA_LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(FA_LIB) $(CHECK_LIBS) $(PKG_LIBS)

# Line and branch coverage (gcc --coverage; gcovr, Debian's package, installed by `scripts/deps.sh
# coverage`) of the unit suites, the CLI tests and the rank and document checks: a per-file table
# of the library (util tokenizer models engine) and of cli/, the library's totals checked against
# the floor in tests/coverage_floor.txt (make fails below it).  HTML: $(BUILD)/coverage.html.
# GCOV_ERROR_FILE: libgcov's complaints (a test that limits the file size also stops the .gcda
# write) go there, not into the stderr the CLI tests count.  --gcov-ignore-parse-errors: a process
# that ends while other threads are mid-loop (an error stops a threaded command) dumps counters
# mid-flight, and gcov derives a few negative branch counts from them; those ~20 lines are skipped.
COVERAGE_FLOOR ?= tests/coverage_floor.txt

coverage: deps
	$(Q)scripts/deps.sh coverage
	$(Q)$(MAKE) --no-print-directory MODE=coverage CC=gcc coverage-run

coverage-run: $(TEST_BIN) $(BIN)
	$(Q)find $(BUILD) -name '*.gcda' -delete
	$(Q)CK_TIMEOUT_MULTIPLIER=4 FR_SHARED=$(abspath ../shared) FR_ROOT=$(CURDIR) $(TEST_BIN)
	$(Q)GCOV_ERROR_FILE=$(abspath $(BUILD))/gcov-errors.txt FR_SHARED=$(abspath ../shared) tests/cli_test.sh $(BIN)
	$(Q)$(PYTHON) tests/check_rank_cli.py --fitrank $(BIN) --shared ../shared
	$(Q)$(PYTHON) tests/check_documents.py --fitrank $(BIN) --shared ../shared
	$(Q)gcovr --root . --object-directory $(BUILD) --filter 'util/' --filter 'tokenizer/' --filter 'models/' \
	  --filter 'engine/' --filter 'cli/' --exclude-unreachable-branches --gcov-ignore-parse-errors \
	  --json-summary-pretty -o $(BUILD)/coverage.json --html-details $(BUILD)/coverage.html $(BUILD)
	$(Q)$(PYTHON) scripts/coverage_report.py $(BUILD)/coverage.json $(COVERAGE_FLOOR)

demo: deps
	$(Q)$(MAKE) --no-print-directory fitrank
	$(Q)scripts/demo.sh ./fitrank

bench: deps
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory fitrank $(BENCH_BIN)
	$(Q)bench/run_bench.sh $(BUILD)
	$(Q)sh bench/bench_scoring.sh $(BIN)
	$(Q)for i in 1 2 3; do $(BIN) bench --n-resumes 20000 --n-postings 200 --json; done | $(PYTHON) bench/median_json.py
	$(Q)sh bench/bench_growth.sh $(BIN)

# Scoring: sgemm peak vs the scoring phase, pruning recall, match at 100k, cosine vs scikit-learn
bench-scoring: deps $(BIN) $(BUILD)/bench/sgemm_peak
	$(Q)scripts/deps.sh bench
	$(Q)sh bench/bench_scoring.sh $(BIN)

# libFuzzer (clang, ASan + UBSan + float-cast-overflow) over the document parsers, the model
# loader and the index mapper (tests/fuzz/fuzz_*.c), one after the other: FUZZ_SECONDS each, or
# FUZZ_RUNS executions each when set; FUZZ_TARGETS picks some.  Seeds: the examples (documents);
# small models fitted on them with several option sets (model); indexes of three postings and
# three résumés built with the first of those models, which fuzz_index loads (FR_FUZZ_MODEL) —
# small seeds, ~2,000 index executions a second instead of ~700.  Findings are written to
# $(FUZZ_BUILD)/ and stop the run.  FUZZ_BUILD follows BUILD when BUILD is given.
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
FUZZ_TARGETS ?= documents model index
FUZZ_BUILD   ?= $(if $(filter command line,$(origin BUILD)),$(BUILD)-fuzz,build/fuzz)
FUZZ_SAN     := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
FZ            = $(FUZZ_BUILD)
fuzz: deps
	$(Q)$(MAKE) --no-print-directory MODE=fuzz CC=clang BUILD=$(FZ) \
	  OPT_fuzz="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FZ)/libfitrank.a $(FZ)/fitrank
	$(Q)for t in $(FUZZ_TARGETS); do \
	  clang -std=c11 -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -I. -Iinclude $(PKG_CFLAGS) tests/fuzz/fuzz_$$t.c \
	    $(FZ)/libfitrank.a $(PKG_LIBS) -o $(FZ)/fuzz_$$t || exit 1; done
	$(Q)mkdir -p $(FZ)/corpus-documents $(FZ)/corpus-model $(FZ)/corpus-index
	$(Q)cp -n examples/postings/* examples/resumes/* tests/fixtures/postings/*.txt $(FZ)/corpus-documents/ 2>/dev/null || true
	$(Q)set -e; F="$(FZ)/fitrank"; E="examples/postings examples/resumes"; C=$(FZ)/corpus-model; \
	  $$F fit -o $(FZ)/fuzz-model.frm --dim 4 --max-features 120 $$E 2>/dev/null; \
	  cp $(FZ)/fuzz-model.frm $$C/dim4.frm; \
	  $$F fit -o $$C/dim0-log-plain.frm --dim 0 --tf log --idf plain --norm none --max-features 200 $$E 2>/dev/null; \
	  $$F fit -o $$C/stem-stop-bigrams.frm --dim 4 --stem english --stop-words en,de --ngram-min 1 --ngram-max 2 \
	    --max-features 250 --min-df 2 $$E 2>/dev/null; \
	  $$F index build -o $(FZ)/corpus-index/postings.fri --model $(FZ)/fuzz-model.frm --postings \
	    examples/postings/backend-go.txt examples/postings/de-embedded-c.txt examples/postings/research-intern-ml.txt 2>/dev/null; \
	  $$F index build -o $(FZ)/corpus-index/resumes.fri --model $(FZ)/fuzz-model.frm --resumes \
	    examples/resumes/accountant.txt examples/resumes/phd-systems.txt examples/resumes/frontend-react.md 2>/dev/null
	$(Q)for t in $(FUZZ_TARGETS); do \
	  echo "  FUZZ    $$t ($(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs,$(FUZZ_SECONDS) s))"; \
	  FR_FUZZ_MODEL=$(FZ)/fuzz-model.frm $(FZ)/fuzz_$$t $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) \
	    -max_len=$$([ $$t = documents ] && echo 65536 || echo 32768) -timeout=10 -print_final_stats=1 -artifact_prefix=$(FZ)/ $(FZ)/corpus-$$t 2>$(FZ)/fuzz_$$t.log \
	    || { tail -40 $(FZ)/fuzz_$$t.log; exit 1; }; \
	  grep -E "DONE|stat::number_of_executed_units|stat::peak_rss" $(FZ)/fuzz_$$t.log | sed 's/^/          /'; done

# Include rules of STYLE.md: util is libc-only; tokenizer sees util; models see tokenizer+util;
# cli sees only the public headers and util.  No cycles.
check-includes:
	$(Q)scripts/check_includes.sh

clean:
	rm -rf build fitrank

-include $(wildcard $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d))
