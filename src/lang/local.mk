# src/lang/local.mk — the command language: lexer, formatting, the command table, the
# interpreter and session, one file per command family, the divergence diagnosis.
# Links the engine; knows nothing of curses or readline.
noinst_LIBRARIES += src/lang/libdllang.a
src_lang_libdllang_a_SOURCES = \
	src/lang/lex.c src/lang/lex.h \
	src/lang/fmt.c src/lang/fmt.h \
	src/lang/cmd.c src/lang/cmd.h src/lang/cmd_table.c \
	src/lang/args.c src/lang/interp.c src/lang/complete.c \
	src/lang/session.c src/lang/session.h \
	src/lang/script.c src/lang/write.c src/lang/tempfile.c \
	src/lang/diagnose.c src/lang/diagnose.h \
	src/lang/cmd_net.c src/lang/cmd_value.c src/lang/cmd_data.c src/lang/cmd_run.c src/lang/training.c \
	src/lang/cmd_file.c src/lang/model.c src/lang/model.h src/lang/cmd_plot.c src/lang/cmd_explain.c src/lang/cmd_export.c \
	src/lang/cmd_sweep.c src/lang/cmd_inside.c src/lang/cmd_fork.c src/lang/cmd_lesson.c \
	src/lang/cmd_check.c src/lang/check.h src/lang/tutor.c src/lang/tutor.h src/lang/progress.c src/lang/progress.h

# manref prints the man page's COMMANDS section from the command table (dl.1 is made from it)
noinst_PROGRAMS += src/lang/manref
src_lang_manref_SOURCES = src/lang/manref.c
src_lang_manref_LDADD = $(LANG_LIBS)
