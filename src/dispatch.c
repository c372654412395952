/*
 * dispatch.c - the sorted command table and the dispatcher that enforces
 * each command's flags.  Model: git.c's commands[], Fossil's dispatch.c.
 */
#include "dispatch.h"
#include "audit.h"
#include "db.h"
#include "http.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const scenarios_writes[] = { "rm", NULL };
static const char *const user_writes[] = { "add", "passwd", "disable", "enable", "role", NULL };
static const char *const region_writes[] = { "add", NULL };

/* Keep sorted by name: command_find bisects, and a test checks it. */
const struct command commands[] = {
	{ "accept", cmd_accept, CMD_BOOK | CMD_WRITES, NULL, "accept AGENCY [--as USER] [--version N]",
	  "审核通过一个单位的送审预算", "accept an agency's submission",
	  "把已送审的单位改为已审核（预算科）。之后由 zbb issue 下达下一轮控制数，最后一轮由 zbb approve 批复。\n--as 用户名：以账簿中该用户的角色和单位办理（不带时为账簿的操作员，可办理任何一步）。",
	  "Moves a submitted agency to accepted (budget office).  Then zbb issue opens the next round with\n"
	  "its control number, or, in the last round, zbb approve approves it.\n--as NAME acts as that user of the book, with its role and agency (without it, as the operator of the book, who may take any step)." },
	{ "adopt", cmd_adopt, CMD_BOOK | CMD_WRITES, NULL, "adopt --scenario S",
	  "批复全年预算（年初预算）", "adopt the year's budget",
	  "所有单位已批复（approve）后，把保存的场景 S 定为本年度的年初预算（批复数）：记入审计日志，\n"
	  "连同其结果的哈希；此后本年度的导入、修改、设置、资金安排、基本支出和编制流程都被拒绝，\n"
	  "说明批复的场景和日期，之后的变更通过预算调整（adjustments）记录。\n"
	  "报表用 --scenario adopted 读取批复的场景。场景运行后账簿有变更时须先重新运行。",
	  "Once every agency is approved, makes the stored scenario S the year's adopted budget:\n"
	  "audited with the hash of its result.  From then on the year's imports, edits, settings,\n"
	  "allocations, basic expenditure and season steps are refused, naming the adoption and its\n"
	  "date; later changes are adjustments.  Reports read it with --scenario adopted.  A\n"
	  "scenario the book has moved past since its run must be run again first." },
	{ "allocate", cmd_allocate, CMD_BOOK | CMD_WRITES, NULL,
	  "allocate [--scenario NAME] [--capacity AMOUNT] [--set KEY=VALUE]…",
	  "按财力安排资金，保存为场景", "fund the approved amounts and store a scenario",
	  "先保工资、保基本民生、保运转，再保大事要事，其余项目按急需、评分择优安排，直到财力用完；\n"
	  "决策包整包安排，先用本项目结转，再用对口的上级专项，最后用一般财力。结果存为场景\n"
	  "（默认 base，同名场景被替换）。--capacity 假设一般财力总额（元），--set 临时改一项设置。\n"
	  "出现三保缺口（SHORTFALL）或超出财政承受能力（OVER_AFFORDABILITY）时退出码为 1。",
	  "Funds wages, basic livelihood and operations first, then major matters, then the rest by\n"
	  "urgency and merit until the money runs out; packages are funded whole, drawing the\n"
	  "project's carryover, then matching earmarked transfers, then general funds.  Stores the\n"
	  "result as a scenario (base by default; a name run again is replaced).  --capacity sets the\n"
	  "general funds' total (yuan) for a what-if; --set overrides a setting for this run.  Exit\n"
	  "status 1 on a SHORTFALL or OVER_AFFORDABILITY." },
	{ "approve", cmd_approve, CMD_BOOK | CMD_WRITES, NULL, "approve AGENCY [--as USER] [--version N]",
	  "批复一个单位的预算（最后一轮）", "approve an agency's budget (last round)",
	  "最后一轮（rounds 设置，默认 2）已审核的单位改为已批复（预算科）。\n--as 用户名：以账簿中该用户的角色和单位办理（不带时为账簿的操作员，可办理任何一步）。",
	  "Moves an agency accepted in the last round (the rounds setting, 2 by default) to approved.\n--as NAME acts as that user of the book, with its role and agency (without it, as the operator of the book, who may take any step)." },
	{ "audit", cmd_audit, CMD_BOOK | CMD_ANY_REGION, NULL, "audit list [--since N] | audit head | audit verify [--head N:HASH] [--data]",
	  "查看或校验审计日志", "list or verify the audit log",
	  "list 按顺序列出审计日志条目（--since N 只列编号大于 N 的；--format json 输出 JSON），\n"
	  "最后列出只计数不逐条记录的变更（如登录失败：每天第一次记一条，其余计数）。\n"
	  "head 显示最后一条的编号和哈希（N:HASH），可交给审计部门或印在批复上，账簿之外留存。\n"
	  "verify 重新计算哈希链：完整时显示 OK（退出码 0），否则指出第一条断裂的条目（退出码 1）。\n"
	  "  --head N:HASH 还要求日志仍有第 N 条且其哈希为 HASH（截掉尾部或整条链重算都会被发现）。\n"
	  "  --data 还逐行核对数据：每一行须与最后一次审计写入时的内容一致，列出每个不一致的行。\n"
	  "每条记录：编号、时间、用户、动作、对象、修改前后的 JSON、上一条的哈希、本条的哈希，\n"
	  "以及写入数据的条目所写的行数和写入后全部数据行摘要之和。",
	  "list prints the audit entries in order (--since N: only ids above N; --format json),\n"
	  "then the changes that are counted rather than listed (failed sign-ins: the first of a\n"
	  "day is an entry, the rest are counted).\n"
	  "head prints the last entry's number and hash (N:HASH), to be kept outside the book (sent\n"
	  "to the auditors, printed on the approval).\n"
	  "verify recomputes the hash chain: OK (exit 0) when unbroken, else the first broken\n"
	  "entry (exit 1).  --head N:HASH also requires that the log still holds entry N with that\n"
	  "hash (a truncated tail or a recomputed chain is found).  --data also checks every row:\n"
	  "its content must be what its last audited write left; each row that differs is named.\n"
	  "Each entry: id, time, user, action, object, JSON before and after, the previous\n"
	  "entry's hash and its own, and for an entry that wrote rows their count and the sum of\n"
	  "all rows' digests after it." },
	{ "backup", cmd_backup, CMD_BOOK | CMD_ANY_REGION, NULL, "backup FILE [--force]",
	  "把账簿完整备份到一个文件", "copy the book to a file, consistently",
	  "用 SQLite 在线备份把账簿复制到 FILE：复制时服务（zbb serve）和其他命令可以照常写入，\n"
	  "备份是某一次提交时的完整账簿。先写入临时文件，完成后才改名为 FILE。FILE 已存在时拒绝，\n"
	  "除非加 --force。恢复：停止服务，用备份文件替换账簿（或用 --book 指向它）。",
	  "Copies the book to FILE with SQLite's online backup: zbb serve and other commands may\n"
	  "go on writing meanwhile, and the copy is the whole book as of one commit.  Written to a\n"
	  "temporary file and renamed to FILE when complete.  An existing FILE is refused unless\n"
	  "--force.  To restore: stop the server and put the copy in the book's place (or --book it)." },
	{ "basic", cmd_basic, CMD_BOOK | CMD_WRITES, NULL, "basic",
	  "按定员定额生成各单位的基本支出项目", "generate each agency's basic expenditure from staff and quotas",
	  "基本支出不逐项申报，由单位人数和定额算出（定员定额）：为每个有适用定额的单位生成\n"
	  "{单位}-RY 人员经费（保工资，刚性）和 {单位}-GY 公用经费（保运转），每条定额一条明细：\n"
	  "单价为支出标准的单价上限（每人每年），数量为定员（实有人数，超编时按编制数）或离退休人数。\n"
	  "替换之前生成的项目；生成的项目不能导入或修改明细，人数或定额变动后重新运行 zbb basic。",
	  "Basic expenditure is not requested line by line: it follows from the staff and the quotas.\n"
	  "For every agency with a quota that applies, writes {agency}-RY personnel (tier wages, rigid)\n"
	  "and {agency}-GY operation (tier operations), one item per quota: the standard's max price\n"
	  "(per head and year) times the staff (the headcount, or the establishment when smaller) or\n"
	  "the retired count.  Replaces earlier generated projects; their items cannot be imported or\n"
	  "edited: run zbb basic again after staff or quotas change." },
	{ "check", cmd_check, CMD_BOOK, NULL,
	  "check [--agency CODE] [--project CODE] [--severity error|adjust|warn] [--format text|json|csv]",
	  "审核：按规则从申报数算出审核数并列出问题", "run every rule from requested to approved amount",
	  "按零基预算规则逐条审核每个项目和明细：政策依据、事前绩效评估、预算评审、负面清单、\n"
	  "支出标准（无标准不安排）、集中议价、定额、回头看（执行率）等，列出每条发现（错误：不予安排；\n"
	  "调整：核减金额；提示：不改变金额）及其核减金额，并按原因汇总。不写入账簿。\n"
	  "--agency、--project 只看一个单位或项目；--severity 只列出该级别的发现；\n"
	  "--format json 输出一个 JSON 文档（findings 与 requested_fen、approved_fen、savings_fen、counts），\n"
	  "--format csv 每条发现一行。有错误时退出状态为 1，否则为 0。",
	  "Checks every project and item against the rules of zero-based budgeting: policy basis,\n"
	  "ex-ante evaluation, budget review, negative list, expenditure standards (no standard, no\n"
	  "money), pooled prices, quotas and the look-back at execution.  Lists every finding (error:\n"
	  "not funded; adjust: amount lowered; warn: nothing changes) with the amount it removes, and\n"
	  "the savings by cause.  Writes nothing.  --agency and --project narrow the view; --severity\n"
	  "lists only that severity; --format json prints one document (findings with requested_fen,\n"
	  "approved_fen, savings_fen and counts); --format csv one finding per row.  Exit status 1\n"
	  "when there are errors, 0 otherwise." },
	{ "codes", cmd_codes, 0, NULL, "codes [function|economic] [PREFIX]",
	  "列出内置的政府收支分类科目", "list the built-in budget classification codes",
	  "功能分类（201–234 类及常用款、项）和部门预算支出经济分类（301–399 类及款）；\n"
	  "PREFIX 只列出以它开头的科目。--format json 输出 JSON。",
	  "Function classes 201–234 with their common 款 and 项, and the department economic\n"
	  "classes 301–399 with their 款; PREFIX limits the list.  --format json prints JSON." },
	{ "copy", cmd_copy, CMD_CREATES, NULL, "copy --from FILE|URL --to FILE|URL",
	  "在 SQLite 与 PostgreSQL 之间复制账簿或一个区划", "copy a book, or one region, between SQLite and PostgreSQL",
	  "--from 和 --to 可以是文件（SQLite）或 postgresql:// 地址（PostgreSQL）。不带 --region 时整本复制到新的账簿，\n"
	  "审计日志随之复制并记下这次复制；--region 代码 只复制该区划的数据、设置和用户，可复制到新的账簿或没有该区划的账簿。\n"
	  "要么全部复制，要么什么都不写。",
	  "--from and --to are files (SQLite) or postgresql:// URLs.  Without --region the whole book goes into a new book,\n"
	  "its audit log with it and this copy recorded; --region CODE copies that region's rows, settings and users into a\n"
	  "new book or one without that region.  All or nothing." },
	{ "demo", cmd_demo, CMD_CREATES, NULL, "demo [--scale N] [--csv DIR] [--stage draft|submitted|returned|accepted|issued|approved] | demo --province [--size PERCENT] [--stage …]",
	  "生成示范城市账簿", "build the demo city book",
	  "按一个真实地级市的样子生成示范城市（约 120 个单位、3,000 个项目、60,000 条明细），\n"
	  "写入账簿（默认 --book demo.db 之外的当前账簿）并显示账簿概况。--scale N 放大 N 倍；\n"
	  "--csv DIR 同时写出各类输入文件，作为格式示例。结果是确定的：同样的参数得到同样的城市。\n"
	  "随后按正常流程运行一轮预算编制（两上两下：送审、部分单位附审核意见退回后再送审、\n"
	  "按首次资金安排下达控制数、按控制数调整、批复）；--stage 停在较早的阶段（draft 不运行）。\n"
	  "--province 在新账簿中生成一个示范省份：省本级、三个市及一个市下的区县共 8 个区划，\n"
	  "每个区划是一个大小不同的示范城市，各自导入、安排资金并运行预算编制；--size 百分数整体缩小。",
	  "Builds a demo city modelled on a real prefecture-level city (about 120 agencies,\n"
	  "3,000 projects, 60,000 items) into the book and prints what it holds.  --scale N\n"
	  "multiplies it; --csv DIR also writes the input files as examples.  Deterministic.\n"
	  "Then runs a budget season through the ordinary transitions (submit, some returned with\n"
	  "opinions and submitted again, control numbers from the first allocation, revised, approved);\n"
	  "--stage stops it earlier (draft: not run).  --province builds a demo province into a new\n"
	  "book: the province's own level, three cities and districts and counties under one, 8 regions,\n"
	  "each a demo city of its own size, each imported, allocated and taken through its season on\n"
	  "its own; --size PERCENT shrinks them all." },
	{ "explain", cmd_explain, CMD_BOOK, NULL, "explain PROJECT[/SEQ] [--scenario S] [--format text|json]",
	  "说明一个项目或明细的金额是怎样算出来的", "show step by step how an item's amount came about",
	  "逐条列出明细从申报数到审核数经过的每一条规则：规则代码、之前和之后的金额、原因。\n"
	  "只给项目编码时说明该项目的全部明细。随后说明资金安排（场景 --scenario，默认 base）：\n"
	  "所在决策包、保障档次和排序、轮到时各来源剩余的资金、从哪里取了多少、安排或未安排的原因。",
	  "Prints, for the item (or every item of the project), each rule that touched it with the\n"
	  "amount before and after and the reason, from the requested to the approved amount; then\n"
	  "the allocation (scenario --scenario, default base): the package, its tier and turn, the\n"
	  "money left in each source when its turn came, what it drew, and why it was funded or cut." },
	{ "export", cmd_export, CMD_BOOK, NULL, "export KIND [--format csv|json|xlsx] [--output FILE]",
	  "导出一类数据", "write one kind of data out",
	  "按导入的格式写出 KIND（agencies bases standards priorities negative pools prices projects\n"
	  "items history sources evaluations reviews targets plans），导出后可原样再导入。\n"
	  "--format xlsx 写出填报模板（默认 KIND.xlsx）：中文表头、下拉列表、第二张表为填表说明，填好后原样导入。",
	  "Writes KIND in the shape import reads, so export then import is lossless.  --format xlsx writes a\n"
	  "template to fill in (default KIND.xlsx): Chinese headers, drop-down lists, a sheet explaining each\n"
	  "column; the filled-in workbook imports unchanged." },
	{ "get", cmd_get, CMD_BOOK, NULL, "get [KEY]",
	  "查看设置", "show settings",
	  "不带 KEY 时列出全部设置、当前值和含义。",
	  "Without KEY, lists every setting with its value and meaning." },
	{ "help", cmd_help, 0, NULL, "help [COMMAND]", "帮助", "help",
	  "zbb help COMMAND 显示一个命令的用法。", "zbb help COMMAND shows one command's usage." },
	{ "import", cmd_import, CMD_BOOK | CMD_WRITES, NULL,
	  "import KIND FILE [--encoding utf-8|gb18030] [--max-errors N] [--max-rows N]",
	  "导入一个输入文件", "load one input file",
	  "读入 CSV（或 XLSX 的第一个工作表），逐行校验；任何一行有错则整个文件不导入，\n"
	  "并逐条报告“文件:行: 列: 原因”。相同的键再次导入时替换原有记录。\n"
	  "文件不是 UTF-8 时按 GB18030 读取并提示；--encoding 可强制指定。\n"
	  "上限：一行最多 1 MiB，一个字段最多 64 KiB，一次最多 --max-rows 行（默认 20,000,000）。",
	  "Reads a CSV (or the first sheet of an XLSX) and checks every row; with any bad row\n"
	  "nothing is written and every error is reported as FILE:LINE: column: reason.\n"
	  "Rows with keys already in the book replace them.  A file that is not UTF-8 is read\n"
	  "as GB18030 (and said so); --encoding forces either.  Limits: a line has at most\n"
	  "1 MiB, a field 64 KiB, an import --max-rows rows (20,000,000 by default)." },
	{ "info", cmd_info, CMD_BOOK, NULL, "info", "显示账簿概况", "show what the book holds",
	  "各类数据的行数、申报总额和资金来源总额。", "Row counts of every kind, the requested total and the sources." },
	{ "init", cmd_init, CMD_CREATES, NULL, "init --year YEAR [--region CODE [--name NAME]]", "新建账簿", "create a book",
	  "新建一个账簿文件（默认 zbb.db，或 --book FILE、环境变量 ZBB_BOOK），设定当前预算年度。\n"
	  "--region 代码：账簿的财政区划（9 位代码，如 430200000；默认 000000000），--name 为其名称。\n"
	  "以后可用 zbb region add 增加区划。",
	  "Creates a book file (zbb.db, --book FILE or $ZBB_BOOK) and sets its budget year.\n"
	  "--region CODE: the book's region (a 9-digit code such as 430200000; 000000000 by default), --name its name.\n"
	  "zbb region add adds more regions later." },
	{ "issue", cmd_issue, CMD_BOOK | CMD_WRITES, NULL, "issue --round R [--scenario S] [--as USER]",
	  "下达第 R 轮控制数（一下）", "issue the control numbers of round R",
	  "第 R−1 轮已审核的每个单位进入第 R 轮编制中，控制数取自 controls 导入的第 R 轮数据，\n"
	  "或用 --scenario S 取该场景安排给各单位的资金合计。仍有单位未审核通过时拒绝；\n"
	  "已下达的控制数不会被覆盖。--as 用户名：以账簿中该用户的角色和单位办理（不带时为账簿的操作员，可办理任何一步）。",
	  "Every agency accepted in round R-1 opens round R as draft, with its control number from the\n"
	  "imported controls of round R, or with --scenario S from that scenario's funding of the agency.\n"
	  "Refused while an agency is not yet accepted; an issued control number is never replaced.\n--as NAME acts as that user of the book, with its role and agency (without it, as the operator of the book, who may take any step)." },
	{ "region", cmd_region, CMD_BOOK | CMD_ANY_REGION, region_writes, "region list | region add CODE NAME",
	  "列出或增加财政区划", "list or add regions",
	  "一个账簿可容纳一个省的各级区划（省、市、县），每一行数据都属于一个区划和一个年度，各区划各自安排资金。\n"
	  "区划代码 9 位：第 3–9 位为 0 是省级，第 5–9 位为 0 是市级，第 7–9 位为 0 是县级。\n"
	  "有多个区划时，其他命令用 --region 代码（或环境变量 ZBB_REGION）选定一个。",
	  "A book may hold a province's regions (province, cities, counties); every row belongs to one region and one year,\n"
	  "and each region is allocated on its own.  A code is 9 digits: digits 3-9 zero a province, 5-9 a city, 7-9 a county.\n"
	  "With several regions the other commands take --region CODE (or $ZBB_REGION)." },
	{ "report", cmd_report, CMD_BOOK, NULL,
	  "report NAME [--scenario S] [--as adopted|current] [--rerun] [--against T] [--agency CODE] [--format text|json|csv|xlsx] [--for excel|data] [--output FILE] [--unit yuan|wan|yi]",
	  "报表", "reports",
	  "NAME：summary（汇总）agencies（分单位）functions（分功能科目）cuts（未足额安排明细）\n"
	  "pools（统筹议价节约）lookback（回头看）ledger（明细台账，含各轮申报快照）rounds（预算编制轮次：各单位每轮申报数、控制数、状态、日期和审核意见）compare（场景对比，需 --against）\n"
	  "disclosure（部门预算公开表公开01–11：部门及所属单位汇总；--agency 指定单位，默认全市汇总）\n"
	  "findings（审核意见和问题清单，--agency 指定单位，--format xlsx 发回单位）\n"
	  "approval（批复：已批准预算的部门预算批复通知，须 --agency，含所属单位；文号为 approval_prefix〔年度〕N号，\n"
	  "N 为单位按编码排序的序号；发文机关取设置 bureau_name；页脚印审计锚点 zbb audit head）。\n"
	  "金额默认以万元显示，各行四舍五入后与合计的尾差计入最大的一行并注明；--output FILE 适用于所有格式\n"
	  "（xlsx 默认写入 NAME-场景.xlsx）。CSV：--for excel 给人看（BOM、中文表头、万元、含合计行，\n"
	  "--output 为 .csv 文件时默认如此），--for data 给程序读（JSON 键名、整数分，标准输出时默认如此）。\n"
	  "disclosure 和 approval 的 CSV 每张表一个文件，写入目录（--output DIR）或压缩包（--output X.zip）。\n"
	  "保存的场景是运行的记录：报表读取运行时的结果；运行后账簿有变更时，文本第一行说明\n"
	  "（JSON 中 stale: true 和运行时间 run_at），--rerun 按当前账簿重算。\n"
	  "批复后（zbb adopt）：批复的场景标为“已批复”，其他场景为“草案”。summary、agencies、disclosure 可加\n"
	  "--as adopted（年初预算，默认）或 --as current（调整后预算 = 每条明细的批复安排数加其全部预算调剂、调整；\n"
	  "不带 --scenario 时即批复的场景，其他场景或未批复时拒绝）。调整的资金来源：调减从该明细最后一笔资金来源起\n"
	  "依次退回（退回该来源的未安排财力）；调增先用同一文号调减退回的资金（按来源编码顺序，所以调剂随资金来源移动、\n"
	  "各来源总额不变），不足部分从该明细的第一个非结转来源（没有时为本年第一个一般财力来源）的未安排财力中安排，\n"
	  "再不足即为新增财力（可用财力相应增加）。JSON 中 as 为 adopted 或 current。",
	  "NAME: summary agencies functions cuts pools lookback ledger (with each round's snapshot) rounds (the season:\n"
	  "per agency and round) compare (needs --against)\n"
	  "disclosure (the department budget disclosure tables 01–11; --agency CODE with its units, default all),\n"
	  "findings (review opinions and findings; --agency CODE, --format xlsx to send back),\n"
	  "approval (the 批复 of the adopted budget for --agency CODE with its units: document number\n"
	  "approval_prefix〔YEAR〕N号, N the agency's place in code order; issuer the setting bureau_name;\n"
	  "the audit head printed as the anchor).\n"
	  "Amounts in 10k yuan by default, rounded so that the rows add up to the totals (the difference\n"
	  "noted); --output FILE works for every format (xlsx defaults to NAME-SCENARIO.xlsx).  CSV:\n"
	  "--for excel for people (BOM, Chinese headers, the unit, totals; the default for a .csv --output),\n"
	  "--for data for programs (JSON keys, integer fen; the default on stdout).  The disclosure's and the approval's\n"
	  "CSV is one file per table, into a folder (--output DIR) or a zip (--output X.zip).\n"
	  "A stored scenario is a record of its run: its reports read the result of that run; when\n"
	  "the book has changed since, text starts with a line saying so (JSON: stale: true and\n"
	  "run_at) and --rerun recomputes it on the book as it is now.\n"
	  "After adoption (zbb adopt) the adopted scenario is titled adopted, the others draft.  summary,\n"
	  "agencies and disclosure take --as adopted (the adopted budget, the default) or --as current (each\n"
	  "item's adopted funded amount plus all its transfers and adjusts; the adopted scenario only, the\n"
	  "default without --scenario).  An adjustment's money: a decrease goes back from the item's last draw\n"
	  "first, to what its source has left; an increase takes first what the same document's decreases\n"
	  "freed (source by source in code order, so a transfer moves money with its sources and no source's\n"
	  "total changes), then the item's first source that is not a carryover (else the year's first general\n"
	  "source): out of what it has left, and beyond that as new money (the capacity grows).  JSON: as is\n"
	  "adopted or current." },
	{ "return", cmd_return, CMD_BOOK | CMD_WRITES, NULL, "return AGENCY|PROJECT… --opinion TEXT [--as USER] [--version N]",
	  "退回一个单位的送审预算并写明审核意见", "return an agency's submission with an opinion",
	  "把已送审的单位退回（评审或预算科），审核意见必填；给项目编码时意见针对这些项目。\n"
	  "单位在再次送审前会在待办中看到意见。--as 用户名：以账簿中该用户的角色和单位办理（不带时为账簿的操作员，可办理任何一步）。",
	  "Returns a submitted agency (reviewer or budget office) with a required opinion; project codes\n"
	  "make the opinion concern those projects.  The agency sees it until it submits again.\n--as NAME acts as that user of the book, with its role and agency (without it, as the operator of the book, who may take any step)." },
	{ "scenarios", cmd_scenarios, CMD_BOOK, scenarios_writes, "scenarios [rm NAME | show NAME [--project CODE]]",
	  "列出、查看或删除资金安排场景", "list, show or remove scenarios",
	  "不带参数列出本年度的场景及其参数和结果；show NAME 显示保存的每条明细的安排数、结果和资金来源\n"
	  "（--project 只看一个项目）；rm NAME 删除一个。",
	  "Lists the year's scenarios with their parameters and results; show NAME shows each item's stored\n"
	  "funded amount, result and sources (--project: one project's); rm NAME removes one." },
	{ "season", cmd_season, CMD_BOOK, NULL, "season [--agency CODE] [--format text|json]",
	  "各单位的预算编制轮次和状态", "the agencies' rounds and states",
	  "每个单位的轮次、状态（编制中、已送审、已退回、已审核、已批复）、申报合计、本轮控制数和未处理的审核意见。",
	  "Each agency's round, state (draft, submitted, returned, accepted, approved), requested total,\n"
	  "the round's control number and the opinions it has yet to answer." },
	{ "serve", cmd_serve, CMD_BOOK | CMD_WRITES, NULL, "serve [--listen ADDRESS:PORT] [--threads N] [--idle-timeout SECONDS] [--max-per-address N]"
	  " [--tls-cert FILE --tls-key FILE] [--trust-proxy ADDRESS] [--access-log FILE|-|off]",
	  "启动 Web 服务（界面和 JSON API）", "serve the web UI and the JSON API",
	  "默认监听 127.0.0.1:8080（端口 0 表示任选空闲端口）；--threads 为工作线程数（默认 4）。\n"
	  "API 位于 /api/v1/，用户由 zbb user 管理；所有写操作都记入审计日志。Ctrl-C 停止。\n"
	  "限制：请求体最多 1 MiB（413），请求行和请求头最多 64 KiB，连接闲置 --idle-timeout 秒\n"
	  "（默认 30）即断开（请求头收齐前 10 秒），同时最多 1024 个连接、每个客户端地址最多\n"
	  "--max-per-address 个（默认 64）；请求头最多 64 个（431），查询参数最多 32 个（414）；\n"
	  "写请求须为 application/json 且来自本站页面（Origin 或 Sec-Fetch-Site）；\n"
	  "每个用户最多 10 个登录会话，超出时结束最早的一个；会话闲置 8 小时或登录 12 小时后结束。\n"
	  "--tls-cert/--tls-key（PEM）启用 HTTPS；--trust-proxy 地址：只信任该反向代理发来的\n"
	  "X-Forwarded-For/-Proto（HTTPS 时 Cookie 带 Secure）。访问日志每个请求一行（时间、客户端、\n"
	  "用户、方法、路由、状态、字节数、毫秒），默认写到标准输出。",
	  "Listens on 127.0.0.1:8080 by default (port 0 picks a free one); --threads sets the\n"
	  "worker threads (4).  The API is under /api/v1/; users come from zbb user; every write\n"
	  "goes to the audit log.  Ctrl-C stops it.  Limits: bodies up to 1 MiB (413), request\n"
	  "line and headers up to 64 KiB, a connection idle for --idle-timeout seconds (30) is\n"
	  "closed (10 s until its headers are in), 1024 connections at once and --max-per-address\n"
	  "(64) from one client address; at most 64 header fields (431) and 32 query arguments\n"
	  "(414); a write must be application/json from this site's pages (Origin or\n"
	  "Sec-Fetch-Site); at most 10 sessions per user, the oldest ended first; a session ends\n"
	  "after 8 hours idle or 12 hours after its sign-in.  --tls-cert/--tls-key (PEM) serve\n"
	  "HTTPS; --trust-proxy ADDRESS believes X-Forwarded-For/-Proto from that reverse proxy only\n"
	  "(cookies are Secure under HTTPS).  The access log, one line a request (time, client,\n"
	  "user, method, route, status, bytes, ms), goes to stdout unless --access-log says." },
	{ "set", cmd_set, CMD_BOOK | CMD_WRITES, NULL, "set KEY VALUE", "修改设置", "change a setting",
	  "设置项见 zbb get；每个值都经过校验。", "See zbb get for the settings; every value is checked." },
	{ "submit", cmd_submit, CMD_BOOK | CMD_WRITES, NULL, "submit AGENCY [--as USER] [--version N]",
	  "单位送审预算（一上、二上…）", "submit an agency's budget",
	  "编制中或已退回的单位送审（预算单位），同时记下各明细的申报数快照。有项目没有明细时拒绝；\n"
	  "从第 2 轮起申报合计超过控制数时拒绝（OVER_CONTROL），说明申报数、控制数和差额。\n--as 用户名：以账簿中该用户的角色和单位办理（不带时为账簿的操作员，可办理任何一步）。",
	  "Submits a draft or returned agency (agency role) and records a snapshot of its requested items.\n"
	  "Refused while a project has no items, and from round 2 while the requested total is above the\n"
	  "control number (OVER_CONTROL), naming both and the difference.\n--as NAME acts as that user of the book, with its role and agency (without it, as the operator of the book, who may take any step)." },
	{ "user", cmd_user, CMD_BOOK | CMD_ANY_REGION, user_writes,
	  "user add NAME --role ROLE [--agency CODE] [--scope] [--password-stdin] | user list |\n"
	  "       user passwd NAME [--password-stdin] | user disable NAME | user enable NAME |\n"
	  "       user role NAME --role ROLE [--agency CODE]",
	  "管理 Web 用户", "manage the web users",
	  "角色：agency（预算单位，须 --agency 指定本年度的一个单位）、reviewer（评审）、budget（预算科）、\n"
	  "viewer（只读）、admin（用户和设置）。密码至少 8 个字符，在终端上输入两次（不回显），\n"
	  "或用 --password-stdin 从标准输入读一行；以 Argon2id 哈希保存。修改密码、停用或改角色会结束其登录会话；\n"
	  "enable 重新启用已停用的用户。最后一位在用的管理员不能被停用或改为其他角色。\n"
	  "用户属于一个区划（--region，账簿只有一个区划时即是它），只能登录服务该区划的 zbb serve；\n"
	  "--scope 允许其读取本区划及下级区划的汇总（report --rollup、regions）。\n"
	  "每次变更都写入审计日志（不含密码）。",
	  "Roles: agency (names an agency of the working year with --agency), reviewer, budget,\n"
	  "viewer (read only) and admin (users and settings).  Passwords have at least 8\n"
	  "characters, typed twice on the terminal without echo or read as one line from stdin\n"
	  "with --password-stdin, and are kept as Argon2id hashes.  A new password, disabling\n"
	  "or a new role ends the user's sessions; enable lets a disabled user in again.  The\n"
	  "last active admin cannot be disabled or given another role.  A user belongs to a region\n"
	  "(--region; a book's only one without it) and signs in at a zbb serve of that region only;\n"
	  "--scope lets it read the roll-ups of its region and those under it.  Every change is in the\n"
	  "audit log (never the password)." },
	{ "version", cmd_version, 0, NULL, "version", "显示版本", "print the version", "", "" },
};
const size_t commands_n = sizeof(commands) / sizeof(commands[0]);

/* The HTTP routes (SPEC §9), enforced by http.c's dispatcher: the flags
 * (R_*) and the role mask are checked before the handler runs.  A test
 * (tests/unit/test_api.c) holds the expected status of every route for
 * every role and fails when a route has no row there. */
#define BUDGET_READERS (ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER)
const struct route routes[] = {
	{ "GET", "/", api_asset_index, 0, 0, "界面", "the UI" },
	{ "GET", "/assets/{name}", api_asset, 0, 0, "界面文件", "UI files" },
	{ "POST", "/api/v1/login", api_login, R_BODY, 0, "登录", "sign in" },
	{ "POST", "/api/v1/logout", api_logout, R_SESSION | R_WRITE, ROLE_ANY, "退出", "sign out" },
	{ "GET", "/api/v1/me", api_me, R_SESSION, ROLE_ANY, "当前用户", "who am I" },
	{ "GET", "/api/v1/agencies", api_agencies, R_SESSION, ROLE_ANY, "预算单位", "agencies" },
	{ "GET", "/api/v1/projects", api_projects_list, R_SESSION, BUDGET_READERS, "项目列表", "projects" },
	{ "POST", "/api/v1/projects", api_project_create, R_SESSION | R_WRITE | R_BODY, ROLE_AGENCY | ROLE_BUDGET,
	  "新建项目", "create a project" },
	{ "GET", "/api/v1/projects/{code}", api_project_get, R_SESSION | R_PROJECT, BUDGET_READERS, "项目", "a project" },
	{ "PUT", "/api/v1/projects/{code}", api_project_update, R_SESSION | R_WRITE | R_BODY | R_PROJECT,
	  ROLE_AGENCY | ROLE_BUDGET, "修改项目", "replace a project" },
	{ "DELETE", "/api/v1/projects/{code}", api_project_delete, R_SESSION | R_WRITE | R_BODY_OPT | R_PROJECT,
	  ROLE_AGENCY | ROLE_BUDGET, "删除项目", "delete a project" },
	{ "POST", "/api/v1/reviews", api_reviews_post, R_SESSION | R_WRITE | R_BODY, ROLE_REVIEWER | ROLE_BUDGET,
	  "预算评审", "record a review" },
	{ "POST", "/api/v1/evaluations", api_evaluations_post, R_SESSION | R_WRITE | R_BODY, ROLE_REVIEWER | ROLE_BUDGET,
	  "事前绩效评估", "record an evaluation" },
	{ "GET", "/api/v1/audit", api_audit, R_SESSION, ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER | ROLE_ADMIN,
	  "审计日志", "the audit log" },
	/* a draft judged by the rules, nothing stored (CSRF all the same: it is a POST with a body) */
	{ "POST", "/api/v1/check", api_check, R_SESSION | R_WRITE | R_BODY | R_STORES_NOTHING, BUDGET_READERS, "草稿审核",
	  "check a draft project" },
	{ "POST", "/api/v1/allocate", api_allocate, R_SESSION | R_WRITE | R_BODY_OPT, ROLE_BUDGET, "资金安排",
	  "run and store a scenario" },
	{ "POST", "/api/v1/adopt", api_adopt, R_SESSION | R_WRITE | R_BODY, ROLE_BUDGET, "批复全年预算",
	  "adopt the year's budget" },
	{ "GET", "/api/v1/adjustments", api_adjustments_get, R_SESSION, BUDGET_READERS, "批复与预算调整记录",
	  "the adoption and the adjustments recorded" },
	{ "POST", "/api/v1/adjustments", api_adjustments_post, R_SESSION | R_WRITE | R_BODY, ROLE_BUDGET,
	  "录入预算调整（调剂、调整）", "record an adjustment of the adopted budget" },
	{ "POST", "/api/v1/whatif", api_whatif, R_SESSION | R_WRITE | R_BODY_OPT | R_STORES_NOTHING, ROLE_BUDGET | ROLE_VIEWER,
	  "假设分析（不保存）", "what-if on capacity, nothing stored" },
	{ "GET", "/api/v1/scenarios", api_scenarios, R_SESSION, ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER,
	  "资金安排场景", "scenarios" },
	{ "GET", "/api/v1/findings", api_findings, R_SESSION, BUDGET_READERS, "审核发现（评审队列）",
	  "the findings of the book (review queue)" },
	{ "GET", "/api/v1/reports/{name}", api_report, R_SESSION, BUDGET_READERS, "报表", "a report" },
	{ "GET", "/api/v1/explain/{code}", api_explain, R_SESSION | R_PROJECT, BUDGET_READERS, "项目金额说明",
	  "how a project's amounts came about" },
	{ "GET", "/api/v1/explain/{code}/{seq}", api_explain, R_SESSION | R_PROJECT, BUDGET_READERS, "明细金额说明",
	  "how an item's amount came about" },
	{ "GET", "/api/v1/users", api_users_list, R_SESSION, ROLE_ADMIN, "用户", "users" },
	{ "POST", "/api/v1/users", api_users_add, R_SESSION | R_WRITE | R_BODY, ROLE_ADMIN, "新增用户", "add a user" },
	{ "PUT", "/api/v1/users/{name}", api_users_update, R_SESSION | R_WRITE | R_BODY, ROLE_ADMIN,
	  "修改密码或停用用户", "a new password, or disable a user" },
	{ "GET", "/api/v1/settings", api_settings_get, R_SESSION, ROLE_ANY, "设置", "settings" },
	{ "PUT", "/api/v1/settings", api_settings_put, R_SESSION | R_WRITE | R_BODY, ROLE_BUDGET | ROLE_ADMIN,
	  "修改设置", "change settings" },
	{ "GET", "/api/v1/lists/{kind}", api_list_get, R_SESSION, BUDGET_READERS, "基础数据清单", "a reference list" },
	{ "PUT", "/api/v1/lists/{kind}", api_list_put, R_SESSION | R_WRITE | R_BODY, ROLE_BUDGET,
	  "新增或修改清单中的一行", "add or replace a row of a list" },
	{ "DELETE", "/api/v1/lists/{kind}", api_list_delete, R_SESSION | R_WRITE | R_BODY, ROLE_BUDGET,
	  "删除清单中的一行", "delete a row of a list" },
	{ "GET", "/api/v1/season", api_season_get, R_SESSION, BUDGET_READERS, "预算编制进度", "the agencies' rounds and states" },
	{ "POST", "/api/v1/season/{agency}/{action}", api_season_post, R_SESSION | R_WRITE | R_BODY_OPT,
	  ROLE_AGENCY | ROLE_REVIEWER | ROLE_BUDGET, "送审、退回、审核通过、下达控制数、批复", "a step of the season" },
	{ "GET", "/api/v1/todo", api_todo, R_SESSION, ROLE_ANY, "待办", "what waits for the signed-in user" },
	{ "POST", "/api/v1/basic", api_basic, R_SESSION | R_WRITE, ROLE_BUDGET, "按定员定额生成基本支出",
	  "generate the basic expenditure from staff and quotas" },
	{ "GET", "/api/v1/codes/{kind}", api_codes, R_SESSION, ROLE_ANY, "政府收支分类科目", "classification codes" },
};
const size_t routes_n = sizeof(routes) / sizeof(routes[0]);

/* The web UI's rights (http.h): from the route table where one route says
 * it; the pages that only read show for these roles. */
const struct ui_right ui_rights[] = {
	{ "editProjects", "PUT", "/api/v1/projects/{code}", 0 },
	{ "review", "POST", "/api/v1/reviews", 0 },
	{ "allocate", "POST", "/api/v1/allocate", 0 },
	{ "adopt", "POST", "/api/v1/adopt", 0 },
	{ "adjust", "POST", "/api/v1/adjustments", 0 },
	{ "page:adjust", "GET", "/api/v1/adjustments", 0 },
	{ "whatif", "POST", "/api/v1/whatif", 0 },
	{ "editLists", "PUT", "/api/v1/lists/{kind}", 0 },
	{ "settings", "PUT", "/api/v1/settings", 0 },
	{ "users", "GET", "/api/v1/users", 0 },
	{ "page:dashboard", "GET", "/api/v1/reports/{name}", 0 },
	{ "page:agency", "GET", "/api/v1/projects", 0 },
	{ "page:review", NULL, NULL, ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER },
	{ "page:alloc", "POST", "/api/v1/whatif", 0 },
	{ "page:reports", "GET", "/api/v1/reports/{name}", 0 },
	{ "page:lists", NULL, NULL, ROLE_REVIEWER | ROLE_BUDGET | ROLE_VIEWER },
	{ "page:audit", "GET", "/api/v1/audit", 0 },
	{ "page:admin", "PUT", "/api/v1/settings", 0 },
};
const size_t ui_rights_n = sizeof(ui_rights) / sizeof(ui_rights[0]);

unsigned ui_right_roles(const struct ui_right *r)
{
	if (!r->pattern)
		return r->roles;
	for (size_t i = 0; i < routes_n; i++)
		if (!strcmp(routes[i].method, r->method) && !strcmp(routes[i].pattern, r->pattern))
			return routes[i].roles;
	return 0;
}

const struct command *command_find(const char *name)
{
	size_t lo = 0, hi = commands_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(commands[mid].name, name);
		if (!c)
			return &commands[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int opt_arg(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		zb_err(L("%s 需要一个值", "%s needs a value"), name);
		*val = NULL;
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int usage_error(const struct command *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zb_verr(fmt, ap);
	va_end(ap);
	if (c)
		fprintf(stderr, "%s: zbb %s\n", L("用法", "usage"), c->usage);
	return EXIT_USAGE;
}

int progress_wanted(void)
{
	return isatty(1) && isatty(2);
}

void progress_draw(const char *label, size_t done, size_t total)
{
	if (!total)
		return;
	int pct = (int)(done * 100 / total);
	int w = pct * 30 / 100;
	fprintf(stderr, "\r%s [", label);
	for (int i = 0; i < 30; i++)
		fputc(i < w ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	fflush(stderr);
}

void progress_done(void)
{
	fputs("\r\033[K", stderr);
	fflush(stderr);
}

int command_writes(const struct command *c, int argc, char **argv)
{
	if (c->flags & CMD_WRITES)
		return 1;
	for (const char *const *s = c->write_subs; s && *s && argc > 1; s++)
		if (!strcmp(argv[1], *s))
			return 1;
	return 0;
}

/* The command reads no one region's rows, or every region's: a book of
 * several regions needs no --region for it (a roll-up without one is of
 * every region). */
static int command_any_region(const struct command *c, int argc, char **argv)
{
	if (c->flags & CMD_ANY_REGION)
		return 1;
	if (strcmp(c->name, "report"))
		return 0;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--rollup") || !strcmp(argv[i], "regions"))
			return 1;
	return 0;
}

int dispatch(struct zb_opts *g, int argc, char **argv)
{
	struct cmd_ctx ctx = { g, NULL, audit_cli_user() };
	if (argc < 1) {
		char *h[] = { "help" };
		return cmd_help(&ctx, 1, h);
	}
	const struct command *c = command_find(argv[0]);
	if (!c) {
		zb_err(L("没有这个命令：%s（见 zbb help）", "no such command: %s (see zbb help)"), argv[0]);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			char *h[] = { "help", (char *)c->name };
			return cmd_help(&ctx, 2, h);
		}
	int rc;
	if (c->flags & CMD_BOOK) {
		struct buf err = BUF_INIT;
		int orc = store_open(g->book, command_writes(c, argc, argv) ? 0 : STORE_READONLY, &ctx.b, &err);
		if (orc) {
			zb_err("%s", buf_str(&err));
			buf_release(&err);
			return orc == STORE_OPEN_FAIL ? EXIT_FAIL : EXIT_USAGE;
		}
		if (g->region) {
			int urc = store_use_region(ctx.b, g->region, &err);
			if (urc) {
				zb_err("%s", buf_str(&err));
				buf_release(&err);
				store_close(ctx.b);
				return urc > 0 ? EXIT_USAGE : EXIT_FAIL;
			}
		} else if (!ctx.b->region[0] && !command_any_region(c, argc, argv)) {
			zb_err(L("%s: 账簿有多个区划，请用 --region 代码（或 ZBB_REGION）指定一个（zbb region list 列出它们）",
				 "%s: the book has several regions; choose one with --region CODE (or ZBB_REGION; zbb region list shows them)"),
			       g->shown);
			buf_release(&err);
			store_close(ctx.b);
			return EXIT_USAGE;
		}
		buf_release(&err);
		if (g->year)
			ctx.b->year = g->year;
		if (!ctx.b->year) {
			zb_err(L("%s: 账簿没有预算年度（运行 zbb init --year 年度）",
				 "%s: the book has no budget year (run zbb init --year YEAR)"),
			       g->shown);
			store_close(ctx.b);
			return EXIT_USAGE;
		}
	}
	rc = c->fn(&ctx, argc, argv);
	/* a write refused because the year is adopted is a refusal, not a failure */
	if (rc == EXIT_FAIL && ctx.b && ctx.b->locked[0])
		rc = EXIT_USAGE;
	store_close(ctx.b);
	return rc;
}

int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc >= 2) {
		const struct command *c = command_find(argv[1]);
		if (!c) {
			zb_err(L("没有这个命令：%s", "no such command: %s"), argv[1]);
			return EXIT_USAGE;
		}
		printf("%s: zbb [--book FILE] [--year Y] [--region CODE] %s\n\n%s\n", L("用法", "usage"), c->usage, L(c->zh, c->en));
		const char *h = L(c->help_zh, c->help_en);
		if (h && *h)
			printf("\n%s\n", h);
		return EXIT_OK;
	}
	printf("%s\n\n%s: zbb [--book FILE | --db postgresql://…] [--year Y] [--region CODE] [--format text|json|csv] [--unit yuan|wan|yi] [--lang zh|en] %s\n\n",
	       L("zbb —— 零基预算管理系统", "zbb — zero-based budgeting for public finance"), L("用法", "usage"),
	       L("命令 …", "COMMAND …"));
	for (size_t i = 0; i < commands_n; i++)
		printf("  %-10s %s\n", commands[i].name, L(commands[i].zh, commands[i].en));
	printf("\n%s\n", L("zbb help 命令 显示详细用法。账簿默认为当前目录的 zbb.db（--book 或 ZBB_BOOK 可改）；"
			     "--db postgresql://用户@主机/库（或 ZBB_DB）把账簿放在 PostgreSQL 中。",
			   "zbb help COMMAND for details.  The book is zbb.db here unless --book or ZBB_BOOK says otherwise;"
			   " --db postgresql://USER@HOST/DB (or ZBB_DB) keeps it in PostgreSQL."));
	return EXIT_OK;
}

int cmd_version(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("zbb %s (sqlite %s, libpq %s, %s %d)\n", ZBB_VERSION, db_version(), db_libpq_version(),
	       L("账簿结构版本", "book schema"), STORE_SCHEMA_VERSION);
	/* with a PostgreSQL book (--db, ZBB_DB), its server's too */
	if (!db_is_url(ctx->g->book))
		return EXIT_OK;
	struct db *db = NULL;
	struct buf err = BUF_INIT;
	if (db_open(ctx->g->book, DB_READONLY, &db, &err)) {
		zb_err(L("无法连接数据库服务器：%s", "cannot reach the database server: %s"), buf_str(&err));
		buf_release(&err);
		return EXIT_FAIL;
	}
	printf("PostgreSQL %s (%s)\n", db_server_version(db), ctx->g->shown);
	db_close(db);
	buf_release(&err);
	return EXIT_OK;
}
