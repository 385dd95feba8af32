# src/ui/local.mk — the program: the only files that include readline or curses.
bin_PROGRAMS = src/dl
src_dl_SOURCES = \
	src/ui/main.c src/ui/ui.h src/ui/ui_plain.c src/ui/ui_tui.c
src_dl_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS) $(NCURSES_CFLAGS)
src_dl_LDADD = $(DL_LIBS) $(READLINE_LIBS) $(NCURSES_LIBS)
