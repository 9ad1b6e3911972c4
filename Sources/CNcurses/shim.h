// The system's ncursesw (ncurses with wide characters, for the admin console's terminal), plus
// what Swift cannot import from its macros and mutable globals.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <wchar.h>

// Video attributes: curses builds them with shift macros.
static const attr_t sio_attribute_normal = A_NORMAL;
static const attr_t sio_attribute_bold = A_BOLD;
static const attr_t sio_attribute_dim = A_DIM;
static const attr_t sio_attribute_reverse = A_REVERSE;
static const attr_t sio_attribute_underline = A_UNDERLINE;

// The standard screen: a mutable C global, which Swift 6 will not read directly.
static inline WINDOW *sio_stdscr(void) { return stdscr; }

// Columns a character takes (-1 when it is not printable in the current locale): glibc declares
// wcwidth only under _XOPEN_SOURCE, which Swift's Glibc module is not built with.
static inline int sio_wcwidth(wchar_t character) { return wcwidth(character); }
