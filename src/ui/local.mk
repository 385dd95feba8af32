# src/ui/local.mk — the program: the only files that include readline or curses.
#   main.c ui.h                 options, batch mode, the choice of front end
#   ui_signals.c ui_history.c ui_complete.c   what both front ends use
#   ui_plain.c                  the plain readline prompt
#   tui*.c tui.h                the full-screen UI (tui.h says which file holds what)
bin_PROGRAMS = src/dl
src_dl_SOURCES = \
	src/ui/main.c src/ui/ui.h src/ui/ui_signals.c src/ui/ui_history.c src/ui/ui_complete.c \
	src/ui/ui_plain.c \
	src/ui/tui.h src/ui/tui.c src/ui/tui_term.c src/ui/tui_widgets.c src/ui/tui_console.c \
	src/ui/tui_prompt.c src/ui/tui_input.c src/ui/tui_text.c
src_dl_SOURCES += src/ui/tui_fresh.c
src_dl_CFLAGS = $(AM_CFLAGS) $(READLINE_CFLAGS) $(NCURSES_CFLAGS)
src_dl_LDADD = $(DL_LIBS) $(READLINE_LIBS) $(NCURSES_LIBS)
