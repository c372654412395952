/*
 * kinds.c - the column tables of SPEC §4 and each kind's consistency rules.
 */
#include "kinds.h"
#include "money.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kind_error(struct kind_sink *s, const char *col, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	s->error(s, col, buf_str(&m));
	buf_release(&m);
}

static const struct enum_val e_level_basis[] = {
	{ "national", "国家" }, { "provincial", "省级" }, { "municipal", "市级" }, { NULL, NULL } };
static const struct enum_val e_neg_scope[] = { { "all", NULL }, { "major", NULL }, { NULL, NULL } };
static const struct enum_val e_kind[] = {
	{ "personnel", "人员类" }, { "operation", "运转类" }, { "specific", "特定目标类" }, { NULL, NULL } };
static const struct enum_val e_tier[] = {
	{ "wages", "保工资" }, { "livelihood", "保基本民生" }, { "operations", "保运转" },
	{ "major", "大事要事" }, { "general", "一般项目" }, { NULL, NULL } };
static const struct enum_val e_scope[] = {
	{ "department", NULL }, { "transfer", NULL }, { "government", NULL }, { NULL, NULL } };
static const struct enum_val e_source_kind[] = {
	{ "general", NULL }, { "earmarked", NULL }, { NULL, NULL } };
static const struct enum_val e_source_budget[] = {
	{ "public", "一般公共预算" }, { "fund", "政府性基金预算" }, { "capital", "国有资本经营预算" },
	{ "unit", "单位资金" }, { NULL, NULL } };
static const struct enum_val e_conclusion[] = {
	{ "support", "予以支持" }, { "partial", "调整后支持" }, { "reject", "不予支持" }, { NULL, NULL } };
static const struct enum_val e_action[] = {
	{ "approve", NULL }, { "adjust", NULL }, { "cut", NULL }, { NULL, NULL } };
static const struct enum_val e_level1[] = {
	{ "output", "产出" }, { "benefit", "效益" }, { "satisfaction", "满意度" }, { NULL, NULL } };
static const struct enum_val e_operator[] = {
	{ "=", NULL }, { ">=", NULL }, { "<=", NULL }, { ">", NULL }, { "<", NULL },
	{ "qualitative", "定性" }, { NULL, NULL } };

static const struct enum_val e_quota_kind[] = {
	{ "personnel", "人员经费" }, { "operation", "公用经费" }, { NULL, NULL } };
static const struct enum_val e_quota_count[] = {
	{ "staff", "定员" }, { "retired", "离退休人数" }, { NULL, NULL } };
static const struct enum_val e_grade[] = {
	{ "excellent", "优" }, { "good", "良" }, { "fair", "中" }, { "poor", "差" }, { NULL, NULL } };

static const struct enum_val e_adj_kind[] = {
	{ "transfer", "调剂" }, { "adjust", "调整" }, { NULL, NULL } };
static const struct enum_val e_trigger[] = {
	{ "total", "总支出变化" }, { "fund", "动用预算稳定调节基金" }, { "key", "调减重点支出" },
	{ "debt", "增加举借债务" }, { "other", "其他" }, { NULL, NULL } };

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define YEARS 1900, 9999

static const struct col c_agencies[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "单位编码" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "单位名称" },
	{ "parent", T_CODE, 0, NULL, NULL, 0, 0, "agencies", "上级单位" },
	{ "headcount", T_INT, 0, "0", NULL, 0, 10000000, NULL, "实有人数" },
	{ "function", T_FUNC, 0, NULL, NULL, 0, 0, NULL, "功能分类" },
	{ "establishment", T_INT, 0, NULL, NULL, 0, 10000000, NULL, "编制数" },
	{ "retired", T_INT, 0, "0", NULL, 0, 10000000, NULL, "离退休人数" },
	{ "class", T_CODE, 0, NULL, NULL, 0, 0, NULL, "定额类别" },
};
static const struct col c_bases[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "依据编码" },
	{ "title", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "文件名称" },
	{ "level", T_ENUM, 0, NULL, e_level_basis, 0, 0, NULL, "层级" },
	{ "valid_from", T_DATE, 0, NULL, NULL, 0, 0, NULL, "生效日期" },
	{ "valid_to", T_DATE, 0, NULL, NULL, 0, 0, NULL, "失效日期" },
};
static const struct col c_standards[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "标准编码" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "标准名称" },
	{ "economic", T_ECON, C_REQ, NULL, NULL, 0, 0, NULL, "经济分类" },
	{ "unit", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "计量单位" },
	{ "max_price", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "单价上限" },
	{ "quota_per_head", T_QTY, 0, NULL, NULL, 0, 0, NULL, "人均数量上限" },
	{ "basis", T_CODE, 0, NULL, NULL, 0, 0, "bases", "依据" },
	{ "valid_from", T_DATE, 0, NULL, NULL, 0, 0, NULL, "生效日期" },
	{ "valid_to", T_DATE, 0, NULL, NULL, 0, 0, NULL, "失效日期" },
};
static const struct col c_priorities[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "事项编码" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "事项名称" },
	{ "rank", T_INT, C_REQ, NULL, NULL, 1, 1000000, NULL, "排序" },
};
static const struct col c_negative[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "编码" },
	{ "description", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "说明" },
	{ "economic", T_ECON_PREFIX, 0, NULL, NULL, 0, 0, NULL, "经济分类前缀" },
	{ "keyword", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "关键词" },
	{ "scope", T_ENUM, 0, "all", e_neg_scope, 0, 0, NULL, "范围" },
	{ "except", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "例外" },
};
static const struct col c_pools[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "统筹类别编码" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "统筹类别名称" },
	{ "economic", T_ECON_PREFIXES, C_REQ, NULL, NULL, 0, 0, NULL, "经济分类前缀" },
};
static const struct col c_prices[] = {
	{ "pool", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "pools", "统筹类别" },
	{ "standard", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "standards", "支出标准" },
	{ "price", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "议价单价" },
};
static const struct col c_projects[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "项目编码" },
	{ "agency", T_CODE, C_REQ, NULL, NULL, 0, 0, "agencies", "预算单位" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "项目名称" },
	{ "kind", T_ENUM, C_REQ, NULL, e_kind, 0, 0, NULL, "项目类别" },
	{ "tier", T_ENUM, C_REQ, NULL, e_tier, 0, 0, NULL, "保障档次" },
	{ "function", T_FUNC, C_REQ, NULL, NULL, 0, 0, NULL, "功能分类" },
	{ "rigid", T_BOOL, 0, "n", NULL, 0, 0, NULL, "刚性" },
	{ "urgent", T_BOOL, 0, "n", NULL, 0, 0, NULL, "急需" },
	{ "new", T_BOOL, 0, "n", NULL, 0, 0, NULL, "新增" },
	{ "basis", T_CODE_LIST, 0, NULL, NULL, 0, 0, NULL, "政策依据" },
	{ "priority", T_CODE, 0, NULL, NULL, 0, 0, NULL, "大事要事" },
	{ "scope", T_ENUM, 0, "department", e_scope, 0, 0, NULL, "范围" },
	{ "score", T_SCORE, 0, NULL, NULL, 0, 0, NULL, "评分" },
	{ "start_year", T_INT, 0, NULL, NULL, YEARS, NULL, "起始年度" },
	{ "end_year", T_INT, 0, NULL, NULL, YEARS, NULL, "终止年度" },
};
static const struct col c_items[] = {
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "seq", T_INT, C_REQ | C_KEY, NULL, NULL, 1, 100000000, NULL, "序号" },
	{ "content", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "内容" },
	{ "economic", T_ECON, C_REQ, NULL, NULL, 0, 0, NULL, "经济分类" },
	{ "standard", T_CODE, 0, NULL, NULL, 0, 0, NULL, "支出标准" },
	{ "unit", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "单位" },
	{ "price", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "单价" },
	{ "quantity", T_QTY, C_REQ, NULL, NULL, 0, 0, NULL, "数量" },
	{ "level", T_INT, 0, "1", NULL, 1, 3, NULL, "决策包档次" },
	{ "source", T_CODE, 0, NULL, NULL, 0, 0, NULL, "资金来源" },
};
static const struct col c_history[] = {
	{ "year", T_INT, C_REQ | C_KEY, NULL, NULL, YEARS, NULL, "年度" },
	{ "agency", T_CODE, C_REQ, NULL, NULL, 0, 0, "agencies", "预算单位" },
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "项目" },
	{ "name", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "项目名称" },
	{ "budget", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "预算数" },
	{ "executed", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "执行数" },
	{ "carryover", T_MONEY, 0, "0", NULL, 0, 0, NULL, "结转" },
	{ "score", T_SCORE, 0, NULL, NULL, 0, 0, NULL, "绩效评分" },
};
static const struct col c_sources[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "来源编码" },
	{ "name", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "来源名称" },
	{ "kind", T_ENUM, C_REQ, NULL, e_source_kind, 0, 0, NULL, "类别" },
	{ "function", T_FUNC_PREFIXES, 0, NULL, NULL, 0, 0, NULL, "功能分类前缀" },
	{ "amount", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "金额" },
	{ "budget", T_ENUM, 0, "public", e_source_budget, 0, 0, NULL, "预算类别" },
};
static const struct col c_evaluations[] = {
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "score", T_SCORE, C_REQ, NULL, NULL, 0, 0, NULL, "评分" },
	{ "conclusion", T_ENUM, C_REQ, NULL, e_conclusion, 0, 0, NULL, "结论" },
	{ "ratio", T_RATIO, 0, NULL, NULL, 0, 0, NULL, "核定比例" },
	{ "necessity", T_DIM, 0, NULL, NULL, 0, 0, NULL, "必要性" },
	{ "economy", T_DIM, 0, NULL, NULL, 0, 0, NULL, "经济性" },
	{ "targets", T_DIM, 0, NULL, NULL, 0, 0, NULL, "绩效目标" },
	{ "feasibility", T_DIM, 0, NULL, NULL, 0, 0, NULL, "可行性" },
	{ "compliance", T_DIM, 0, NULL, NULL, 0, 0, NULL, "合规性" },
	{ "evaluator", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "评估机构" },
	{ "date", T_DATE, 0, NULL, NULL, 0, 0, NULL, "日期" },
};
static const struct col c_reviews[] = {
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "seq", T_INT, C_KEY, NULL, NULL, 1, 100000000, NULL, "序号" },
	{ "round", T_INT, C_KEY, "1", NULL, 1, 99, NULL, "轮次" },
	{ "action", T_ENUM, C_REQ, NULL, e_action, 0, 0, NULL, "处理" },
	{ "price", T_MONEY, 0, NULL, NULL, 0, 0, NULL, "核定单价" },
	{ "quantity", T_QTY, 0, NULL, NULL, 0, 0, NULL, "核定数量" },
	{ "reason", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "理由" },
	{ "reviewer", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "评审人" },
};
static const struct col c_targets[] = {
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "level1", T_ENUM, C_REQ, NULL, e_level1, 0, 0, NULL, "一级指标" },
	{ "level2", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "二级指标" },
	{ "name", T_TEXT, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "三级指标" },
	{ "operator", T_ENUM, C_REQ, NULL, e_operator, 0, 0, NULL, "符号" },
	{ "value", T_TEXT, C_REQ, NULL, NULL, 0, 0, NULL, "指标值" },
	{ "unit", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "计量单位" },
	{ "weight", T_WEIGHT, 0, NULL, NULL, 0, 0, NULL, "权重" },
};
static const struct col c_plans[] = {
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "year", T_INT, C_REQ | C_KEY, NULL, NULL, YEARS, NULL, "年度" },
	{ "amount", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "计划金额" },
};

static const struct col c_quotas[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "定额编码" },
	{ "standard", T_CODE, C_REQ, NULL, NULL, 0, 0, "standards", "支出标准" },
	{ "kind", T_ENUM, C_REQ, NULL, e_quota_kind, 0, 0, NULL, "经费类别" },
	{ "count", T_ENUM, C_REQ, NULL, e_quota_count, 0, 0, NULL, "计算人数" },
	{ "class", T_CODE, 0, NULL, NULL, 0, 0, NULL, "定额类别" },
};
static const struct col c_selfevals[] = {
	{ "year", T_INT, C_REQ | C_KEY, NULL, NULL, YEARS, NULL, "年度" },
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "项目" },
	{ "score", T_SCORE, C_REQ, NULL, NULL, 0, 0, NULL, "自评得分" },
	{ "grade", T_ENUM, 0, NULL, e_grade, 0, 0, NULL, "自评等级" },
	{ "note", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "说明" },
};
static const struct col c_controls[] = {
	{ "agency", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "agencies", "单位" },
	{ "round", T_INT, C_REQ | C_KEY, NULL, NULL, 2, 3, NULL, "轮次" },
	{ "amount", T_MONEY, C_REQ, NULL, NULL, 0, 0, NULL, "控制数" },
	{ "basic", T_MONEY, 0, NULL, NULL, 0, 0, NULL, "其中基本支出" },
	{ "sangong", T_MONEY, 0, NULL, NULL, 0, 0, NULL, "其中三公经费" },
	{ "note", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "说明" },
};

/* adjustments (SPEC §4, §12): one document (code, its 文号) has a line per
 * item it changes; amount is the signed change of that item's budget. */
static const struct col c_adjustments[] = {
	{ "code", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, NULL, "文号" },
	{ "kind", T_ENUM, C_REQ, NULL, e_adj_kind, 0, 0, NULL, "调整类型" },
	{ "date", T_DATE, C_REQ, NULL, NULL, 0, 0, NULL, "日期" },
	{ "project", T_CODE, C_REQ | C_KEY, NULL, NULL, 0, 0, "projects", "项目" },
	{ "seq", T_INT, C_REQ | C_KEY, NULL, NULL, 1, 1000000, NULL, "明细序号" },
	{ "amount", T_MONEY, C_REQ | C_SIGNED, NULL, NULL, 0, 0, NULL, "调整金额" },
	{ "trigger", T_ENUM, 0, NULL, e_trigger, 0, 0, NULL, "调整事由" },
	{ "reason", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "原因" },
	{ "by", T_TEXT, 0, NULL, NULL, 0, 0, NULL, "经办人" },
};

static int date_le(const struct val *a, const struct val *b)
{
	return a->is_null || b->is_null || memcmp(a->s, b->s, 10) <= 0;
}

static void check_agencies(struct kind_sink *ctx, const struct val *v)
{
	if (!v[2].is_null && v[2].n == v[0].n && !memcmp(v[2].s, v[0].s, v[0].n))
		kind_error(ctx, "parent", "%s", L("上级单位不能是本单位", "an agency cannot be its own parent"));
}

static void check_bases(struct kind_sink *ctx, const struct val *v)
{
	if (!date_le(&v[3], &v[4]))
		kind_error(ctx, "valid_to", "%s", L("失效日期早于生效日期", "ends before it starts"));
}

static void check_standards(struct kind_sink *ctx, const struct val *v)
{
	if (!date_le(&v[7], &v[8]))
		kind_error(ctx, "valid_to", "%s", L("失效日期早于生效日期", "ends before it starts"));
}

static void check_negative(struct kind_sink *ctx, const struct val *v)
{
	if (v[2].is_null && v[3].is_null)
		kind_error(ctx, "economic", "%s",
				 L("经济分类前缀和关键词至少填一项", "give an economic prefix, a keyword or both"));
}

static int val_is(const struct val *v, const char *s)
{
	return !v->is_null && v->n == strlen(s) && !memcmp(v->s, s, v->n);
}

static void check_projects(struct kind_sink *ctx, const struct val *v)
{
	if (val_is(&v[3], "personnel") && !val_is(&v[4], "wages"))
		kind_error(ctx, "tier", "%s", L("人员类项目的保障档次应为 wages（保工资）",
						      "a personnel project is of tier wages"));
	if (val_is(&v[3], "operation") && !val_is(&v[4], "operations"))
		kind_error(ctx, "tier", "%s", L("运转类项目的保障档次应为 operations（保运转）",
						      "an operation project is of tier operations"));
	if (val_is(&v[4], "major") && v[10].is_null)
		kind_error(ctx, "priority", "%s",
				 L("大事要事项目须填写所属的大事要事保障清单事项",
				   "a project of tier major names its priority"));
	if (!v[13].is_null && !v[14].is_null && v[13].i > v[14].i)
		kind_error(ctx, "end_year", "%s", L("终止年度早于起始年度", "ends before it starts"));
}

static void check_items(struct kind_sink *ctx, const struct val *v)
{
	zb_fen amount;
	if (money_mul_qty(v[6].i, v[7].i, &amount))
		kind_error(ctx, "quantity", "%s", L("单价×数量超出金额范围", "price × quantity overflows"));
}

static void check_sources(struct kind_sink *ctx, const struct val *v)
{
	if (val_is(&v[2], "earmarked") && v[3].is_null)
		kind_error(ctx, "function", "%s",
				 L("上级专项转移支付须填写适用的功能分类前缀",
				   "an earmarked source names the function prefixes it may fund"));
	if (val_is(&v[2], "general") && !v[3].is_null)
		kind_error(ctx, "function", "%s",
				 L("一般性财力不限定功能分类，应留空", "a general source has no function prefixes"));
}

static void check_evaluations(struct kind_sink *ctx, const struct val *v)
{
	int n_dims = 0;
	int64_t sum = 0;
	for (int i = 4; i <= 8; i++)
		if (!v[i].is_null) {
			n_dims++;
			sum += v[i].i;
		}
	if (n_dims && n_dims < 5)
		kind_error(ctx, "necessity", "%s",
				 L("五个维度（necessity、economy、targets、feasibility、compliance）须全部填写或全部留空",
				   "give all five dimensions (necessity, economy, targets, feasibility, compliance) or none"));
	else if (n_dims == 5 && sum != v[1].i) {
		char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
		kind_error(ctx, "score", L("评分 %s 不等于五个维度之和 %s", "score %s is not the sum %s of the five dimensions"),
				 dec_format_min(v[1].i, 2, a), dec_format_min(sum, 2, b));
	}
	if (val_is(&v[2], "partial") && v[3].is_null)
		kind_error(ctx, "ratio", "%s", L("调整后支持（partial）须填写核定比例",
						       "a partial conclusion needs its ratio"));
	if (!val_is(&v[2], "partial") && !v[3].is_null)
		kind_error(ctx, "ratio", "%s", L("只有调整后支持（partial）才填写比例",
						       "only a partial conclusion has a ratio"));
}

static void check_reviews(struct kind_sink *ctx, const struct val *v)
{
	int whole = v[1].is_null;
	int has_amount = !v[4].is_null || !v[5].is_null;
	if (whole && val_is(&v[3], "adjust"))
		kind_error(ctx, "seq", "%s", L("调整（adjust）须指明明细序号",
						     "an adjust review names an item (seq)"));
	if (val_is(&v[3], "adjust") && !has_amount)
		kind_error(ctx, "price", "%s", L("调整（adjust）须给出核定单价或数量",
						       "an adjust review gives a price, a quantity or both"));
	if (!val_is(&v[3], "adjust") && has_amount)
		kind_error(ctx, !v[4].is_null ? "price" : "quantity", "%s",
				 L("只有调整（adjust）才填写单价或数量", "only an adjust review gives a price or quantity"));
	if (!whole && !v[0].is_null && !ctx->item_exists(ctx, v[0].s, v[0].n, v[1].i))
		kind_error(ctx, "seq", L("项目 %.*s 没有第 %lld 条明细", "project %.*s has no item %lld"),
				 (int)v[0].n, v[0].s, (long long)v[1].i);
}

/* targets: a quantitative target whose value is not a number is kept as
 * given and judged by the rules (TARGET_NOT_MEASURABLE, SPEC §5). */

static void check_controls(struct kind_sink *ctx, const struct val *v)
{
	if (!v[3].is_null && v[3].i > v[2].i)
		kind_error(ctx, "basic", "%s", L("其中基本支出大于控制数", "basic expenditure above the control number"));
	if (!v[4].is_null && v[4].i > v[2].i)
		kind_error(ctx, "sangong", "%s", L("其中三公经费大于控制数", "sangong above the control number"));
}

static void check_adjustments(struct kind_sink *ctx, const struct val *v)
{
	if (val_is(&v[1], "adjust") && v[6].is_null)
		kind_error(ctx, "trigger", "%s",
				 L("预算调整（adjust）须注明调整事由（total 总支出变化、fund 动用预算稳定调节基金、key 调减重点支出、debt 增加举借债务、other 其他）",
				   "an adjust names its trigger (total, fund, key, debt or other)"));
	if (val_is(&v[1], "transfer") && !v[6].is_null)
		kind_error(ctx, "trigger", "%s",
				 L("预算调剂（transfer）不改变总额，不填调整事由", "a transfer does not change the total: no trigger"));
	if (!v[5].is_null && v[5].i == 0)
		kind_error(ctx, "amount", "%s", L("调整金额不能为零", "the change must not be zero"));
	if (!v[3].is_null && !v[4].is_null && !ctx->item_exists(ctx, v[3].s, v[3].n, v[4].i))
		kind_error(ctx, "seq", L("项目 %.*s 没有第 %lld 条明细", "project %.*s has no item %lld"),
				 (int)v[3].n, v[3].s, (long long)v[4].i);
}

#define KIND(name, zh, fy, cols, check) { name, zh, fy, cols, N(cols), check }
const struct kind kinds[] = {
	KIND("agencies", "预算单位", 1, c_agencies, check_agencies),
	KIND("bases", "政策依据", 1, c_bases, check_bases),
	KIND("standards", "支出标准", 1, c_standards, check_standards),
	KIND("priorities", "大事要事保障清单", 1, c_priorities, NULL),
	KIND("negative", "负面清单", 1, c_negative, check_negative),
	KIND("pools", "统筹类别", 1, c_pools, NULL),
	KIND("prices", "集中议价", 1, c_prices, NULL),
	KIND("projects", "项目", 1, c_projects, check_projects),
	KIND("items", "明细", 1, c_items, check_items),
	KIND("history", "历年预算与执行", 0, c_history, NULL),
	KIND("sources", "资金来源", 1, c_sources, check_sources),
	KIND("evaluations", "事前绩效评估", 1, c_evaluations, check_evaluations),
	KIND("reviews", "预算评审", 1, c_reviews, check_reviews),
	KIND("targets", "绩效目标", 1, c_targets, NULL),
	KIND("plans", "中期财政规划", 1, c_plans, NULL),
	KIND("quotas", "定员定额", 1, c_quotas, NULL),
	KIND("selfevals", "绩效自评", 0, c_selfevals, NULL),
	KIND("controls", "控制数", 1, c_controls, check_controls),
	KIND("adjustments", "预算调整", 1, c_adjustments, check_adjustments),
};
const size_t kinds_n = N(kinds);

const struct kind *kind_find(const char *name)
{
	for (size_t i = 0; i < kinds_n; i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

int kind_col(const struct kind *k, const char *name)
{
	for (size_t i = 0; i < k->n_cols; i++)
		if (!strcmp(k->cols[i].name, name))
			return (int)i;
	return -1;
}

const char *kind_sql_col(const struct col *c, char *buf, size_t size)
{
	if (c->type != T_MONEY)
		return c->name; /* the name itself (a hot path: every row of a write) */
	size_t n = strlen(c->name);
	if (n + 5 > size) {
		snprintf(buf, size, "%s_fen", c->name);
		return buf;
	}
	memcpy(buf, c->name, n);
	memcpy(buf + n, "_fen", 5);
	return buf;
}

int kind_col_named(const struct col *c, const char *key)
{
	size_t n = strlen(c->name);
	if (strncmp(key, c->name, n))
		return 0;
	return !key[n] || (c->type == T_MONEY && !strcmp(key + n, "_fen"));
}

int kind_col_is_text(const struct col *c)
{
	return !(c->type == T_MONEY || c->type == T_QTY || c->type == T_INT || c->type == T_SCORE ||
		 c->type == T_DIM || c->type == T_WEIGHT || c->type == T_RATIO || c->type == T_BOOL);
}

int kind_col_zero_is_null(const struct col *c)
{
	return (c->flags & C_KEY) && !(c->flags & C_REQ) && c->type == T_INT && !c->def;
}
