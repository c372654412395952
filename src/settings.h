/*
 * settings.h - the settings of SPEC §3 as one declarative table: each
 * key's type, range, default and meaning.  `zbb get` and `zbb set`, the
 * API's settings routes, `allocate --set` and the model all go through it,
 * so a setting is checked, normalised and parsed in exactly one way.
 *
 * A stored value is the text the user gave after settings_check
 * normalised it ("5000000", "0.8", "205;206").  struct model_settings is
 * that text parsed to exact integers (fen, millionths, function classes)
 * for the core.  Pure: no I/O; the table is static.
 */
#ifndef ZBB_SETTINGS_H
#define ZBB_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include "money.h"
#include "util.h"

enum standards_mode { STD_COVERED, STD_ALL, STD_OFF };

#define SETTINGS_MAX_LIVELIHOOD 64
#define SETTINGS_TEXT_MAX 120 /* bytes of a SET_TEXT value */

/* The settings parsed, exact. */
struct model_settings {
	zb_fen eval_threshold_fen;
	zb_fen rereview_threshold_fen;
	enum standards_mode standards_required;
	int64_t low_execution;       /* millionths (RATIO_ONE = 1) */
	int64_t growth;              /* millionths */
	int64_t affordability_ratio; /* millionths */
	int livelihood[SETTINGS_MAX_LIVELIHOOD]; /* function classes, e.g. 205 */
	int n_livelihood;
	int rounds;                  /* rounds of the season: index of "2", "3" (season_rounds_of reads the text) */
	char approval_prefix[SETTINGS_TEXT_MAX + 1]; /* the 批复's document number prefix ("财预") */
	char bureau_name[SETTINGS_TEXT_MAX + 1];     /* the finance bureau issuing it ("市财政局") */
};

enum setting_type {
	SET_MONEY,      /* yuan, as money_parse reads it; kept in fen */
	SET_RATIO,      /* a decimal in [0, max], up to 6 places; kept in millionths */
	SET_CHOICE,     /* one of choices[]; kept as its index in an enum field */
	SET_FUNC_CLASSES, /* ';'-list of 3-digit function classes */
	SET_TEXT,       /* words people read: 1..max characters, no spaces at either end, no control
			 * characters, no ASCII spaces when choices is non-NULL (unused otherwise) */
};

struct setting_def {
	const char *key;
	enum setting_type type;
	const char *def;               /* the default, as stored */
	int64_t max;                   /* SET_RATIO: millionths; SET_TEXT: characters */
	const char *const *choices;    /* SET_CHOICE: NULL-ended */
	size_t offset;                 /* the field in struct model_settings (not SET_FUNC_CLASSES) */
	const char *zh, *en;           /* meaning */
};

/* Sorted by key (the order `zbb get` lists them in). */
extern const struct setting_def settings_table[];
extern const size_t settings_n;

const struct setting_def *settings_find(const char *key);
/* Validate and normalise a value; 0, or -1 with the reason (naming the
 * key) in err. */
int settings_check(const char *key, const char *value, struct buf *norm, struct buf *err);
/* Check value and set the key's field of s.  0, or -1 with the reason. */
int settings_apply(struct model_settings *s, const char *key, const char *value, struct buf *err);
/* Every key at its default. */
void settings_default(struct model_settings *s);

#endif
