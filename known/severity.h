/*
 * severity.h: the five severities of the report contract, their names and
 * the score band of each (critical 9.0-10.0, high 7.0-8.9, medium 4.0-6.9,
 * low 0.1-3.9, info 0.0).
 *
 * The scale every family applies (docs/report.md, "Severity and score"):
 * critical is root alone and now, or periodic unattended execution as
 * root (cron, anacron, a timer, a run-parts directory: the job fires by
 * itself); high is root after an event the user waits for but cannot
 * force (a reboot, a restart or reload, someone's login or sudo); a move
 * to another account that reaches nothing further is medium at most.
 */
#ifndef PRIVMAP_SEVERITY_H
#define PRIVMAP_SEVERITY_H

enum severity {
	SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL,
};
#define SEV_COUNT 5

const char	*severity_name(enum severity);
/* -1 if s names no severity */
int		 severity_parse(const char *s);
/* A score inside the severity's band: weight 0.0 is the band's floor,
 * 1.0 its top (critical 9.0-10.0, high 7.0-8.9, ...; info is 0.0). */
double		 score_in_band(enum severity, double weight);

#endif
