/*
 * words.h - the words a person reads for the codes the reports carry
 * (SPEC §7: 保工资, not `wages`; 集中议价, not `POOLED`), in Chinese or
 * English.  One small table per vocabulary; JSON and CSV for programs keep
 * the codes, text, XLSX and CSV for people show these words.
 *
 * A leaf: static tables, no allocation but into the caller's buffer.
 */
#ifndef ZBB_WORDS_H
#define ZBB_WORDS_H

#include "util.h"

enum words_dict {
	WORDS_NONE,
	WORDS_FINDING,  /* finding codes: POOLED → 集中议价 */
	WORDS_TIER,     /* wages → 保工资 */
	WORDS_KIND,     /* personnel → 人员类 */
	WORDS_YESNO,    /* y/n → 是/否 */
	WORDS_FLAG,     /* look-back flags: low_execution → 执行率偏低 */
	WORDS_STAGE,    /* ledger stages: requested → 申报数, review_round_2 → 第2轮评审 */
	WORDS_ACTION,   /* review actions: cut → 核减 */
	WORDS_GROUP,    /* compare groups: agency → 单位 */
	WORDS_SUMMARY,  /* summary keys: requested_fen → 申报数 */
	WORDS_CONCLUSION, /* evaluation conclusions: partial → 调整后支持 */
	WORDS_SEVERITY, /* error → 错误 */
	WORDS_BUDGET,   /* source budgets: public → 一般公共预算 */
	WORDS_LEVEL1,   /* performance target level 1: output → 产出指标 */
	WORDS_ADJ_KIND, /* adjustment kinds: transfer → 调剂 */
	WORDS_TRIGGER,  /* adjustment triggers: total → 总支出变化 */
	WORDS_ITEM_STATUS, /* a stored item's result: cut → 未安排 */
};

/* The word for one code, or NULL when the vocabulary has none. */
const char *words_for(enum words_dict d, const char *code);
/* The words for a ';'-list of codes, joined by "、" (codes without a word
 * are kept), into out; returns out's text. */
const char *words_list(enum words_dict d, const char *codes, struct buf *out);

#endif
