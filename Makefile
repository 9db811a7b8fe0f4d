# libsandbox — see README.md.  `make`, `make check`, `make install`.
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=

SECCOMP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBDIR := $(shell $(PKG_CONFIG) --variable=libdir libseccomp 2>/dev/null)
SECCOMP_A := $(SECCOMP_LIBDIR)/libseccomp.a
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

OPTFLAGS ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wno-unused-parameter
override CFLAGS := -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) -fPIC -D_GNU_SOURCE -Iinclude -I. -Igen \
	$(SECCOMP_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS)
override LDFLAGS := $(EXTRA_LDFLAGS) $(LDFLAGS)

# Everything at the top level that is not one of the three programs' entry points is the
# shared core; artefacts link the archive, so each pulls in only the modules it uses.
ENTRY_SRCS := preload.c sandboxify.c sandbox-policy.c
CORE_SRCS := $(filter-out $(ENTRY_SRCS),$(wildcard *.c))
GEN_SRCS := gen/errnos.c gen/report_blob.c gen/constants.c gen/syscall_args.c
B ?= build
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o) $(GEN_SRCS:gen/%.c=$(B)/gen/%.o)
CORE_A := $(B)/libsandbox-core.a

PROGRAMS := libsandbox.so sandboxify sandbox-policy

all: $(PROGRAMS)

gen/errnos.c: tools/gen-errnos.sh
	@mkdir -p gen
	sh tools/gen-errnos.sh "$(CC)" > $@.tmp && mv $@.tmp $@

gen/constants.c: tools/gen-constants.sh tools/constants-supplement.txt
	@mkdir -p gen
	sh tools/gen-constants.sh "$(CC)" tools/constants-supplement.txt > $@.tmp && mv $@.tmp $@

# The native syscall table: a new kernel release is a new data file.
SYSCALL_TABLE := tools/syscalls-x86_64-linux-6.18.tsv
$(B)/gen-syscall-names: tools/gen-syscall-names.c name_hash.h | $(B)/gen
	$(CC) -O1 -I. -o $@ $<
gen/syscall_names.h: $(B)/gen-syscall-names $(SYSCALL_TABLE)
	@mkdir -p gen
	$(B)/gen-syscall-names names $(SYSCALL_TABLE) > $@.tmp && mv $@.tmp $@
gen/syscall_args.c: $(B)/gen-syscall-names $(SYSCALL_TABLE)
	@mkdir -p gen
	$(B)/gen-syscall-names args $(SYSCALL_TABLE) > $@.tmp && mv $@.tmp $@

# The report handler (and the argument names it prints) linked alone, freestanding and
# relocation-free, to be copied into static programs by sandboxify; no jump or lookup
# tables, which clang would fill with addresses.
BLOB_CFLAGS := -std=gnu11 -O2 -D_GNU_SOURCE -DSB_REPORT_BLOB -Iinclude -I. -Igen -fPIC -ffreestanding -fno-builtin \
	-nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables -fno-jump-tables -fvisibility=hidden \
	-fcf-protection=none -shared -Wl,-Bsymbolic
OBJCOPY ?= objcopy
$(B)/report_blob.so: report_handler.c arg_names.c arg_names.h report_data.h report.h gen/syscall_names.h | $(B)/gen
	$(CC) $(BLOB_CFLAGS) -o $@ report_handler.c arg_names.c
gen/report_blob.c: $(B)/report_blob.so tools/gen-report-blob.sh
	@mkdir -p gen
	sh tools/gen-report-blob.sh $(OBJCOPY) $< > $@.tmp && mv $@.tmp $@

$(B)/%.o: %.c $(wildcard *.h include/*.h) gen/syscall_names.h | $(B)/gen
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/gen/%.o: gen/%.c $(wildcard *.h include/*.h) | $(B)/gen
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/gen:
	mkdir -p $@ $(B)/tests $(B)/tests/prog

$(CORE_A): $(CORE_OBJS)
	rm -f $@
	ar rcs $@ $^

libsandbox.so: $(B)/preload.o $(CORE_A) libsandbox.version
	$(CC) -shared -Wl,--version-script=libsandbox.version -Wl,-z,now -Wl,-z,relro \
		$(LDFLAGS) -o $@ $(B)/preload.o $(CORE_A) $(SECCOMP_A)

sandboxify: $(B)/sandboxify.o $(CORE_A)
	$(CC) $(LDFLAGS) -o $@ $(B)/sandboxify.o $(CORE_A) $(SECCOMP_A)

sandbox-policy: $(B)/sandbox-policy.o $(CORE_A)
	$(CC) $(LDFLAGS) -o $@ $(B)/sandbox-policy.o $(CORE_A) $(SECCOMP_A)

# Written at install time, so it always names the directories of that install.
VERSION := $(shell sed -n 's/^\#define SANDBOX_VERSION "\(.*\)"/\1/p' include/sandbox.h)
PC_SED := -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	-e 's|@VERSION@|$(VERSION)|'

# ---- examples ------------------------------------------------------------------------
examples/helloworld: examples/helloworld.c
	$(CC) -O2 -o $@ $<
examples/helloworld-static: examples/helloworld.c
	$(CC) -O2 -static -o $@ $<

demo: all examples/helloworld examples/helloworld-static
	sh examples/demo.sh

# ---- tests ---------------------------------------------------------------------------
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_SUPPORT := $(B)/tests/support.o
TEST_PROGS_SRCS := $(wildcard tests/prog/*.c)
TEST_PROGS := $(TEST_PROGS_SRCS:%.c=%) tests/prog/syscaller-static

tests/suites.gen.h: $(TEST_SRCS)
	for f in $(TEST_SRCS); do n=$${f#tests/test_}; echo "SUITE($${n%.c})"; done > $@

$(B)/tests/%.o: tests/%.c tests/support.h tests/suites.gen.h $(wildcard *.h include/*.h) | $(B)/gen
	$(CC) $(CFLAGS) -Wno-missing-field-initializers -c -o $@ $<

tests/run-tests: $(TEST_SRCS:tests/%.c=$(B)/tests/%.o) $(B)/tests/check_main.o $(TEST_SUPPORT) $(CORE_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(SECCOMP_A) $(CHECK_LIBS)

TEST_LIBS := tests/lib/libthreadctor.so
tests/lib/lib%.so: tests/lib/%.c
	$(CC) -O2 -g -Wall -Wextra -Werror -shared -fPIC -pthread -o $@ $<

tests/prog/%: tests/prog/%.c
	$(CC) -O2 -g -Wall -Wextra -Werror -pthread -o $@ $<
tests/prog/%-static: tests/prog/%.c
	$(CC) -O2 -g -Wall -Wextra -Werror -pthread -static -o $@ $<

check: all tests/run-tests $(TEST_PROGS) $(TEST_LIBS) examples/helloworld examples/helloworld-static
	./tests/run-tests

# Unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer.
check-asan:
	$(MAKE) B=build-asan EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		EXTRA_LDFLAGS="-fsanitize=address,undefined" tests/run-tests-asan
tests/run-tests-asan: $(TEST_SRCS:tests/%.c=$(B)/tests/%.o) $(B)/tests/check_main.o $(TEST_SUPPORT) $(CORE_A)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(SECCOMP_A) $(CHECK_LIBS)
	SANDBOX_TEST_UNIT_ONLY=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ./$@

# ---- fuzzing -------------------------------------------------------------------------
# libFuzzer targets for the log parsers and for explain's path exploration checked against
# the interpreter (clang; `make fuzz` builds them too). `make fuzz-logs`
# runs each for FUZZ_TIME seconds (600 unless given, set below with the policy fuzzer's);
# new inputs go to fuzz/build/corpus-NAME, seeds are fuzz/corpus/NAME.
FUZZ_LOG_TARGETS := strace audit explain
FUZZ_B := fuzz/build
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz-logs-build:
	$(MAKE) CC=clang B=$(FUZZ_B) OPTFLAGS="-O1 -g" EXTRA_CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
		$(FUZZ_B)/libsandbox-core.a
	for t in $(FUZZ_LOG_TARGETS); do \
		clang $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $(FUZZ_B)/fuzz_$$t fuzz/fuzz_$$t.c \
			$(FUZZ_B)/libsandbox-core.a $(SECCOMP_A) || exit 1; done
fuzz-logs: fuzz-logs-build
	for t in $(FUZZ_LOG_TARGETS); do mkdir -p $(FUZZ_B)/corpus-$$t; \
		(cd $(FUZZ_B) && ./fuzz_$$t -max_total_time=$(FUZZ_TIME) -jobs=1 -workers=1 \
			-print_final_stats=1 corpus-$$t ../corpus/$$t) || exit 1; \
		tail -n 12 $(FUZZ_B)/fuzz-0.log; done

# ---- benchmark (figures, not tests: see README, section performance) -----------------
bench/bench: bench/bench.c $(CORE_A)
	$(CC) $(CFLAGS) -o $@ $< $(CORE_A) $(SECCOMP_A)

# The same library with libseccomp's default layout compiling the filter: the baseline.
bench/libsandbox-libseccomp.so: bench/compile_libseccomp.c $(B)/preload.o $(CORE_A) libsandbox.version
	$(CC) $(CFLAGS) -shared -Wl,--version-script=libsandbox.version -Wl,-z,now -Wl,-z,relro \
		$(LDFLAGS) -o $@ $< $(B)/preload.o $(CORE_A) $(SECCOMP_A)

bench/empty.so:
	printf 'void sb_bench_empty(void);\nvoid sb_bench_empty(void) {}\n' | $(CC) -shared -fPIC -O2 -x c -o $@ -

bench/floor.so: bench/floor.c
	$(CC) $(CFLAGS) -shared -o $@ $<

bench: all bench/bench bench/libsandbox-libseccomp.so bench/empty.so bench/floor.so
	./bench/bench $(BENCH_PAIRS)
	@if [ -f bench/generate.sh ] && ./sandbox-policy generate --help >/dev/null 2>&1; then \
		sh bench/generate.sh; else echo "generate: sandbox-policy generate not built"; fi

# ---- install -------------------------------------------------------------------------
MANPAGES := $(wildcard man/*.[1-8])
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 sandboxify sandbox-policy $(DESTDIR)$(BINDIR)/
	install -m 755 libsandbox.so $(DESTDIR)$(LIBDIR)/
	install -m 644 include/sandbox.h $(DESTDIR)$(INCLUDEDIR)/
	sed $(PC_SED) libsandbox.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libsandbox.pc
	for m in $(MANPAGES); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sandboxify $(DESTDIR)$(BINDIR)/sandbox-policy \
	      $(DESTDIR)$(LIBDIR)/libsandbox.so $(DESTDIR)$(INCLUDEDIR)/sandbox.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libsandbox.pc
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

# Installs the build and test dependencies from Debian (as root), or says how.
DEPS := libseccomp-dev check pkg-config strace patchelf gcc clang make valgrind
deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "all dependencies present"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y --no-install-recommends $$missing; \
	else echo "missing: $$missing"; echo "run: sudo apt-get install -y $$missing"; exit 1; fi

clean:
	rm -rf build build-asan gen $(PROGRAMS) tests/run-tests tests/run-tests-asan \
		tests/suites.gen.h $(TEST_PROGS) $(TEST_LIBS) examples/helloworld examples/helloworld-static \
		bench/bench bench/libsandbox-libseccomp.so bench/empty.so bench/floor.so $(FUZZ_B)

.PHONY: all check check-asan install uninstall deps clean demo bench fuzz-logs fuzz-logs-build
.DELETE_ON_ERROR:

# ---- fuzzing -------------------------------------------------------------------------
# libFuzzer target for the policy-file parser (clang). `make fuzz-run` runs it for
# FUZZ_TIME seconds on the committed seed corpus; new inputs go to fuzz/build/corpus.
FUZZ_CC ?= clang
FUZZ_TIME ?= 600
FUZZ_FLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-D_GNU_SOURCE -Iinclude -I. -Igen $(SECCOMP_CFLAGS)

fuzz: fuzz/build/policy_fuzzer fuzz-logs-build

fuzz/build/policy_fuzzer: fuzz/policy_fuzzer.c $(CORE_SRCS) $(GEN_SRCS) gen/syscall_names.h $(wildcard *.h)
	@mkdir -p fuzz/build/corpus
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFUZZ_INCLUDES='"$(CURDIR)/fuzz/includes"' -o $@ \
		fuzz/policy_fuzzer.c $(CORE_SRCS) $(GEN_SRCS) $(SECCOMP_A)

fuzz-run: fuzz/build/policy_fuzzer
	nice ./fuzz/build/policy_fuzzer -max_total_time=$(FUZZ_TIME) -jobs=1 -max_len=65536 \
		-artifact_prefix=fuzz/build/ fuzz/build/corpus fuzz/corpus/policy

.PHONY: fuzz fuzz-run
