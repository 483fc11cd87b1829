/*
 * severity.c: the severity scale and its score bands (report contract,
 * "severity"). Pure functions of their arguments.
 */
#include <math.h>
#include <string.h>

#include "known/severity.h"

static const char *const sev_names[SEV_COUNT] = {
	"info", "low", "medium", "high", "critical",
};

/* The bands code-scanning tools use (report contract, "severity"). */
static const double band_lo[SEV_COUNT] = { 0.0, 0.1, 4.0, 7.0, 9.0 };
static const double band_hi[SEV_COUNT] = { 0.0, 3.9, 6.9, 8.9, 10.0 };

const char *
severity_name(enum severity s)
{
	return (unsigned)s < SEV_COUNT ? sev_names[s] : "info";
}

int
severity_parse(const char *s)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

double
score_in_band(enum severity s, double weight)
{
	double v;

	if ((unsigned)s >= SEV_COUNT)
		s = SEV_INFO;
	if (!(weight >= 0.0))
		weight = 0.0;
	if (weight > 1.0)
		weight = 1.0;
	v = band_lo[s] + weight * (band_hi[s] - band_lo[s]);
	v = floor(v * 10.0 + 0.5) / 10.0;
	if (v < band_lo[s])
		v = band_lo[s];
	if (v > band_hi[s])
		v = band_hi[s];
	return v;
}
