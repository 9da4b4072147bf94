# fuzz.mk: builds and runs the libFuzzer targets. Called by "make fuzz"
# in a configured build tree, which passes:
#   top_srcdir top_builddir   absolute paths
#   CLANG                     clang with libFuzzer (Debian: clang + libclang-rt-dev)
#   MP_LIB_CPPFLAGS MP_LIBS   as in the top Makefile
#   FUZZ_SOURCES              fuzz/fuzz_<name>.c, one per target
#   FUZZ_SECONDS              run time per target
#   FUZZ_SEEDS_<name>         an extra seed directory for a target (optional)
#   FUZZ_LIB                  a libhaproxystat.a already built by clang with
#                             -fsanitize=fuzzer-no-link and ASan/UBSan
#                             (optional: tools/ci-sanitizers builds its tree
#                             so, and the fuzzers link it)
# Without FUZZ_LIB the library is compiled again here, with clang and
# coverage instrumentation; every lib/*.c is included, so new modules need
# nothing.
# Output: fuzz-out/ in the build tree (corpus grown by the runs, logs,
# crash-* files), and one line per target:
#   fuzz <name>: <N> executions in <S> s, <K> new corpus inputs, no crash

FUZZ_SECONDS ?= 30
OUT = $(top_builddir)/fuzz-out
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS_FUZZ = -g -O1 $(SAN) -fsanitize=fuzzer-no-link -I$(top_builddir) -I$(top_srcdir)/lib \
	-I$(top_srcdir)/fuzz $(MP_LIB_CPPFLAGS)
LIB_SRCS = $(wildcard $(top_srcdir)/lib/*.c)
ifeq ($(FUZZ_LIB),)
LIB_OBJS = $(patsubst $(top_srcdir)/lib/%.c,$(OUT)/obj/lib/%.o,$(LIB_SRCS))
else
LIB_OBJS = $(FUZZ_LIB)
endif
TARGETS = $(patsubst fuzz/fuzz_%.c,%,$(FUZZ_SOURCES))
BINS = $(addprefix $(OUT)/bin/fuzz_,$(TARGETS))

.PHONY: build run
.SECONDARY:
build: $(BINS)

$(OUT)/obj/lib/%.o: $(top_srcdir)/lib/%.c
	@mkdir -p $(@D)
	@echo "  CLANG    $@"
	@$(CLANG) $(CFLAGS_FUZZ) -c -o $@ $<

$(OUT)/obj/fuzz/%.o: $(top_srcdir)/fuzz/%.c $(top_srcdir)/fuzz/fuzz.h
	@mkdir -p $(@D)
	@echo "  CLANG    $@"
	@$(CLANG) $(CFLAGS_FUZZ) -c -o $@ $<

$(OUT)/bin/fuzz_%: $(OUT)/obj/fuzz/fuzz_%.o $(OUT)/obj/fuzz/fuzz_common.o $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  LINK     $@"
	@$(CLANG) $(SAN) -fsanitize=fuzzer -o $@ $^ $(MP_LIBS) -lm

# Runs every target for FUZZ_SECONDS. The grown corpus goes to
# fuzz-out/corpus/<name> (the seed directories are only read). A crash,
# leak, timeout or out-of-memory stops the target, keeps the input as
# fuzz-out/crash-<name>-* (or leak-, timeout-, oom-) and fails the run:
# copy that file into fuzz/regressions/<name>/ once fixed, so that
# "make check" replays it for ever.
run: build
	@fail=0; total=0; \
	for t in $(TARGETS); do \
		mkdir -p $(OUT)/corpus/$$t; \
		eval "extra=\$${FUZZ_SEEDS_$$t:-}"; \
		log=$(OUT)/fuzz-$$t.log; \
		regs=; [ -d $(top_srcdir)/fuzz/regressions/$$t ] && regs=$(top_srcdir)/fuzz/regressions/$$t; \
		before=$$(ls $(OUT)/corpus/$$t | wc -l); \
		ASAN_OPTIONS=detect_leaks=1 $(OUT)/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(OUT)/ $(OUT)/corpus/$$t \
			$(top_srcdir)/fuzz/corpus/$$t $$regs $$extra \
			>$$log 2>&1; rc=$$?; \
		execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -n 1); \
		after=$$(ls $(OUT)/corpus/$$t | wc -l); \
		total=$$((total + $${execs:-0})); \
		if [ $$rc -eq 0 ]; then \
			echo "fuzz $$t: $${execs:-0} executions in $(FUZZ_SECONDS) s, $$((after - before)) new corpus inputs, no crash"; \
		else \
			fail=1; \
			echo "fuzz $$t: FAILED after $${execs:-?} executions (exit $$rc), log $$log:"; \
			grep -E 'ERROR|SUMMARY|runtime error|Test unit written' $$log | head -n 20; \
		fi; \
	done; \
	echo "fuzz total: $$total executions"; \
	exit $$fail
