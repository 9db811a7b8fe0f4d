# libsandbox — see README.md.  `make`, `make check`, `make install`, `make deb`.
#
# Layout: lib/ is the core every artefact links (configuration -> policy model -> filter ->
# load, the report); launcher/ adds what sandboxify needs to start a program and place the
# filter in it; tool/ adds sandbox-policy's commands. The three entry points, sandbox.c (the
# public C API) and the version script stay at the top. Everything built goes under $(B).
CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=
# Optional test data beside the tree (crosvm's policies, OCI profiles): tests that need it
# say "skipped" when it is absent.
CORPUS_DIR ?= $(CURDIR)/../shared/corpus

SECCOMP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBDIR := $(shell $(PKG_CONFIG) --variable=libdir libseccomp 2>/dev/null)
SECCOMP_A := $(SECCOMP_LIBDIR)/libseccomp.a
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

B ?= build
G := $(B)/gen

VERSION := $(shell sed -n 's/^\#define SANDBOX_VERSION "\(.*\)"/\1/p' include/sandbox.h)
SOVERSION := $(firstword $(subst ., ,$(VERSION)))
SONAME := libsandbox.so.$(SOVERSION)

OPTFLAGS ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wno-unused-parameter
INCLUDES := -Iinclude -Ilib -Ilauncher -Itool -I$(G)
override CFLAGS := -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) -fPIC -D_GNU_SOURCE $(INCLUDES) \
	$(SECCOMP_CFLAGS) $(EXTRA_CFLAGS) $(CFLAGS)
override LDFLAGS := $(EXTRA_LDFLAGS) $(LDFLAGS)
DEPFLAGS = -MMD -MP

# Each folder is one archive; an artefact links the archives of its layers, and from each
# only the modules it uses.
LIB_SRCS := sandbox.c $(wildcard lib/*.c)
LAUNCHER_SRCS := $(wildcard launcher/*.c)
TOOL_SRCS := $(wildcard tool/*.c)
obj = $(patsubst %.c,$(B)/%.o,$(filter-out $(G)/%,$(1))) $(patsubst %.c,%.o,$(filter $(G)/%,$(1)))
LIB_A := $(B)/libsandbox-core.a
LAUNCHER_A := $(B)/libsandbox-launcher.a
TOOL_A := $(B)/libsandbox-tool.a
# Modules generated from the system's headers and from the report handler's own build.
GEN_LIB := $(G)/errnos.c $(G)/constants.c
GEN_LAUNCHER := $(G)/report_blob.c
GEN_HEADERS := $(G)/syscall_names.h

PROGRAMS := $(B)/$(SONAME) $(B)/libsandbox.so $(B)/sandboxify $(B)/sandbox-policy

all: $(PROGRAMS)

# ---- generated sources (written to a temporary name, then moved: never half a file) ----
$(G)/errnos.c: tools/gen-errnos.sh | $(G)
	sh tools/gen-errnos.sh "$(CC)" > $@.tmp && mv $@.tmp $@

$(G)/constants.c: tools/gen-constants.sh tools/constants-supplement.txt | $(G)
	sh tools/gen-constants.sh "$(CC)" tools/constants-supplement.txt > $@.tmp && mv $@.tmp $@

$(G)/syscall_names.h: tools/gen-syscall-names.c lib/name_hash.h | $(G)
	$(CC) -O1 -Ilib $(SECCOMP_CFLAGS) -o $(B)/gen-syscall-names $< $(SECCOMP_A)
	$(B)/gen-syscall-names > $@.tmp && mv $@.tmp $@

# The report handler linked alone, freestanding and relocation-free, to be copied into
# static programs by sandboxify.
BLOB_CFLAGS := -std=gnu11 -O2 -D_GNU_SOURCE $(INCLUDES) -fPIC -ffreestanding -fno-builtin \
	-nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables -fvisibility=hidden \
	-fcf-protection=none -shared -Wl,-Bsymbolic
OBJCOPY ?= objcopy
$(B)/report_blob.so: lib/report_handler.c lib/report_data.h lib/report.h $(GEN_HEADERS) | $(G)
	$(CC) $(BLOB_CFLAGS) -o $@ lib/report_handler.c
$(G)/report_blob.c: $(B)/report_blob.so tools/gen-report-blob.sh | $(G)
	sh tools/gen-report-blob.sh $(OBJCOPY) $< > $@.tmp && mv $@.tmp $@

$(G):
	mkdir -p $@

# ---- objects and archives ---------------------------------------------------------------
# Every object waits for the generated headers (a first build cannot know it needs them);
# after that the compiler's own dependency lists (-MMD) say what rebuilds what.
$(B)/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(G)/%.o: $(G)/%.c | $(GEN_HEADERS)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(LIB_A): $(call obj,$(LIB_SRCS) $(GEN_LIB))
	rm -f $@ && ar rcs $@ $^
$(LAUNCHER_A): $(call obj,$(LAUNCHER_SRCS) $(GEN_LAUNCHER))
	rm -f $@ && ar rcs $@ $^
$(TOOL_A): $(call obj,$(TOOL_SRCS))
	rm -f $@ && ar rcs $@ $^

# ---- the three artefacts ---------------------------------------------------------------
# The installed file carries the full version, the SONAME the major one; libsandbox.so is
# the development link (and what LD_PRELOAD names in the build tree).
SHARED_LDFLAGS := -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libsandbox.version \
	-Wl,-z,now -Wl,-z,relro
$(B)/$(SONAME): $(B)/preload.o $(LIB_A) libsandbox.version
	$(CC) $(SHARED_LDFLAGS) $(LDFLAGS) -o $@ $(B)/preload.o $(LIB_A) $(SECCOMP_A)
$(B)/libsandbox.so: $(B)/$(SONAME)
	ln -sf $(SONAME) $@

# Where the tools look for the library after beside themselves: the installed LIBDIR.
$(B)/launcher/libpath.o: override CFLAGS += -DSB_INSTALLED_LIBDIR='"$(LIBDIR)"'

$(B)/sandboxify: $(B)/sandboxify.o $(LAUNCHER_A) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(SECCOMP_A)

$(B)/sandbox-policy: $(B)/sandbox-policy.o $(TOOL_A) $(LAUNCHER_A) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(SECCOMP_A)

# ---- examples ------------------------------------------------------------------------
$(B)/examples/helloworld: examples/helloworld.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<
$(B)/examples/helloworld-static: examples/helloworld.c
	@mkdir -p $(@D)
	$(CC) -O2 -static -o $@ $<
EXAMPLES := $(B)/examples/helloworld $(B)/examples/helloworld-static
examples: $(EXAMPLES)

demo: all $(EXAMPLES)
	B=$(B) sh examples/demo.sh

# ---- tests ---------------------------------------------------------------------------
# Unit tests (tests/test_unit_*.c) link the modules they test; the other suites run the
# built programs as a user would. The reference filter (libseccomp's) is test code only.
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_SUPPORT_SRCS := tests/support.c tests/check_main.c $(wildcard tests/reference/*.c)
TEST_PROG_SRCS := $(wildcard tests/prog/*.c)
TEST_PROGS := $(patsubst %.c,$(B)/%,$(TEST_PROG_SRCS)) $(B)/tests/prog/syscaller-static
TEST_LIBS := $(B)/tests/lib/libthreadctor.so
TEST_CFLAGS := -Itests -Itests/reference -I$(B)/tests -Wno-missing-field-initializers
TEST_OBJS := $(call obj,$(TEST_SRCS) $(TEST_SUPPORT_SRCS))

$(B)/tests/suites.gen.h: $(TEST_SRCS)
	@mkdir -p $(@D)
	for f in $(TEST_SRCS); do n=$${f#tests/test_}; echo "SUITE($${n%.c})"; done > $@.tmp && mv $@.tmp $@

$(B)/tests/%.o: tests/%.c $(B)/tests/suites.gen.h | $(GEN_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/tests/run-tests: $(TEST_OBJS) $(TOOL_A) $(LAUNCHER_A) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(SECCOMP_A) $(CHECK_LIBS)

$(B)/tests/lib/lib%.so: tests/lib/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra -Werror -shared -fPIC -pthread -o $@ $<
$(B)/tests/prog/%: tests/prog/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra -Werror -pthread -o $@ $<
$(B)/tests/prog/%-static: tests/prog/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra -Werror -pthread -static -o $@ $<

TEST_ENV := SANDBOX_TEST_TOP=$(CURDIR) SANDBOX_TEST_BUILD=$(abspath $(B)) SANDBOX_TEST_CORPUS=$(CORPUS_DIR)
check: all $(B)/tests/run-tests $(TEST_PROGS) $(TEST_LIBS) $(EXAMPLES)
	$(TEST_ENV) $(B)/tests/run-tests

# Unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer.
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan:
	$(MAKE) B=build-asan EXTRA_CFLAGS="$(ASAN_FLAGS)" EXTRA_LDFLAGS="-fsanitize=address,undefined" \
		CORPUS_DIR="$(CORPUS_DIR)" run-unit-tests
run-unit-tests: $(B)/tests/run-tests
	SANDBOX_TEST_UNIT_ONLY=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(TEST_ENV) $(B)/tests/run-tests

# ---- fuzzing -------------------------------------------------------------------------
# libFuzzer targets (clang): the policy-file parser (policy), the log parsers (strace,
# audit) and explain's path exploration checked against the interpreter (explain). Each is
# fuzz/fuzz_NAME.c linked with the sanitized core; `make fuzz-run` runs each for FUZZ_TIME
# seconds (600 unless given) from its seeds in fuzz/corpus/NAME, new inputs going to
# $(FUZZ_B)/corpus-NAME. FUZZ_TARGETS=policy narrows it to one.
FUZZ_TARGETS ?= policy strace audit explain
FUZZ_TIME ?= 600
FUZZ_B := build-fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz:
	$(MAKE) CC=clang B=$(FUZZ_B) OPTFLAGS="-O1 -g" EXTRA_CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
		$(FUZZ_B)/libsandbox-core.a $(FUZZ_B)/libsandbox-tool.a $(FUZZ_B)/libsandbox-launcher.a
	for t in $(FUZZ_TARGETS); do \
		clang -std=gnu11 -O1 -g -D_GNU_SOURCE $(INCLUDES:-I$(G)=-I$(FUZZ_B)/gen) $(SECCOMP_CFLAGS) \
			$(FUZZ_SAN) -fsanitize=fuzzer -DFUZZ_INCLUDES='"$(CURDIR)/fuzz/includes"' \
			-o $(FUZZ_B)/fuzz_$$t fuzz/fuzz_$$t.c $(FUZZ_B)/libsandbox-tool.a \
			$(FUZZ_B)/libsandbox-launcher.a $(FUZZ_B)/libsandbox-core.a $(SECCOMP_A) || exit 1; done
fuzz-run: fuzz
	for t in $(FUZZ_TARGETS); do mkdir -p $(FUZZ_B)/corpus-$$t; \
		nice ./$(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -max_len=65536 \
			-artifact_prefix=$(FUZZ_B)/ $(FUZZ_B)/corpus-$$t fuzz/corpus/$$t || exit 1; done

# ---- benchmark (figures, not tests: see README, section performance) -----------------
BENCH := $(B)/bench
$(BENCH)/bench: bench/bench.c tests/reference/libseccomp_filter.c $(TOOL_A) $(LAUNCHER_A) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/reference -o $@ $^ $(SECCOMP_A)

# The same library with libseccomp's default layout compiling the filter: the baseline.
$(BENCH)/libsandbox-libseccomp.so: bench/compile_libseccomp.c tests/reference/libseccomp_filter.c \
		$(B)/preload.o $(LIB_A) libsandbox.version
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/reference -shared -Wl,--version-script=libsandbox.version -Wl,-z,now \
		-Wl,-z,relro $(LDFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(SECCOMP_A)

$(BENCH)/empty.so:
	@mkdir -p $(@D)
	printf 'void sb_bench_empty(void);\nvoid sb_bench_empty(void) {}\n' | $(CC) -shared -fPIC -O2 -x c -o $@ -

$(BENCH)/floor.so: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -o $@ $<

bench: all $(BENCH)/bench $(BENCH)/libsandbox-libseccomp.so $(BENCH)/empty.so $(BENCH)/floor.so
	SANDBOX_BENCH_CORPUS=$(CORPUS_DIR) $(BENCH)/bench $(BENCH_PAIRS)
	B=$(B) sh bench/generate.sh

# ---- install -------------------------------------------------------------------------
MANPAGES := $(wildcard man/*.[1-8])
PC_SED := -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	-e 's|@VERSION@|$(VERSION)|'
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(B)/sandboxify $(B)/sandbox-policy $(DESTDIR)$(BINDIR)/
	install -m 644 $(B)/$(SONAME) $(DESTDIR)$(LIBDIR)/libsandbox.so.$(VERSION)
	ln -sf libsandbox.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsandbox.so
	install -m 644 include/sandbox.h $(DESTDIR)$(INCLUDEDIR)/
	sed $(PC_SED) libsandbox.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libsandbox.pc
	for m in $(MANPAGES); do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sandboxify $(DESTDIR)$(BINDIR)/sandbox-policy \
	      $(DESTDIR)$(LIBDIR)/libsandbox.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libsandbox.so $(DESTDIR)$(INCLUDEDIR)/sandbox.h \
	      $(DESTDIR)$(PKGCONFIGDIR)/libsandbox.pc
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done

# Debian packages (library, tools, -dev) into $(B)/deb, checked by lintian when present.
deb:
	rm -rf $(B)/deb && mkdir -p $(B)/deb/src
	git archive --format=tar HEAD | tar -x -C $(B)/deb/src 2>/dev/null || \
		tar --exclude=./build* --exclude=./.git -cf - . | tar -x -C $(B)/deb/src
	cd $(B)/deb/src && dpkg-buildpackage -us -uc -b
	if command -v lintian >/dev/null; then lintian --fail-on error,warning $(B)/deb/*.changes; fi

# Installs the build and test dependencies from Debian (as root), or says how.
DEPS := libseccomp-dev check pkg-config strace patchelf gcc clang make valgrind
DEB_DEPS := debhelper dpkg-dev lintian fakeroot
deps:
	@missing=$$(for p in $(DEPS) $(if $(WITH_DEB),$(DEB_DEPS)); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "all dependencies present"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y --no-install-recommends $$missing; \
	else echo "missing: $$missing"; echo "run: sudo apt-get install -y $$missing"; exit 1; fi

clean:
	rm -rf build build-asan $(FUZZ_B)

.PHONY: examples all check check-asan run-unit-tests install uninstall deps deb clean demo bench fuzz fuzz-run
.DELETE_ON_ERROR:

-include $(shell find $(B) -name '*.d' 2>/dev/null)
