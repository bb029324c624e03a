#ifndef BEBACK_CNCURSESW_SHIM_H
#define BEBACK_CNCURSESW_SHIM_H

// SwiftPM drops the -D flags from ncursesw.pc, so the wide-character API must be
// switched on here, before curses.h is included; without it get_wch, setcchar and
// friends are missing.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 rejects references to mutable C globals, and function-like macros do not
// import at all. Everything BebackTerminal needs from those goes through the small
// inline accessors below.

// MARK: Globals

static inline WINDOW *beback_stdscr(void) { return stdscr; }
static inline WINDOW *beback_curscr(void) { return curscr; }
static inline int beback_lines(void) { return LINES; }
static inline int beback_cols(void) { return COLS; }
static inline int beback_colors(void) { return COLORS; }
static inline int beback_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *beback_stdout(void) { return stdout; }
static inline FILE *beback_stdin(void) { return stdin; }

// MARK: Attributes (macros built with NCURSES_BITS do not import)

static inline attr_t beback_a_normal(void) { return A_NORMAL; }
static inline attr_t beback_a_bold(void) { return A_BOLD; }
static inline attr_t beback_a_reverse(void) { return A_REVERSE; }
static inline attr_t beback_a_underline(void) { return A_UNDERLINE; }
static inline attr_t beback_a_dim(void) { return A_DIM; }

// MARK: Keys and sizes

static inline int beback_key_f(int n) { return KEY_F(n); }
static inline int beback_maxy(WINDOW *win) { return getmaxy(win); }
static inline int beback_maxx(WINDOW *win) { return getmaxx(win); }

// MARK: Settings

/// Sets how long (in milliseconds) a lone ESC waits for the rest of an escape sequence.
static inline int beback_set_escdelay(int milliseconds) { return set_escdelay(milliseconds); }

#endif
