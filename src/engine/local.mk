# src/engine/local.mk — the engine: tensors, layers, losses, optimizers, data, training.
# Links nothing of lang, plot or ui; its kernels are in src/engine/kern/.
noinst_LIBRARIES += src/engine/libdlengine.a
src_engine_libdlengine_a_SOURCES = \
	src/engine/tensor.c src/engine/tensor.h \
	src/engine/rng.c src/engine/rng.h \
	src/engine/io.c src/engine/io.h \
	src/engine/net.c src/engine/net.h src/engine/net_impl.h src/engine/dense.c \
	src/engine/fm.c src/engine/fm.h \
	src/engine/loss.c src/engine/loss.h \
	src/engine/optim.c src/engine/optim.h \
	src/engine/data.c src/engine/data.h \
	src/engine/lhist.c src/engine/lhist.h \
	src/engine/monitor.c src/engine/monitor.h \
	src/engine/train.c src/engine/train.h src/engine/poll.c src/engine/poll.h \
	src/engine/stab.c src/engine/stab.h \
	src/engine/vmath.c src/engine/vmath.h \
	src/engine/kern/simd.h src/engine/kern/vmath_v.h \
	src/engine/kern/kern_tile.h src/engine/kern/fma2.h src/engine/kern/cpu.h
