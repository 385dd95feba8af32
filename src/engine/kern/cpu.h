/* cpu.h — which copy of the kernels this CPU runs (chosen once, in dense.c; DL_KERNELS=generic
 * forces the baseline).  Asked by the optimizer's and the feature-major path's vector loops and
 * by vmath.c. */
#ifndef DL_KERN_CPU_H
#define DL_KERN_CPU_H

/* 1 when the AVX2 + FMA copy runs, 0 for the baseline copy. */
int kern_avx2(void);

#endif
