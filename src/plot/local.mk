# src/plot/local.mk — pictures: the pure grid of cells, and the views that turn a session
# into a picture.  No terminal code.
noinst_LIBRARIES += src/plot/libdlplot.a
src_plot_libdlplot_a_SOURCES = \
	src/plot/grid.c src/plot/grid.h src/plot/draw.h \
	src/plot/ticks.c src/plot/frame.c src/plot/lines.c src/plot/heat.c \
	src/plot/view.c src/plot/view.h \
	src/plot/view_inside.c src/plot/view_inside.h
