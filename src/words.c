/*
 * words.c - codes → words (see words.h).
 */
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word {
	const char *code, *zh, *en;
};

static const struct word w_finding[] = {
	{ "NO_BASIS", "无政策依据", "no policy basis" },
	{ "EXPIRED_BASIS", "政策依据已失效", "basis expired" },
	{ "NEEDS_EVALUATION", "未经事前绩效评估", "needs an evaluation" },
	{ "EVAL_REJECTED", "评估不予支持", "evaluation rejected" },
	{ "REVIEW_CUT", "评审核减", "cut in review" },
	{ "NEEDS_REVIEW", "须重新评审", "needs a review" },
	{ "NEGATIVE_LIST", "负面清单", "negative list" },
	{ "NEGATIVE_MAJOR", "负面清单（不列大事要事）", "negative list (not major)" },
	{ "UNKNOWN_STANDARD", "支出标准不存在", "unknown standard" },
	{ "STANDARD_MISMATCH", "支出标准与科目不符", "standard mismatch" },
	{ "EXPIRED_STANDARD", "支出标准已失效", "standard expired" },
	{ "NO_STANDARD", "缺少支出标准", "no standard" },
	{ "OVER_STANDARD", "超支出标准", "over the standard" },
	{ "POOLED", "集中议价", "pooled price" },
	{ "OVER_QUOTA", "超数量定额", "over the quota" },
	{ "REVIEW_ADJUSTED", "评审调整", "adjusted in review" },
	{ "EVAL_PARTIAL", "评估调整后支持", "evaluation: partial" },
	{ "LOW_EXECUTION", "执行率偏低", "low execution" },
	{ "DUPLICATE", "重复申报", "duplicate" },
	{ "NOT_ON_LIST", "不在大事要事清单", "not on the list" },
	{ "CARRYOVER", "有结转资金", "has carryover" },
	{ "NO_TARGETS", "缺少绩效目标", "no targets" },
	{ "QUOTA_SPLIT", "拆分申报超数量定额", "quota split over items" },
	{ "OVER_ESTABLISHMENT", "实有人数超编制", "headcount over establishment" },
	{ "TARGET_INCOMPLETE", "绩效目标不完整", "targets incomplete" },
	{ "TARGET_WEIGHTS", "绩效指标权重合计不为100", "target weights do not add up" },
	{ "TARGET_NOT_MEASURABLE", "绩效指标不可衡量", "target not measurable" },
	{ "POOR_SELFEVAL", "绩效自评为差", "poor self-evaluation" },
	{ "OVER_CONTROL", "超控制数", "over the control number" },
	{ "NOT_CONTINUING", "非延续项目", "not continuing" },
	{ "TIER_MISMATCH", "民生档次与科目不符", "livelihood tier off its function" },
	{ "EARMARK_IDLE", "专项资金闲置", "earmarked funds idle" },
	{ "OVER_AFFORDABILITY", "超财政承受能力", "over affordability" },
	{ "CUT_CAPACITY", "财力不足未安排", "cut for capacity" },
	{ "SHORTFALL", "三保缺口", "guarantee shortfall" },
	{ NULL, NULL, NULL },
};
static const struct word w_tier[] = {
	{ "wages", "保工资", "wages" },
	{ "livelihood", "保基本民生", "basic livelihood" },
	{ "operations", "保运转", "operations" },
	{ "major", "大事要事", "major matter" },
	{ "general", "一般项目", "general" },
	{ NULL, NULL, NULL },
};
static const struct word w_kind[] = {
	{ "personnel", "人员类", "personnel" },
	{ "operation", "运转类", "operation" },
	{ "specific", "特定目标类", "specific-purpose" },
	{ NULL, NULL, NULL },
};
static const struct word w_yesno[] = {
	{ "y", "是", "yes" }, { "n", "否", "no" }, { NULL, NULL, NULL },
};
static const struct word w_flag[] = {
	{ "low_execution", "执行率偏低", "low execution" },
	{ "retired", "已退出（本年无此项目）", "retired" },
	{ NULL, NULL, NULL },
};
static const struct word w_stage[] = {
	{ "requested", "申报数", "requested" },
	{ "approved", "审核数", "approved" },
	{ "funded", "安排数", "funded" },
	{ "rule", "规则调整", "rule" },
	{ "finding", "审核问题", "finding" },
	{ "allocation", "资金安排", "allocation" },
	{ NULL, NULL, NULL },
};
static const struct word w_action[] = {
	{ "approve", "核定", "approve" }, { "adjust", "调整", "adjust" }, { "cut", "核减", "cut" },
	{ NULL, NULL, NULL },
};
static const struct word w_group[] = {
	{ "agency", "单位", "agency" }, { "tier", "保障档次", "tier" }, { NULL, NULL, NULL },
};
static const struct word w_summary[] = {
	{ "requested_fen", "申报数", "requested" },
	{ "approved_fen", "审核数", "approved" },
	{ "funded_fen", "安排数", "funded" },
	{ "capacity_fen", "可用财力", "capacity" },
	{ "carryover_fen", "使用结转资金", "carryover drawn" },
	{ "unused_fen", "未安排财力", "unused" },
	{ "earmarked_unused_fen", "其中：未安排的专项转移支付", "of which earmarked, unused" },
	{ "basic_fen", "基本支出", "basic expenditure" },
	{ "shortfall_fen", "三保缺口", "shortfall (三保)" },
	{ "cut_nonrigid_fen", "压减非刚性、非急需支出", "non-rigid, non-urgent cut" },
	{ "base_fen", "上年预算（基数）", "base (last year's budget)" },
	{ "base_growth_fen", "“基数+增长”口径", "base plus growth" },
	{ "savings_fen.standard", "节约：支出标准", "saved: standards" },
	{ "savings_fen.quota", "节约：数量定额", "saved: quotas" },
	{ "savings_fen.pool", "节约：统筹集中议价", "saved: pooled buying" },
	{ "savings_fen.review", "节约：预算评审", "saved: review" },
	{ "savings_fen.evaluation", "节约：事前绩效评估", "saved: evaluation" },
	{ "savings_fen.low_execution", "节约：执行率回头看", "saved: look-back" },
	{ "savings_fen.negative", "节约：负面清单", "saved: negative list" },
	{ "savings_fen.no_basis", "节约：无政策依据", "saved: no basis" },
	{ "savings_fen.no_standard", "节约：无支出标准", "saved: no standard" },
	{ "savings_fen.affordability", "节约：财政承受能力", "saved: affordability" },
	{ "savings_fen.capacity", "节约：财力不足", "saved: capacity" },
	{ "tiers.wages.funded_fen", "安排数：保工资", "funded: wages" },
	{ "tiers.livelihood.funded_fen", "安排数：保基本民生", "funded: basic livelihood" },
	{ "tiers.operations.funded_fen", "安排数：保运转", "funded: operations" },
	{ "tiers.major.funded_fen", "安排数：大事要事", "funded: major matters" },
	{ "tiers.general.funded_fen", "安排数：一般项目", "funded: general" },
	{ NULL, NULL, NULL },
};
static const struct word w_conclusion[] = {
	{ "support", "予以支持", "support" }, { "partial", "调整后支持", "partial" },
	{ "reject", "不予支持", "reject" }, { NULL, NULL, NULL },
};
static const struct word w_severity[] = {
	{ "error", "错误", "error" }, { "adjust", "调整", "adjust" }, { "warn", "提示", "warn" },
	{ NULL, NULL, NULL },
};
static const struct word w_budget[] = {
	{ "public", "一般公共预算", "general public budget" },
	{ "fund", "政府性基金预算", "government fund budget" },
	{ "capital", "国有资本经营预算", "state capital budget" },
	{ "unit", "单位资金", "unit funds" },
	{ NULL, NULL, NULL },
};
static const struct word w_level1[] = {
	{ "output", "产出指标", "output" }, { "benefit", "效益指标", "benefit" },
	{ "satisfaction", "满意度指标", "satisfaction" }, { NULL, NULL, NULL },
};

static const struct word w_adj_kind[] = {
	{ "transfer", "调剂", "transfer" }, { "adjust", "调整", "adjust" }, { NULL, NULL, NULL },
};
/* as the adjustments' import words them (kinds.c e_trigger) */
static const struct word w_trigger[] = {
	{ "total", "总支出变化", "total expenditure changes" },
	{ "fund", "动用预算稳定调节基金", "budget stabilisation fund drawn" },
	{ "key", "调减重点支出", "key expenditure reduced" },
	{ "debt", "增加举借债务", "more borrowing" },
	{ "other", "其他", "other" },
	{ NULL, NULL, NULL },
};

/* as item_status_name (scenario.c) codes them */
static const struct word w_item_status[] = {
	{ "funded", "已安排", "funded" },
	{ "cut", "未安排（资金不足）", "not funded (money ran out)" },
	{ "rejected", "审核未通过", "rejected by the checks" },
	{ NULL, NULL, NULL },
};

static const struct word *const dicts[] = {
	[WORDS_NONE] = NULL,		  [WORDS_FINDING] = w_finding, [WORDS_TIER] = w_tier,
	[WORDS_KIND] = w_kind,		  [WORDS_YESNO] = w_yesno,     [WORDS_FLAG] = w_flag,
	[WORDS_STAGE] = w_stage,	  [WORDS_ACTION] = w_action,   [WORDS_GROUP] = w_group,
	[WORDS_SUMMARY] = w_summary,	  [WORDS_CONCLUSION] = w_conclusion,
	[WORDS_SEVERITY] = w_severity,	  [WORDS_BUDGET] = w_budget,   [WORDS_LEVEL1] = w_level1,
	[WORDS_ADJ_KIND] = w_adj_kind,	  [WORDS_TRIGGER] = w_trigger, [WORDS_ITEM_STATUS] = w_item_status,
};

static const char *lookup(enum words_dict d, const char *code, size_t n)
{
	if (d <= WORDS_NONE || d >= (int)(sizeof dicts / sizeof dicts[0]) || !dicts[d])
		return NULL;
	for (const struct word *w = dicts[d]; w->code; w++)
		if (strlen(w->code) == n && !memcmp(w->code, code, n))
			return L(w->zh, w->en);
	/* the ledger's codes column holds review actions next to findings */
	if (d == WORDS_FINDING)
		return lookup(WORDS_ACTION, code, n);
	return NULL;
}

const char *words_for(enum words_dict d, const char *code)
{
	return code ? lookup(d, code, strlen(code)) : NULL;
}

const char *words_list(enum words_dict d, const char *codes, struct buf *out)
{
	buf_reset(out);
	if (!codes)
		return buf_str(out);
	for (const char *s = codes; *s;) {
		size_t n = strcspn(s, ";");
		const char *w = lookup(d, s, n);
		if (out->len)
			buf_adds(out, L("、", ", "));
		if (w) {
			buf_adds(out, w);
		} else if (d == WORDS_STAGE && n > 13 && !memcmp(s, "review_round_", 13)) {
			/* review_round_N: the Nth round of review */
			buf_printf(out, L("第%.*s轮评审", "review round %.*s"), (int)(n - 13), s + 13);
		} else {
			buf_add(out, s, n);
		}
		s += n;
		if (*s == ';')
			s++;
	}
	return buf_str(out);
}
