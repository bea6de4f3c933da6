# SPDX-License-Identifier: GPL-3.0-or-later
# stickler - one non-recursive GNU make file.
#
#   make run     install what is missing, build, start stickler
#   make check   install what is missing, build, run every test tier
#

# The core's libraries, and the one only the program's ui-ncurses/ uses:
# ncursesw's defines (-D_XOPEN_SOURCE=600 ...) reach ui-ncurses/ alone,
# and the unit tests and tools, which never draw, do not link it.
LIB_PKGS := libcdio libiso9660 libusb-1.0 libxxhash zlib liblzma libzstd \
            libcrypto
UI_PKGS  := ncursesw
PKGS     := $(LIB_PKGS) $(UI_PKGS)

# The project's own flags, kept apart from the user's CFLAGS (git's
# ALL_CFLAGS): `make CFLAGS=-O0` or the sanitizer builds below change the
# optimisation, never the language standard or the warnings.
CFLAGS     ?= -O2 -g
STK_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
              -Wformat=2 -Wno-unused-parameter -pthread \
              $(if $(WERROR),-Werror)
ALL_CFLAGS  = $(STK_CFLAGS) $(CFLAGS)
LIB_CFLAGS  = $(shell pkg-config --cflags $(LIB_PKGS) 2>/dev/null)
LIB_LIBS    = $(shell pkg-config --libs $(LIB_PKGS) 2>/dev/null) -lbz2 -pthread
UI_CFLAGS   = $(shell pkg-config --cflags $(UI_PKGS) 2>/dev/null)
UI_LIBS     = $(shell pkg-config --libs $(UI_PKGS) 2>/dev/null)
CPPFLAGS += -Icore -Iboot -MMD -MP -D_FILE_OFFSET_BITS=64 \
	    -DSTK_DATADIR='"$(PREFIX)/share/stickler"'

B := build
VERSION := 0.2

Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-7s %s\n' $(1) $(2);)

# root runs as it is; a normal user is asked through sudo only where root
# is needed (installing packages, loop devices, writing devices)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Every .c file of a folder is built: several people add files to core/ at
# once, and a generated list would only be a second place to forget one.
CORE_SRCS := $(wildcard core/*.c)
BOOT_SRCS := $(wildcard boot/*.c)
UI_SRCS   := $(wildcard ui-ncurses/*.c)
UNIT_SRCS := $(wildcard tests/unit/test-*.c)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz-*.c)
TOOL_SRCS := $(wildcard tests/tools/*.c)

LIB_OBJS  := $(patsubst %.c,$(B)/%.o,$(CORE_SRCS) $(BOOT_SRCS))
UI_OBJS   := $(patsubst %.c,$(B)/%.o,$(UI_SRCS))
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
TOOL_BINS := $(patsubst tests/tools/%.c,$(B)/tests/tools/%,$(TOOL_SRCS))

all: $(B)/stickler $(B)/libstickler.a unit-tests tools

$(B)/libstickler.a: $(LIB_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/stickler: $(UI_OBJS) $(B)/libstickler.a
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UI_OBJS) $(B)/libstickler.a $(LIB_LIBS) \
		$(UI_LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(B)/ui-ncurses/%.o: ui-ncurses/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(UI_CFLAGS) -c -o $@ $<

$(B)/tests/unit/%: tests/unit/%.c tests/unit/t.h $(B)/libstickler.a
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LIB_CFLAGS) -o $@ $< \
		$(B)/libstickler.a $(LIB_LIBS)

$(B)/tests/tools/%: tests/tools/%.c $(B)/libstickler.a
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LIB_CFLAGS) -o $@ $< \
		$(B)/libstickler.a $(LIB_LIBS)

unit-tests: $(UNIT_BINS)
tools: $(TOOL_BINS)

deps:
	$(Q)scripts/deps.sh deps.list

deps-check:
	$(Q)pkg-config --exists $(PKGS) || { \
		echo "missing libraries: run 'make deps'" >&2; exit 1; }

# The wizard writes devices, which needs root.
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(SUDO) $(B)/stickler $(ARGS)

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)B=$(B) tests/run.sh $(if $(TIER),--tier=$(TIER))

check-unit check-file check-root check-ui check-boot check-lab: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)B=$(B) tests/run.sh --tier=$(patsubst check-%,%,$@)

SAN_ENV := ASAN_OPTIONS=abort_on_error=0 \
	   UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

asan:
	$(Q)$(MAKE) --no-print-directory B=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" all
	$(Q)$(SAN_ENV) B=build-asan tests/run.sh --tier=unit

FUZZ_TIME ?= 60
fuzz: deps
	$(Q)$(MAKE) --no-print-directory B=build-fuzz CC=clang \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
		$(B)-fuzz/libstickler.a
	$(Q)for f in $(FUZZ_SRCS); do \
		n=$$(basename $$f .c); \
		clang $(CPPFLAGS) $(STK_CFLAGS) -O1 -g \
			-fsanitize=fuzzer,address,undefined \
			$(LIB_CFLAGS) -o build-fuzz/$$n $$f \
			build-fuzz/libstickler.a $(LIB_LIBS) || exit 1; \
		mkdir -p build-fuzz/corpus-$$n; \
		$(SAN_ENV) build-fuzz/$$n -max_total_time=$(FUZZ_TIME) \
			-rss_limit_mb=1024 -timeout=10 -max_len=65536 \
			build-fuzz/corpus-$$n tests/fuzz/corpus-$$n \
			>build-fuzz/$$n.log 2>&1; rc=$$?; \
		tail -n 3 build-fuzz/$$n.log; \
		test $$rc = 0 || { echo "fuzz: $$n failed, see build-fuzz/$$n.log" >&2; \
			exit 1; }; \
	done

# The station: a disk image that boots into the wizard (station/).
station: all
	$(Q)station/mkstation.sh $(B)/stickler $(B)/station >/dev/null

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(SUDO) env B=$(B) tests/bench/run.sh

# clang-format 14 cannot keep the kernel's tab-aligned columns (struct
# members, #define values, trailing comments at a tab stop): with
# AlignConsecutiveDeclarations it pads to the widest name instead, which
# churns every other file. The headers and the FAT files below are written
# in those columns (on-disk byte layouts read best that way), so they are
# left out of the check rather than flattened; every other file is checked.
FORMAT_SKIP := core/fat.c core/fatlayout.c core/fatname.c core/fatread.c \
               core/fattree.c
FORMAT_SRCS := $(filter-out $(FORMAT_SKIP),$(CORE_SRCS) $(BOOT_SRCS) $(UI_SRCS))

format:
	$(Q)clang-format -i $(FORMAT_SRCS)

format-check:
	$(Q)clang-format --dry-run --Werror $(FORMAT_SRCS)

lint:
	$(Q)scripts/layering.sh
	$(Q)cppcheck -q --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Icore -Iboot $(CORE_SRCS) $(BOOT_SRCS) $(UI_SRCS)

PREFIX  ?= /usr/local
DESTDIR ?=
install: all
	install -Dm755 $(B)/stickler $(DESTDIR)$(PREFIX)/bin/stickler
	install -d $(DESTDIR)$(PREFIX)/share/stickler
	for f in configs/*; do \
		install -m644 $$f $(DESTDIR)$(PREFIX)/share/stickler/; done
	test ! -f doc/stickler.1 || install -Dm644 doc/stickler.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/stickler.1
	install -Dm644 completions/stickler.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/stickler
	install -Dm644 completions/_stickler \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_stickler
	install -Dm644 completions/stickler.fish \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/stickler.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/stickler \
		$(DESTDIR)$(PREFIX)/share/man/man1/stickler.1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/stickler \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_stickler \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/stickler.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/stickler

clean:
	rm -rf $(B)/core $(B)/boot $(B)/ui-ncurses $(B)/tests/unit \
		$(B)/tests/tools $(B)/stickler $(B)/libstickler.a \
		build-asan build-fuzz

distclean:
	rm -rf $(B) build-asan build-fuzz

# Only main.c prints the version; the other objects do not depend on it.
$(B)/ui-ncurses/main.o: CPPFLAGS += -DSTK_VERSION='"$(VERSION)"'

-include $(LIB_OBJS:.o=.d) $(UI_OBJS:.o=.d)
.PHONY: all deps deps-check run check check-unit check-file check-root \
	check-ui check-boot check-lab station asan fuzz bench format format-check lint install \
	uninstall clean distclean unit-tests tools
