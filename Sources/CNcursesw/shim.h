// The slice of ncursesw that keyconsole uses, importable from Swift.
//
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, which hides the wide-character
// API; NCURSES_WIDECHAR brings it back. Macros that Swift cannot import are
// wrapped in static inline functions prefixed with kc_.
#ifndef KEYCONSOLE_CNCURSESW_SHIM_H
#define KEYCONSOLE_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);

static inline int kc_wcwidth(wchar_t c) { return wcwidth(c); }
static inline WINDOW *kc_stdscr(void) { return stdscr; }
static inline int kc_lines(void) { return LINES; }
static inline int kc_cols(void) { return COLS; }
static inline int kc_colors(void) { return COLORS; }
static inline int kc_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t kc_a_normal(void) { return A_NORMAL; }
static inline attr_t kc_a_bold(void) { return A_BOLD; }
static inline attr_t kc_a_reverse(void) { return A_REVERSE; }
static inline attr_t kc_a_dim(void) { return A_DIM; }
static inline attr_t kc_a_underline(void) { return A_UNDERLINE; }
static inline int kc_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int kc_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int kc_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int kc_key_resize(void) { return KEY_RESIZE; }
static inline int kc_err(void) { return ERR; }
static inline int kc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int kc_key_mouse(void) { return KEY_MOUSE; }
/// The mouse events the console asks for: button 1 pressed, and the wheel (buttons 4, 5).
static inline mmask_t kc_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
/// The next mouse event as kind (1 click, 4 wheel up, 5 wheel down, 0 other), row, column.
static inline int kc_get_mouse(int *kind, int *row, int *column) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *row = event.y;
    *column = event.x;
    if (event.bstate & BUTTON1_PRESSED) *kind = 1;
    else if (event.bstate & BUTTON4_PRESSED) *kind = 4;
    else if (event.bstate & BUTTON5_PRESSED) *kind = 5;
    else *kind = 0;
    return OK;
}
/// Whether the current terminal can move the cursor (terminfo's `cup`; `dumb` cannot).
static inline int kc_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// Draws one wide character with attributes and colour pair at (y, x) of stdscr.
static inline int kc_put_wch(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, wch, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// Whether the current locale's character set is UTF-8.
static inline int kc_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) return 0;
    return (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') &&
           (cs[2] == 'F' || cs[2] == 'f') && (cs[3] == '-' ? cs[4] == '8' : cs[3] == '8');
}

#endif
