/* cmd_explain.c — explain forward|backward: the arithmetic of one value with the session's own
 * numbers substituted, the way a learner would work it out on paper. */
#include "cmd.h"
#include "fmt.h"
#include "engine/loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXPLAIN_TERMS 6 /* terms of a sum written out before "…" */

/* Run forward + loss + backward on the whole training set (weights unchanged); a forward
 * explanation needs only inputs, so without targets it runs the forward pass alone. */
static int explain_pass(session *s, cmd_args *a, int backward)
{
	char err[512];
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty");
	if (!backward && data_rows(&s->ds) && s->ds.D == net_in(&s->nt) && train_ready(&s->nt, &s->ds, err, sizeof err)) {
		if (sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
			return CMD_ERR(s, a, "%s", err);
		s->tr.B = data_rows(&s->ds); /* the inputs alone, in place */
		s->tr.x = s->ds.X.v;
		if (net_reserve(&s->nt, s->tr.B))
			return CMD_ERR(s, a, "out of memory");
		net_forward(&s->nt, s->tr.x, s->tr.B);
		return SESS_OK;
	}
	if (train_ready(&s->nt, &s->ds, err, sizeof err) || sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (train_next_batch(&s->tr, &s->ds, 0, &s->rng) || net_reserve(&s->nt, s->tr.B))
		return CMD_ERR(s, a, "out of memory");
	sess_set_loss(s, train_backward(&s->tr, &s->nt, NULL));
	return SESS_OK;
}

/* the layer index whose output is named zk / hk / out; -1 if none */
static int output_layer(const session *s, const char *name)
{
	if (!strcmp(name, "out"))
		return s->nt.n - 1;
	if ((name[0] != 'z' && name[0] != 'h') || !name[1])
		return -1;
	char *end;
	long k = strtol(name + 1, &end, 10);
	int hit = -1;
	for (int i = 0; i < s->nt.n && !*end; i++)
		if (s->nt.L[i].k == k && ((name[0] == 'z') == (s->nt.L[i].kind == LAYER_DENSE)))
			hit = i;
	return hit;
}

static const char *in_name(const session *s, int i, char *buf, size_t n)
{
	if (i == 0)
		snprintf(buf, n, "x");
	else
		snprintf(buf, n, "%c%d", s->nt.L[i - 1].kind == LAYER_DENSE ? 'z' : 'h', s->nt.L[i - 1].k);
	return buf;
}

/* "z2[0,1] = h1[0,0]·W2[0,1] + … + b2[1] = 0.7×1.2 + … + 0.8 = 3.1" */
static void explain_dense_unit(session *s, int li, int n, int j)
{
	layer *l = &s->nt.L[li];
	const double *x = li ? s->nt.L[li - 1].y.v + (size_t)n * l->in : s->tr.x + (size_t)n * l->in;
	char in[16], a[64], b[64], line[2048];
	in_name(s, li, in, sizeof in);
	size_t len = (size_t)snprintf(line, sizeof line, "  z%d[%d,%d] = Σ_i %s[%d,i]·W%d[i,%d] + b%d[%d] = ", l->k, n, j,
				      in, n, l->k, j, l->k, j);
	for (int i = 0; i < l->in && len < sizeof line; i++) {
		if (i == EXPLAIN_TERMS && l->in > EXPLAIN_TERMS + 1) {
			len += (size_t)snprintf(line + len, sizeof line - len, "… (%d more terms) + ", l->in - i);
			break;
		}
		len += (size_t)snprintf(line + len, sizeof line - len, "%s×%s + ", fmt_num(x[i], 4, a, sizeof a),
					fmt_num(l->W.v[(size_t)i * l->out + j], 4, b, sizeof b));
	}
	if (len < sizeof line)
		snprintf(line + len, sizeof line - len, "%s = %s", fmt_num(l->b.v[j], 4, a, sizeof a),
			 fmt_num(l->y.v[(size_t)n * l->out + j], 6, b, sizeof b));
	sess_printf(s, "%s\n", line);
}

static const char *act_formula(layer_kind k)
{
	switch (k) {
	case LAYER_RELU: return "max(0, z)";
	case LAYER_SIGMOID: return "1 / (1 + e^−z)";
	case LAYER_TANH: return "tanh(z)";
	case LAYER_LEAKY_RELU: return "max(αz, z)";
	case LAYER_SOFTMAX: return "e^z_j / Σ_k e^z_k";
	default: return "";
	}
}

static int explain_forward(session *s, cmd_args *a, const char *name, int n)
{
	int li = output_layer(s, name);
	if (li < 0)
		return CMD_ERR(s, a, "no output '%.40s' (zk of dense layer k, hk of the activation after it, out)", name);
	layer *l = &s->nt.L[li];
	char sh[32], num[64], num2[64];
	sess_printf(s, "forward, sample %d of %d:\n", n, s->tr.B);
	if (l->kind == LAYER_DENSE) {
		char in[16];
		in_name(s, li, in, sizeof in);
		sess_printf(s, "  z%d = %s·W%d + b%d: %s (%d, %d) · W%d %s + b%d (%d,) -> (%d, %d)\n", l->k, in, l->k, l->k,
			    in, s->tr.B, l->in, l->k, tensor_shape_str(&l->W, sh, sizeof sh), l->k, l->out, s->tr.B, l->out);
		for (int j = 0; j < l->out && j < 4; j++)
			explain_dense_unit(s, li, n, j);
		if (l->out > 4)
			sess_printf(s, "  … (%d units in all)\n", l->out);
		return SESS_OK;
	}
	layer *d = &s->nt.L[li - 1];
	const double *zr = d->y.v + (size_t)n * d->out; /* this sample's row of z */
	double mx = -INFINITY, sum = 0;
	for (int k = 0; k < d->out; k++)
		mx = fmax(mx, zr[k]);
	for (int k = 0; k < d->out; k++)
		sum += exp(zr[k] - mx);
	if (l->kind == LAYER_SOFTMAX)
		sess_printf(s, "  h%d = %s applied to each row of z%d: every output depends on the whole row\n", l->k,
			    act_formula(l->kind), d->k);
	else
		sess_printf(s, "  h%d = %s applied to z%d, element by element\n", l->k, act_formula(l->kind), d->k);
	for (int j = 0; j < l->out && j < 4; j++) {
		if (d->kind == LAYER_DENSE)
			explain_dense_unit(s, li - 1, n, j);
		double z = zr[j];
		if (l->kind == LAYER_SOFTMAX) /* shifted by the row's largest z, as computed */
			sess_printf(s, "  h%d[%d,%d] = e^(z%d[%d,%d] − max) / Σ_k e^(z%d[%d,k] − max) = %s / %s = %s   (max = %s)\n",
				    l->k, n, j, d->k, n, j, d->k, n, fmt_num(exp(z - mx), 6, num, sizeof num),
				    fmt_num(sum, 6, num2, sizeof num2), fmt_num(l->y.v[(size_t)n * l->out + j], 6, (char[64]){ 0 }, 64),
				    fmt_num(mx, 6, (char[64]){ 0 }, 64));
		else
			sess_printf(s, "  h%d[%d,%d] = %s(%s) = %s\n", l->k, n, j, layer_kind_name(l->kind), fmt_num(z, 6, num, sizeof num),
				    fmt_num(l->y.v[(size_t)n * l->out + j], 6, num2, sizeof num2));
	}
	if (l->out > 4)
		sess_printf(s, "  … (%d units in all)\n", l->out);
	return SESS_OK;
}

/* Softmax backward, whose Jacobian is not diagonal: dz_j = h_j (dh_j − Σ_k h_k dh_k), every
 * output's gradient reaching every input; as the last layer under ce, the two together give
 * dz = (h − onehot(y)) / N, which is what the engine computes (net.h). */
static void explain_softmax_back(session *s, int i, int n, const char *inn, const char *out)
{
	const layer *u = &s->nt.L[i], *below = &s->nt.L[i - 1];
	int N = s->tr.B, K = u->out;
	const double *h = u->y.v + (size_t)n * K, *g = u->g.v + (size_t)n * K;
	double dz = below->g.v[(size_t)n * below->out];
	char a[64], b[64], c[64], line[2048];
	if (i == s->nt.n - 1 && s->nt.loss == LOSS_CE) {
		int cls = (int)s->tr.y[(size_t)n * s->ds.K];
		sess_printf(s, "  d%s = (%s − onehot(y)) / N   softmax and ce together: softmax's Jacobian times ce's gradient,\n"
			    "      which simplifies to this   (%d, %d)   d%s[%d,0] = (%s − %d) / %d = %s   (y[%d] = %d)\n", inn, out, N, K,
			    inn, n, fmt_num(h[0], 5, a, sizeof a), cls == 0, N, fmt_num(dz, 5, b, sizeof b), n, cls);
		return;
	}
	double dot = 0;
	for (int k = 0; k < K; k++)
		dot += h[k] * g[k];
	sess_printf(s, "  d%s = %s ⊙ (d%s − Σ_k %s[:,k]·d%s[:,k])   (%d, %d): softmax's Jacobian is not diagonal (∂h_j/∂z_i =\n"
		    "      h_j (δ_ij − h_i)), so every output's gradient reaches every input\n", inn, out, out, out, out, N, K);
	size_t len = (size_t)snprintf(line, sizeof line, "  d%s[%d,0] = %s[%d,0] × (d%s[%d,0] − (", inn, n, out, n, out, n);
	for (int k = 0; k < K && len < sizeof line; k++) {
		if (k == EXPLAIN_TERMS && K > EXPLAIN_TERMS + 1) {
			len += (size_t)snprintf(line + len, sizeof line - len, " + … (%d more terms)", K - k);
			break;
		}
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%s×%s", k ? " + " : "", fmt_num(h[k], 5, a, sizeof a),
					fmt_num(g[k], 5, b, sizeof b));
	}
	if (len < sizeof line)
		snprintf(line + len, sizeof line - len, ")) = %s × (%s − %s) = %s", fmt_num(h[0], 5, a, sizeof a),
			 fmt_num(g[0], 5, b, sizeof b), fmt_num(dot, 5, c, sizeof c), fmt_num(dz, 5, (char[64]){ 0 }, 64));
	sess_printf(s, "%s\n", line);
}

/* the chain from the loss down to dense layer k: dout, then each layer's backward factor */
static int explain_backward(session *s, cmd_args *a, const char *name, int n)
{
	tensor *p = net_param(&s->nt, name);
	if (!p || name[0] == 'd')
		return CMD_ERR(s, a, "no parameter '%.40s' (Wk or bk)", name);
	int li = -1;
	for (int i = 0; i < s->nt.n; i++)
		if (s->nt.L[i].kind == LAYER_DENSE && (&s->nt.L[i].W == p || &s->nt.L[i].b == p))
			li = i;
	layer *l = &s->nt.L[li];
	char sh[32], num[64], num2[64], in[16];
	int N = s->tr.B, K = net_out(&s->nt), top = s->nt.n - 1;
	in_name(s, li, in, sizeof in);
	sess_printf(s, "backward to %s, by the chain rule (sample %d of %d shown where a value is per sample):\n", name, n, N);
	if (s->nt.loss == LOSS_MSE)
		sess_printf(s, "  dout = dJ/dout = 2 (out − y) / N   (%d, %d)   dout[%d,0] = 2 × (%s − %s) / %d = %s\n", N, K, n,
			    fmt_num(s->nt.L[top].y.v[(size_t)n * K], 5, num, sizeof num),
			    fmt_num(s->tr.y[(size_t)n * s->ds.K], 5, num2, sizeof num2), N,
			    fmt_num(s->nt.L[top].g.v[(size_t)n * K], 5, (char[64]){ 0 }, 64));
	else if (s->nt.L[top].kind == LAYER_SOFTMAX && s->nt.loss == LOSS_CE)
		sess_printf(s, "  out = softmax(z%d); under ce the gradient is taken with respect to z%d directly:\n",
			    s->nt.L[top].k, s->nt.L[top].k);
	else
		sess_printf(s, "  dout = dJ/dout (%s loss)   (%d, %d)   dout[%d,0] = %s\n", loss_name(s->nt.loss), N, K, n,
			    fmt_num(s->nt.L[top].g.v[(size_t)n * K], 5, num, sizeof num));
	for (int i = top; i > li; i--) { /* each layer above turns dJ/d(its output) into dJ/d(its input) */
		layer *u = &s->nt.L[i], *below = &s->nt.L[i - 1];
		char out[16], inn[16];
		snprintf(out, sizeof out, "%s", i == top ? "out" : (u->kind == LAYER_DENSE ? "z" : "h"));
		if (i != top)
			snprintf(out + 1, sizeof out - 1, "%d", u->k);
		in_name(s, i, inn, sizeof inn);
		if (u->kind == LAYER_DENSE)
			sess_printf(s, "  d%s = d%s · W%dᵀ          (%d, %d) · (%d, %d) -> (%d, %d)   d%s[%d,0] = %s\n", inn, out, u->k,
				    N, u->out, u->out, u->in, N, u->in, inn, n, fmt_num(below->g.v[(size_t)n * below->out], 5, num, sizeof num));
		else if (u->kind == LAYER_SOFTMAX)
			explain_softmax_back(s, i, n, inn, out);
		else
			sess_printf(s, "  d%s = d%s ⊙ %s'(%s)     (%d, %d), element by element   d%s[%d,0] = %s × %s = %s\n", inn, out,
				    layer_kind_name(u->kind), inn, N, u->in, inn, n,
				    fmt_num(u->g.v[(size_t)n * u->out], 5, num, sizeof num),
				    fmt_num(u->g.v[(size_t)n * u->out] ? below->g.v[(size_t)n * below->out] / u->g.v[(size_t)n * u->out] : 0, 5,
					    num2, sizeof num2),
				    fmt_num(below->g.v[(size_t)n * below->out], 5, (char[64]){ 0 }, 64));
	}
	const char *zn = li == top ? "out" : NULL;
	char zbuf[16];
	if (!zn) {
		snprintf(zbuf, sizeof zbuf, "z%d", l->k);
		zn = zbuf;
	}
	if (p == &l->W) {
		sess_printf(s, "  dW%d = %sᵀ · d%s      (%d, %d) · (%d, %d) -> %s: each sample adds its share\n", l->k, in, zn, l->in,
			    N, N, l->out, tensor_shape_str(&l->dW, sh, sizeof sh));
		const double *x = li ? s->nt.L[li - 1].y.v : s->tr.x;
		char line[2048];
		size_t len = (size_t)snprintf(line, sizeof line, "  dW%d[0,0] = Σ_n %s[n,0]·d%s[n,0] = ", l->k, in, zn);
		for (int m = 0; m < N && len < sizeof line; m++) {
			if (m == EXPLAIN_TERMS && N > EXPLAIN_TERMS + 1) {
				len += (size_t)snprintf(line + len, sizeof line - len, "… (%d more samples) ", N - m);
				break;
			}
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%s×%s ", m ? "+ " : "",
						fmt_num(x[(size_t)m * l->in], 4, num, sizeof num),
						fmt_num(l->g.v[(size_t)m * l->out], 4, num2, sizeof num2));
		}
		if (len < sizeof line)
			snprintf(line + len, sizeof line - len, "= %s", fmt_num(l->dW.v[0], 6, num, sizeof num));
		sess_printf(s, "%s\n", line);
	} else {
		sess_printf(s, "  db%d = Σ_n d%s[n,:]      (%d, %d) summed over samples -> %s\n", l->k, zn, N, l->out,
			    tensor_shape_str(&l->db, sh, sizeof sh));
		sess_printf(s, "  db%d[0] = %s\n", l->k, fmt_num(l->db.v[0], 6, num, sizeof num));
	}
	sess_printf(s, "  (gradients from several paths add: every sample and every unit above contributes a term)\n");
	return SESS_OK;
}

int cmd_explain(session *s, cmd_args *a)
{
	long n = 0;
	if (a->argc != 2 || (strcmp(a->argv[0], "forward") && strcmp(a->argv[0], "backward")))
		return CMD_ERR(s, a, "usage: %s", a->cmd->usage);
	if (explain_pass(s, a, !strcmp(a->argv[0], "backward")))
		return SESS_ERROR;
	if (cmd_opt_int(s, a, "sample", 0, s->tr.B - 1, &n))
		return SESS_ERROR;
	if (!strcmp(a->argv[0], "forward"))
		return explain_forward(s, a, a->argv[1], (int)n);
	return explain_backward(s, a, a->argv[1], (int)n);
}
