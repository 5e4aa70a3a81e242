# Install keyconsole on a Linux server without a Swift toolchain (Linux only: static linking
# of the Swift runtime and the install layout are Linux's): one statically linked binary (no
# libswift*, no libFoundation*), its man page and shell completions.
#
#   make install PREFIX=/usr/local         # build here, install here
#   make install PREFIX=/usr DESTDIR=stage # stage a package tree; copy stage/ to the server

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
RELEASE_FLAGS = -c release --static-swift-stdlib
BIN_DIR = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
MANUAL = .build/plugins/GenerateManual/outputs/keyconsole/keyconsole.1

.PHONY: all binary manual install uninstall

all: binary manual

# The release binary, with the Swift runtime and Foundation linked in.
binary:
	$(SWIFT) build $(RELEASE_FLAGS) --product keyconsole

# The man page, written by swift-argument-parser's generate-manual plugin from the command's
# own help (it builds the package in debug for that; the page is the same).
manual:
	$(SWIFT) package generate-manual --configuration debug

install: binary manual
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 -s "$(BIN_DIR)/keyconsole" "$(DESTDIR)$(PREFIX)/bin/keyconsole"
	install -m 0644 "$(MANUAL)" "$(DESTDIR)$(PREFIX)/share/man/man1/keyconsole.1"
	"$(BIN_DIR)/keyconsole" --generate-completion-script bash \
		> "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/keyconsole"
	"$(BIN_DIR)/keyconsole" --generate-completion-script zsh \
		> "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_keyconsole"
	"$(BIN_DIR)/keyconsole" --generate-completion-script fish \
		> "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/keyconsole.fish"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/keyconsole" \
		"$(DESTDIR)$(PREFIX)/share/man/man1/keyconsole.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/keyconsole" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_keyconsole" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/keyconsole.fish"
