/*
 * clock.c - the system clock, or the fixed clock of ZBB_NOW (see clock.h).
 */
#include "clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int clock_parse(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (n && strspn(s, "0123456789") == n && n <= 12) {
		*out = strtoll(s, NULL, 10);
		return 0;
	}
	if (n != 10 && n != 20)
		return -1;
	if (s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d))
		return -1;
	if (n == 20 && (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
			digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se)))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = (int64_t)timegm(&tm);
	return 0;
}

/* ZBB_NOW, read once: -1 when unset or unreadable (the system clock) */
static int64_t fixed = -1;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void read_fixed(void)
{
	const char *s = getenv("ZBB_NOW");
	int64_t t;
	if (s && *s && !clock_parse(s, &t))
		fixed = t;
}

int64_t clock_now(void)
{
	pthread_once(&fixed_once, read_fixed);
	return fixed >= 0 ? fixed : (int64_t)time(NULL);
}

int64_t clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

char *clock_iso(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, CLOCK_ISO_SZ, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}
