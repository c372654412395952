/*
 * clock.h - the one clock of zbb.  When the environment variable ZBB_NOW
 * holds a time ("2026-11-01T09:00:00Z", "2026-11-01" or seconds since the
 * epoch) every reading returns it, so tests get reproducible audit
 * entries, session times and dates; otherwise the system clock.  An
 * unreadable ZBB_NOW is ignored (the system clock is used).  ZBB_NOW is
 * read once, at the first reading of the clock; thread-safe.  Every
 * module takes the time from here (audit entries, sessions, scenarios'
 * run times), never from time() or getenv itself.
 */
#ifndef ZBB_CLOCK_H
#define ZBB_CLOCK_H

#include <stdint.h>

#define CLOCK_ISO_SZ 24

/* Seconds since the epoch, UTC. */
int64_t clock_now(void);
/* t as "YYYY-MM-DDTHH:MM:SSZ" in buf (CLOCK_ISO_SZ bytes); returns buf. */
char *clock_iso(int64_t t, char *buf);
/* Parse the forms ZBB_NOW accepts; 0 or -1. */
int clock_parse(const char *s, int64_t *out);
/* Nanoseconds on the monotonic clock, for measuring how long something
 * took (never ZBB_NOW's: a duration is not a date). */
int64_t clock_mono_ns(void);

#endif
