# r53 — terminal hosted-zone manager for Amazon Route 53.
#
#   make run      install missing packages, build, start r53-local with demo data, open the TUI
#   make test     install missing packages, build, run every test (also under ASan+UBSan)
#
# Sources are found by wildcard: a new .c file in a part's folder needs no Makefile edit.
# A part with extra rules keeps them in its own <part>/module.mk, included below.
# Objects go to $(BUILD) (build/ by default; build/asan and build/fuzz for the variants).

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc

PKGS_ALL := ncursesw libcurl jansson sqlite3 libxml-2.0 libmicrohttpd libidn2
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS_ALL) 2>/dev/null)

OPT ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wno-unused-parameter
CPPFLAGS_R53 = -I. -D_GNU_SOURCE $(PKG_CFLAGS)
ALL_CFLAGS = $(WARN) $(OPT) $(EXTRA_CFLAGS) $(CPPFLAGS_R53) $(CFLAGS)

LIBS_MODELS = -lidn2
LIBS_CLIENT = $(shell pkg-config --libs libcurl libxml-2.0 jansson 2>/dev/null) -lldns
LIBS_CACHE = $(shell pkg-config --libs sqlite3 2>/dev/null)
LIBS_TUI = $(shell pkg-config --libs ncursesw 2>/dev/null)
LIBS_CP = $(shell pkg-config --libs libmicrohttpd libxml-2.0 jansson sqlite3 2>/dev/null) -lpthread
LIBS_R53 = $(LIBS_TUI) $(LIBS_CLIENT) $(LIBS_CACHE) $(LIBS_MODELS) -lm
LIBS_R53LOCAL = $(LIBS_CP) $(LIBS_MODELS) -lm
LIBS_TEST = $(LIBS_TUI) $(LIBS_CLIENT) $(LIBS_CACHE) $(LIBS_CP) $(LIBS_MODELS) -lm

# Each part: every .c but its main.c goes into a static library.
PARTS := models client cache tui controlplane
define part_vars
$(1)_SRC := $$(filter-out $(1)/main.c,$$(wildcard $(1)/*.c))
$(1)_OBJ := $$(patsubst %.c,$$(BUILD)/obj/%.o,$$($(1)_SRC))
$(1)_LIB := $$(BUILD)/lib/lib$(1).a
endef
$(foreach p,$(PARTS),$(eval $(call part_vars,$(p))))

BIN := $(BUILD)/bin
R53 := $(BIN)/r53
R53LOCAL := $(BIN)/r53-local

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BIN)/%,$(UNIT_SRC))
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(patsubst tests/tools/%.c,$(BIN)/%,$(TOOL_SRC))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)

HDRS := $(wildcard */*.h)

.PHONY: all deps run test test-only asan fuzz fuzz-build bench check-layers install clean

all: $(R53) $(R53LOCAL) $(UNIT_BIN) $(TOOL_BIN) $(BUILD)/lib/crashat.so

-include $(wildcard */module.mk)

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/lib/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(models_LIB): $(models_OBJ)
$(client_LIB): $(client_OBJ)
$(cache_LIB): $(cache_OBJ)
$(tui_LIB): $(tui_OBJ)
$(controlplane_LIB): $(controlplane_OBJ)

R53_LIBS_A = $(tui_LIB) $(client_LIB) $(cache_LIB) $(models_LIB)
ALL_LIBS_A = $(tui_LIB) $(client_LIB) $(cache_LIB) $(controlplane_LIB) $(models_LIB)

$(R53): $(BUILD)/obj/tui/main.o $(R53_LIBS_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS_R53)

$(R53LOCAL): $(BUILD)/obj/controlplane/main.o $(controlplane_LIB) $(models_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS_R53LOCAL)

$(BIN)/test_%: $(BUILD)/obj/tests/unit/test_%.o $(ALL_LIBS_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS_TEST)

$(BIN)/%: $(BUILD)/obj/tests/tools/%.o $(ALL_LIBS_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS_TEST)

# An LD_PRELOAD library for crash tests (tests/tools/preload/crashat.c); plain flags, so that
# it loads into any build of r53.
$(BUILD)/lib/crashat.so: tests/tools/preload/crashat.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -shared -fPIC -o $@ $< -ldl

# --- the two commands ---------------------------------------------------------------------

run: deps all
	@sh tools/run-demo.sh $(BIN)

# The whole suite: plain build, ASan+UBSan build, libFuzzer build, then every test (the fuzz
# suite runs each target briefly: R53_FUZZ_SECONDS, default 5).
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory asan-build
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/run.sh

# Only the tests, on what is built (for quick iteration).
test-only:
	@sh tests/run.sh

asan-build:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all

asan: asan-build
	@R53_SUITES=unit R53_BUILD=build/asan sh tests/run.sh

# --- fuzzing: every tests/fuzz/fuzz_*.c is a libFuzzer target --------------------------------

FUZZ_BUILD = build/fuzz
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
		$(FUZZ_BUILD)/lib/libmodels.a $(FUZZ_BUILD)/lib/libclient.a \
		$(FUZZ_BUILD)/lib/libcache.a $(FUZZ_BUILD)/lib/libcontrolplane.a \
		$(FUZZ_BUILD)/lib/libtui.a
	@mkdir -p $(FUZZ_BUILD)/bin
	@set -e; for f in $(FUZZ_SRC); do \
		n=$$(basename $$f .c); \
		clang $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined $(CPPFLAGS_R53) \
			-o $(FUZZ_BUILD)/bin/$$n $$f $(FUZZ_BUILD)/lib/libtui.a \
			$(FUZZ_BUILD)/lib/libclient.a $(FUZZ_BUILD)/lib/libcache.a \
			$(FUZZ_BUILD)/lib/libcontrolplane.a $(FUZZ_BUILD)/lib/libmodels.a \
			$(LIBS_TUI) $(LIBS_CLIENT) $(LIBS_CACHE) $(LIBS_CP) $(LIBS_MODELS) -lm; \
	done

# Short runs of every target (FUZZ_SECONDS each), on the committed seed corpora.
FUZZ_SECONDS ?= 20
fuzz: deps fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_BUILD)/bin $(FUZZ_SECONDS)

bench: deps all
	@set -e; for b in bench/*.sh; do echo "== $$b"; sh $$b; done

# Layers: models <- client, cache <- tui; models <- controlplane.
check-layers:
	@sh tools/check-layers.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(R53) $(R53LOCAL) $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf build
