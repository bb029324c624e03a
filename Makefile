# Beback: `make run` opens a demo desk, `make test` runs every test. Nothing else is needed on a
# fresh machine: missing Debian packages are installed when running as root, or the exact command is printed.

SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DEMO_DESK ?= .demo-desk
DEMO_REP ?= ann
BIN_DEBUG = .build/debug/beback
BIN_RELEASE = .build/release/beback
# Release builds link the Swift runtime and Foundation into the binary: the installed command needs no
# Swift toolchain on the host, and a desk starts without loading and relocating a dozen shared
# libraries (about 9 MB less resident memory per desk; see docs/performance.md).
RELEASE_BUILD = $(SWIFT) build -c release --static-swift-stdlib

# Debian packages the build and the tests need: ncursesw headers, tmux for end-to-end tests, and
# msmtp for the real SMTP path of 'beback send'.
DEB_PACKAGES = libncurses-dev tmux msmtp

.PHONY: all build build-postgres run test test-files test-deps bench bench-postgres bench-big bench-big-postgres torture fuzz install deps clean help check-warnings format format-check hooks commit-check

all: build

help:
	@echo "make run      build, create a demo desk in $(DEMO_DESK) when missing, and open it"
	@echo "make test     every test (unit, store, UI snapshots, end-to-end in tmux), with the PostgreSQL store"
	@echo "              against a throwaway server on loopback (Tests/Postgres/with-postgres.sh)"
	@echo "make test-files  the tests without PostgreSQL (the default build, no database driver)"
	@echo "make build-postgres  beback with the PostgreSQL store (--store postgres://..., beback migrate)"
	@echo "make bench    release build, benchmark figures"
	@echo "make torture  the long torture tests of the journal (kill -9 writers, crashes at every system call,"
	@echo "              truncation and bit flips, injected disk errors, concurrent writers); prints a table of figures"
	@echo "make fuzz     build the journal reader fuzzer (libFuzzer + ASan) and run it FUZZ_SECONDS=$(FUZZ_SECONDS)"
	@echo "make bench-postgres  the PostgreSQL store's figures (migration, replay, save) against a throwaway server"
	@echo "make bench-big  a rep's due and desk open on a million-lead floor (generated once into .bench-big/)"
	@echo "make bench-big-postgres  the same, and the biggest floor migrated into PostgreSQL and a rep's due there"
	@echo "make format   format the Swift sources (swift-format, .swift-format); make test checks it"
	@echo "make install  install to PREFIX=$(PREFIX), with shell completions and a man page"
	@echo "make hooks    use the project's git hooks (.githooks: commit subjects of 72 characters at most)"

deps:
	@missing=""; \
	[ -f /usr/include/ncursesw/curses.h ] || missing="$$missing libncurses-dev"; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	command -v msmtp >/dev/null 2>&1 || missing="$$missing msmtp"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || { echo "apt-get install failed; run: apt-get install -y$$missing" >&2; exit 1; }; \
	  else \
	    echo "missing Debian packages:$$missing; install them with: sudo apt-get install -y$$missing" >&2; exit 1; \
	  fi; \
	fi; \
	command -v $(SWIFT) >/dev/null 2>&1 || { echo "swift is not on PATH: install a Swift 6.1+ toolchain" >&2; exit 1; }

build: deps
	$(SWIFT) build

# The PostgreSQL store is a package trait: only this build (and make test) compiles the database driver.
build-postgres: deps
	$(SWIFT) build --traits Postgres

run: build
	@[ -d "$(DEMO_DESK)/journals" ] || $(BIN_DEBUG) demo --data "$(DEMO_DESK)"
	$(BIN_DEBUG) --data "$(DEMO_DESK)" --rep "$(DEMO_REP)"

# Python packages the tests need: icalendar, the real parser the iCalendar export is checked with,
# and aiosmtpd, the throwaway SMTP server msmtp sends to.
test-deps:
	@python3 -c 'import icalendar' 2>/dev/null || python3 -m pip install -q icalendar || { echo "cannot install the python package icalendar; run: python3 -m pip install icalendar" >&2; exit 1; }
	@python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install -q aiosmtpd || { echo "cannot install the python package aiosmtpd; run: python3 -m pip install aiosmtpd" >&2; exit 1; }

# Every test, the PostgreSQL ones included: with-postgres.sh installs Debian's postgresql when missing (as
# root; else it prints the command), starts a throwaway server on a free loopback port, runs the tests
# with BEBACK_TEST_POSTGRES set, and stops and deletes the server. Without a server those tests are skipped, loudly.
test: deps test-deps format-check commit-check
	@mkdir -p .build
	set -o pipefail; $(SWIFT) build --traits Postgres --build-tests 2>&1 | tee "$(BUILD_LOG)"
	@$(MAKE) --no-print-directory check-warnings
	BEBACK_BIN="$(CURDIR)/$(BIN_DEBUG)" Tests/Postgres/with-postgres.sh $(SWIFT) test --traits Postgres

# Formatting: swift-format from the toolchain, configured in .swift-format (4 spaces, 160 columns,
# formatting only). `make format` rewrites the files; `make test` fails on any file it would change.
FORMAT_PATHS = Sources Tests Resources/Accessor.swift Package.swift
format:
	$(SWIFT) format --in-place --recursive --parallel $(FORMAT_PATHS)

format-check:
	@$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS) || { echo "some files are not formatted (above): run make format" >&2; exit 1; }

hooks:
	git config core.hooksPath .githooks

# Commit subjects of 72 characters at most, checked for every commit since the rule was enforced
# (older history is left as it is); skipped outside a git clone or in a clone without that commit.
COMMIT_RULE_SINCE = 9db12f24725d24ccf75deb359ee0257fabf22f31
commit-check:
	@if git rev-parse --git-dir >/dev/null 2>&1 && git cat-file -e $(COMMIT_RULE_SINCE) 2>/dev/null; then \
	  long=$$(git log --no-merges --format=%s $(COMMIT_RULE_SINCE)..HEAD | awk 'length > 72'); \
	  if [ -n "$$long" ]; then echo "commit subjects over 72 characters (make hooks refuses them):" >&2; echo "$$long" >&2; exit 1; fi; \
	else echo "note: commit subjects not checked (not a clone with the history)"; fi

# Warnings are errors in CI (CI=true): a fresh clone compiles every file, so every warning of our own
# sources is in the build log. Locally the log of an incremental build holds only what was recompiled.
BUILD_LOG = $(CURDIR)/.build/build.log
check-warnings:
	@if grep -E '^$(CURDIR)/(Sources|Tests|Resources)/[^:]+:[0-9]+:[0-9]+: warning:' "$(BUILD_LOG)"; then \
	  if [ -n "$$CI" ]; then echo "the build has warnings (above): warnings are errors in CI" >&2; exit 1; fi; \
	  echo "note: the build has warnings (above); CI fails on them" >&2; \
	fi

# The tests of the default build (journal files only; the PostgreSQL suites report themselves skipped).
test-files: deps test-deps
	$(SWIFT) build
	BEBACK_BIN="$(CURDIR)/$(BIN_DEBUG)" $(SWIFT) test

bench: deps
	$(RELEASE_BUILD)
	BEBACK_BIN="$(CURDIR)/$(BIN_RELEASE)" python3 Tests/Bench/bench.py

# The torture tests run in the normal suite in a short form; BEBACK_TORTURE=full selects the long sizes.
# Each test appends a row to the report, printed as a table at the end.
TORTURE_REPORT = $(CURDIR)/.build/torture-report.tsv
torture: deps
	$(RELEASE_BUILD)
	$(SWIFT) build --build-tests
	@rm -f "$(TORTURE_REPORT)"
	BEBACK_TORTURE=full BEBACK_TORTURE_REPORT="$(TORTURE_REPORT)" BEBACK_BIN="$(CURDIR)/$(BIN_RELEASE)" \
	  $(SWIFT) test --skip-build --no-parallel --filter "Torture|CompactionCrash|DeltaCrash"
	@echo; echo "torture figures:"; column -t -s "$$(printf '\t')" "$(TORTURE_REPORT)"

# The journal record reader under libFuzzer and AddressSanitizer, in its own package (Fuzz/) so the
# main build never needs the sanitizers. The seed corpus is kept in Tests/Fuzz/corpus; new inputs the
# fuzzer finds go to fuzz-artifacts/corpus, crashers to fuzz-artifacts/ (keep each as a regression test).
FUZZ_SECONDS ?= 600
# lld: gold fails on the sanitizer objects.
FUZZ_FLAGS = -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release $(FUZZ_FLAGS) 2>&1 | grep -v "Cannot export local symbol" || true
	@test -x Fuzz/.build/release/JournalReaderFuzz || { echo "the fuzz target did not build" >&2; exit 1; }
	@mkdir -p fuzz-artifacts/corpus
	Fuzz/.build/release/JournalReaderFuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	  -artifact_prefix=fuzz-artifacts/ fuzz-artifacts/corpus Tests/Fuzz/corpus
# PostgreSQL store figures (release build with the Postgres trait, against a throwaway server).
bench-postgres: deps
	$(RELEASE_BUILD) --traits Postgres
	BEBACK_BIN="$(CURDIR)/$(BIN_RELEASE)" Tests/Postgres/with-postgres.sh python3 Tests/Bench/bench_postgres.py

# A rep's due and desk open on a 1M-lead, 500-rep floor beside a 20k one, and compact --full on
# a 100k one (the floors are generated once into .bench-big/, about 3 GB; BENCH_BIG_FLOORS=20000,200000
# for smaller ones).
BENCH_BIG_FLOORS ?= 20000,1000000
bench-big: deps
	$(RELEASE_BUILD)
	BEBACK_BIN="$(CURDIR)/$(BIN_RELEASE)" python3 Tests/Bench/bench_big.py --floors "$(BENCH_BIG_FLOORS)"

# The same floors, plus the biggest migrated into a throwaway PostgreSQL server and a rep's due on it.
bench-big-postgres: deps
	$(RELEASE_BUILD) --traits Postgres
	BEBACK_BIN="$(CURDIR)/$(BIN_RELEASE)" Tests/Postgres/with-postgres.sh python3 Tests/Bench/bench_big.py --floors "$(BENCH_BIG_FLOORS)"

# The binary, its resources, shell completions (bash, zsh, fish) and a man page, both generated from
# the same argument definitions as --help (the argument parser's generate-manual tool).
install: deps
	$(RELEASE_BUILD)
	$(RELEASE_BUILD) --product generate-manual
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/beback" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 "$(BIN_RELEASE)" "$(DESTDIR)$(PREFIX)/bin/beback"
	cp -R Resources/demo Resources/scripts Resources/templates "$(DESTDIR)$(PREFIX)/share/beback/"
	"$(BIN_RELEASE)" --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/beback"
	"$(BIN_RELEASE)" --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_beback"
	"$(BIN_RELEASE)" --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/beback.fish"
	.build/release/generate-manual "$(BIN_RELEASE)" --output-directory "$(DESTDIR)$(PREFIX)/share/man/man1"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/beback, its completions and man page (man beback)"

clean:
	rm -rf .build
