/* net_impl.h — what net.c (building networks) and dense.c (running them) share. */
#ifndef DL_NET_IMPL_H
#define DL_NET_IMPL_H

/* Slack after every parameter, gradient and workspace block, for the kernels' vector loads
 * (see "kernels" in dense.c). */
#define PAD 4

#endif
