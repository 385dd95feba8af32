/* ticks.c — tick values ("nice" 1-2-5 steps, decades on a log axis) and their labels, with just
 * enough digits that neighbours differ.
 */
#include "draw.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int plot_ticks(double lo, double hi, int max, double *t)
{
	if (!t || max <= 0 || !isfinite(lo) || !isfinite(hi))
		return 0;
	if (lo > hi) {
		double s = lo;
		lo = hi;
		hi = s;
	}
	double span = hi * 0.5 - lo * 0.5; /* half the span: cannot overflow */
	if (!(span > 0)) {
		t[0] = lo + 0.0;
		return 1;
	}
	/* smallest step of 1, 2 or 5 times a power of ten that yields at most max ticks */
	static const double mant[3] = { 1, 2, 5 };
	int e = (int)floor(log10(span) + log10(2.0 / max)) - 1;
	for (int tries = 0; tries < 40; tries++, e++) {
		for (int m = 0; m < 3; m++) {
			double step = mant[m] * pow(10, e);
			if (!(step > 0) || !isfinite(step))
				continue;
			double first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9);
			double count = last - first + 1;
			if (!isfinite(count) || count > max)
				continue;
			int n = 0;
			for (double k = first; k <= last && n < max; k++) {
				double v = k * step;
				t[n++] = fabs(v) < step * 1e-9 ? 0.0 : v; /* no "-0" or 1e-17 labels */
			}
			return n;
		}
	}
	t[0] = lo + 0.0;
	return 1;
}

/* Log-axis ticks in data units: powers of ten, else 1-2-5 or 1..9 per decade, else linear.
 * llo/lhi are log10 bounds.  t: (max,).  Returns the count. */
static int log_ticks(double llo, double lhi, int max, double *t)
{
	static const int sets[3][10] = { { 1, 0 }, { 1, 2, 5, 0 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 } };
	int count[3];
	for (int s = 0; s < 3; s++) {
		count[s] = 0;
		for (double k = floor(llo); k <= ceil(lhi) && count[s] <= max; k++)
			for (int m = 0; sets[s][m]; m++) {
				double l = k + log10(sets[s][m]);
				if (l >= llo - 1e-9 && l <= lhi + 1e-9)
					count[s]++;
			}
	}
	int pick = -1;
	if (count[0] > max) {
		/* many decades: every 2nd, 5th, ... power; steps are integers since range >= max */
		int n = plot_ticks(llo, lhi, max, t);
		for (int i = 0; i < n; i++)
			t[i] = pow(10, round(t[i]));
		return n;
	}
	if (count[0] >= 3 || max < 3)
		pick = 0;
	else if (count[1] >= 2 && count[1] <= max)
		pick = 1;
	else if (count[0] >= 2)
		pick = 0;
	else if (count[2] >= 2 && count[2] <= max)
		pick = 2;
	if (pick < 0 || count[pick] == 0) {
		int n = plot_ticks(pow(10, llo), pow(10, lhi), max, t), k = 0;
		for (int i = 0; i < n; i++)
			if (t[i] > 0)
				t[k++] = t[i];
		return k;
	}
	int n = 0;
	for (double k = floor(llo); k <= ceil(lhi); k++)
		for (int m = 0; sets[pick][m] && n < max; m++) {
			double l = k + log10(sets[pick][m]);
			if (l >= llo - 1e-9 && l <= lhi + 1e-9)
				t[n++] = sets[pick][m] * pow(10, k);
		}
	return n;
}

/* One tick label: integers plainly, log-axis 1-digit mantissas as 1e-02, else %.<prec>g. */
static void fmt_tick(char *buf, double v, int logy, int prec)
{
	v += 0.0; /* no "-0" */
	if (logy && v > 0) {
		double e = floor(log10(v) + 1e-9), m = v / pow(10, e);
		if (fabs(m - round(m)) < 1e-6 && round(m) < 10) {
			snprintf(buf, LABEL_LEN, "%.0e", v);
			return;
		}
	}
	if (fabs(v) < 1e6 && v == floor(v))
		snprintf(buf, LABEL_LEN, "%.0f", v);
	else
		snprintf(buf, LABEL_LEN, "%.*g", prec, v);
}

/* Labels for tk->v, with just enough precision that neighbours differ. */
void ticks_label(ticks *tk, int logy)
{
	for (int prec = 3; prec <= 12; prec++) {
		int clash = 0;
		for (int i = 0; i < tk->n; i++) {
			fmt_tick(tk->label[i], tk->v[i], logy, prec);
			if (i > 0 && strcmp(tk->label[i], tk->label[i - 1]) == 0)
				clash = 1;
		}
		if (!clash)
			return;
	}
}

int ticks_width(const ticks *tk)
{
	int w = 0;
	for (int i = 0; i < tk->n; i++) {
		int l = (int)strlen(tk->label[i]);
		w = l > w ? l : w;
	}
	return w;
}

/* Tick values and labels for one axis (lo, hi in log10 units when logy), 2..MAX_TICKS of
 * them; the y labels set how wide the left margin is. */
void ticks_make(ticks *t, double lo, double hi, int max, int logy)
{
	max = max < 2 ? 2 : max > MAX_TICKS ? MAX_TICKS : max;
	t->n = logy ? log_ticks(lo, hi, max, t->v) : plot_ticks(lo, hi, max, t->v);
	ticks_label(t, logy);
}
