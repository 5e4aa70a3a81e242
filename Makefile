# Install keyconsole on a Linux server without a Swift toolchain (Linux only: static linking
# of the Swift runtime and the install layout are Linux's): one statically linked binary (no
# libswift*, no libFoundation*), its man page and shell completions.
#
#   make install PREFIX=/usr/local         # build here, install here
#   make install PREFIX=/usr DESTDIR=stage # stage a package tree; copy stage/ to the server
#   make deb                               # keyconsole_VERSION_ARCH.deb, from the same build

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
# lld packs the relative relocations (DT_RELR, glibc 2.36) and exports no symbols: 5.7 MB
# less for the loader to read and keep resident at every start.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -use-ld=lld \
	-Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic
BIN_DIR = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
MANUAL = .build/plugins/GenerateManual/outputs/keyconsole/keyconsole.1
# zsh's completions: site-functions for a local install, vendor-completions in Debian's package.
ZSH_COMPLETIONS ?= share/zsh/site-functions
DEB_ROOT = .build/deb-root

.PHONY: all binary manual manual-source install uninstall deb perf-harness bin-path screenshots

all: binary manual

# The release binary, with the Swift runtime and Foundation linked in.
binary:
	$(SWIFT) build $(RELEASE_FLAGS) --product keyconsole

# The console on a terminal in memory, for Benchmarks/perf-gate: the same flags as the binary.
perf-harness:
	$(SWIFT) build $(RELEASE_FLAGS) --product perf-harness

# Where the release build puts its products (Benchmarks/run, Benchmarks/perf-gate).
bin-path:
	@echo "$(BIN_DIR)"

# The man page, written by swift-argument-parser's generate-manual plugin from the command's
# own help (it builds the package in debug for that; the page is the same), dated by
# MANUAL_DATE so the same sources give the same page. A blank line is no mdoc: groff warns
# of each; a paragraph break is what it means.
MANUAL_DATE = 2026-12-06
PAGE = .build/keyconsole.1
manual:
	$(SWIFT) package generate-manual --configuration debug --date $(MANUAL_DATE)
	sed -e 's/^$$/.Pp/' -e '$$a\' "$(MANUAL)" > "$(PAGE)"

# The page embedded in the binary (`keyconsole --generate-manual`), written from `manual`;
# a test fails when the committed one differs from what `make install` installs.
manual-source: manual
	packaging/embed-manual "$(PAGE)" > Sources/keyconsole/Support/ManualPage.swift

# docs/images: the console in a real xterm under Xvfb, dark and light (packaging/screenshots).
screenshots:
	$(SWIFT) build --product keyconsole
	packaging/screenshots

install: binary manual
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
		"$(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS)" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 -s "$(BIN_DIR)/keyconsole" "$(DESTDIR)$(PREFIX)/bin/keyconsole"
	install -m 0644 "$(PAGE)" "$(DESTDIR)$(PREFIX)/share/man/man1/keyconsole.1"
	chmod 0644 "$(DESTDIR)$(PREFIX)/share/man/man1/keyconsole.1"
	# bash-completion sources the script: it needs no #! line.
	"$(BIN_DIR)/keyconsole" --generate-completion-script bash | sed '1{/^#!/d}' \
		> "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/keyconsole"
	"$(BIN_DIR)/keyconsole" --generate-completion-script zsh \
		> "$(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS)/_keyconsole"
	"$(BIN_DIR)/keyconsole" --generate-completion-script fish \
		> "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/keyconsole.fish"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/keyconsole" \
		"$(DESTDIR)$(PREFIX)/share/man/man1/keyconsole.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/keyconsole" \
		"$(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS)/_keyconsole" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/keyconsole.fish"

# The Debian package: the tree `install` stages under /usr (the same release build), made a
# .deb by packaging/debian/build-deb with dpkg-deb; Depends comes from dpkg-shlibdeps.
deb:
	rm -rf "$(DEB_ROOT)"
	$(MAKE) install PREFIX=/usr DESTDIR="$(CURDIR)/$(DEB_ROOT)" \
		ZSH_COMPLETIONS=share/zsh/vendor-completions
	packaging/debian/build-deb "$(DEB_ROOT)" .
