/*
 * i18n.js - the UI's words, Chinese first with an English switch.  A text
 * is written in Chinese where it is used, t('保存'); the dictionary below
 * gives its English.  Codes of the contract (findings, tiers, causes,
 * roles, reports) are looked up as 'F:OVER_STANDARD', 'tier:wages' … in
 * both languages.  The choice is remembered in localStorage.
 *
 * Messages that come from the server (finding details, validation errors)
 * are in the server's language (Chinese unless zbb serve runs with an
 * English locale); the finding's code name beside them follows the switch.
 */

/* the finding words are the server's (src/words.c), so that what a badge
 * says is what the search on the server finds and what the files say */
const CODES = {
  'F:NO_BASIS': ['无政策依据', 'no policy basis'],
  'F:EXPIRED_BASIS': ['政策依据已失效', 'basis expired'],
  'F:NEEDS_EVALUATION': ['未经事前绩效评估', 'needs an evaluation'],
  'F:EVAL_REJECTED': ['评估不予支持', 'evaluation rejected'],
  'F:REVIEW_CUT': ['评审核减', 'cut in review'],
  'F:NEEDS_REVIEW': ['须重新评审', 'needs a review'],
  'F:NEGATIVE_LIST': ['负面清单', 'negative list'],
  'F:NEGATIVE_MAJOR': ['负面清单（不列大事要事）', 'negative list (not major)'],
  'F:UNKNOWN_STANDARD': ['支出标准不存在', 'unknown standard'],
  'F:STANDARD_MISMATCH': ['支出标准与科目不符', 'standard mismatch'],
  'F:EXPIRED_STANDARD': ['支出标准已失效', 'standard expired'],
  'F:NO_STANDARD': ['缺少支出标准', 'no standard'],
  'F:OVER_STANDARD': ['超支出标准', 'over the standard'],
  'F:POOLED': ['集中议价', 'pooled price'],
  'F:OVER_QUOTA': ['超数量定额', 'over the quota'],
  'F:REVIEW_ADJUSTED': ['评审调整', 'adjusted in review'],
  'F:EVAL_PARTIAL': ['评估调整后支持', 'evaluation: partial'],
  'F:LOW_EXECUTION': ['执行率偏低', 'low execution'],
  'F:DUPLICATE': ['重复申报', 'duplicate'],
  'F:NOT_ON_LIST': ['不在大事要事清单', 'not on the list'],
  'F:CARRYOVER': ['有结转资金', 'has carryover'],
  'F:NO_TARGETS': ['缺少绩效目标', 'no targets'],
  'F:OVER_CONTROL': ['超控制数', 'over the control number'],
  'F:NOT_CONTINUING': ['非延续项目', 'not continuing'],
  'F:TIER_MISMATCH': ['民生档次与科目不符', 'livelihood tier off its function'],
  'F:OVER_AFFORDABILITY': ['超财政承受能力', 'over affordability'],
  'F:CUT_CAPACITY': ['财力不足未安排', 'cut for capacity'],
  'F:SHORTFALL': ['三保缺口', 'guarantee shortfall'],
  'F:QUOTA_SPLIT': ['拆分申报超数量定额', 'quota split over items'],
  'F:OVER_ESTABLISHMENT': ['实有人数超编制', 'headcount over establishment'],
  'F:TARGET_INCOMPLETE': ['绩效目标不完整', 'targets incomplete'],
  'F:TARGET_WEIGHTS': ['绩效指标权重合计不为100', 'target weights do not add up'],
  'F:TARGET_NOT_MEASURABLE': ['绩效指标不可衡量', 'target not measurable'],
  'F:POOR_SELFEVAL': ['绩效自评为差', 'poor self-evaluation'],
  'F:EARMARK_IDLE': ['专项资金闲置', 'earmarked funds idle'],
  'tier:wages': ['保工资', 'wages'],
  'tier:livelihood': ['保基本民生', 'basic livelihood'],
  'tier:operations': ['保运转', 'operations'],
  'tier:major': ['大事要事', 'major matters'],
  'tier:general': ['一般项目', 'general'],
  'kind:personnel': ['人员类', 'personnel'],
  'kind:operation': ['运转类', 'operation'],
  'kind:specific': ['特定目标类', 'specific-purpose'],
  'cause:standard': ['支出标准', 'standards'],
  'cause:quota': ['数量定额', 'quotas'],
  'cause:pool': ['集中议价', 'pooled buying'],
  'cause:review': ['预算评审', 'review'],
  'cause:evaluation': ['事前绩效评估', 'evaluation'],
  'cause:low_execution': ['执行率回头看', 'look-back'],
  'cause:negative': ['负面清单', 'negative list'],
  'cause:no_basis': ['无政策依据', 'no basis'],
  'cause:no_standard': ['无支出标准', 'no standard'],
  'cause:affordability': ['财政承受能力', 'affordability'],
  'cause:capacity': ['财力不足', 'capacity'],
  'role:agency': ['预算单位', 'agency'],
  'role:reviewer': ['评审', 'reviewer'],
  'role:budget': ['预算科', 'budget office'],
  'role:viewer': ['只读', 'viewer'],
  'role:admin': ['系统管理', 'admin'],
  'sev:error': ['错误', 'error'],
  'sev:adjust': ['调整', 'adjust'],
  'sev:warn': ['提示', 'warning'],
  'report:summary': ['汇总', 'summary'],
  'report:agencies': ['分单位', 'by agency'],
  'report:functions': ['分功能科目', 'by function'],
  'report:cuts': ['未足额安排明细', 'items not fully funded'],
  'report:pools': ['统筹议价节约', 'pooled categories'],
  'report:lookback': ['回头看', 'look-back'],
  'report:ledger': ['明细台账', 'ledger'],
  'report:compare': ['场景对比', 'scenarios compared'],
  'list:bases': ['政策依据', 'policy bases'],
  'list:standards': ['支出标准', 'standards'],
  'list:priorities': ['大事要事清单', 'priorities'],
  'list:negative': ['负面清单', 'negative list'],
  'list:pools': ['统筹类别', 'pools'],
  'list:prices': ['集中议价', 'negotiated prices'],
  'list:sources': ['资金来源', 'sources'],
  'action:approve': ['通过', 'approve'],
  'action:adjust': ['调整', 'adjust'],
  'action:cut': ['核减为零', 'cut'],
  'concl:support': ['予以支持', 'support'],
  'concl:partial': ['调整后支持', 'partial'],
  'concl:reject': ['不予支持', 'reject'],
  'kind:general': ['一般公共预算', 'general budget'],
  'kind:earmarked': ['上级专项转移支付', 'earmarked transfer'],
  'level:national': ['国家', 'national'],
  'level:provincial': ['省级', 'provincial'],
  'level:municipal': ['市级', 'municipal'],
  'scope:all': ['全部项目', 'all projects'],
  'scope:major': ['大事要事', 'major matters'],
  'flag:low_execution': ['执行率偏低', 'low execution'],
  'flag:retired': ['本年无此项目', 'no project this year'],
  'tgt:output': ['产出', 'output'],
  'tgt:benefit': ['效益', 'benefit'],
  'tgt:satisfaction': ['满意度', 'satisfaction'],
  'audit:user.enable': ['启用用户', 'user enabled'],
  'audit:user.role': ['修改用户角色', 'role changed'],
  'audit:user.passwd': ['重置密码', 'password changed'],
  /* audit log actions */
  'audit:book.init': ['建立账簿', 'book created'],
  'audit:evaluation.record': ['记录事前绩效评估', 'evaluation recorded'],
  'audit:list.delete': ['删除清单行', 'list row deleted'],
  'audit:list.put': ['新增或修改清单行', 'list row saved'],
  'audit:project.create': ['新建项目', 'project created'],
  'audit:project.delete': ['删除项目', 'project deleted'],
  'audit:project.update': ['修改项目', 'project changed'],
  'audit:review.record': ['记录评审意见', 'review recorded'],
  'audit:scenario.allocate': ['运行资金安排场景', 'scenario run'],
  'audit:scenario.remove': ['删除场景', 'scenario removed'],
  'audit:session.login': ['登录', 'signed in'],
  'audit:session.login_failed': ['登录失败', 'sign-in failed'],
  'audit:session.logout': ['退出', 'signed out'],
  'audit:settings.set': ['修改设置', 'settings changed'],
  'audit:user.add': ['新增用户', 'user added'],
  'audit:user.disable': ['停用用户', 'user disabled'],
  'audit:user.update': ['修改用户', 'user changed'],
};

/* Chinese → English for the UI's own texts. */
const EN = {
  '零基预算管理系统': 'Zero-based budgeting',
  '驾驶舱': 'Dashboard', '单位申报': 'Agency requests', '预算评审': 'Review', '资金安排': 'Allocation',
  '报表': 'Reports', '基础数据': 'Reference lists', '审计': 'Audit log', '系统': 'System',
  '登录': 'Sign in', '退出': 'Sign out', '用户名': 'User name', '密码': 'Password',
  '用户名或密码不正确': 'wrong user name or password',
  '申报数': 'Requested', '审核数': 'Approved', '安排数': 'Funded', '核减数': 'Cut',
  '未安排': 'Not funded', '可用财力': 'Capacity', '三保缺口': 'Shortfall (guarantees)',
  '从申报数到安排数': 'From requested to funded', '按保障档次': 'By tier', '按功能分类': 'By function class',
  '民生支出占比': 'Livelihood share', '核减最多的单位': 'Agencies cut most', '核减最多的项目': 'Projects cut most',
  '万元': '10k yuan', '元': 'yuan', '场景': 'Scenario', '年度': 'Year',
  '项目': 'Projects', '项目编码': 'Code', '项目名称': 'Name', '类别': 'Kind', '保障档次': 'Tier',
  '功能分类': 'Function', '经济分类': 'Economic', '支出标准': 'Standard', '政策依据': 'Policy basis',
  '明细': 'Line items', '内容': 'Content', '单位': 'Unit', '单价（元）': 'Price (yuan)', '数量': 'Quantity',
  '金额（元）': 'Amount (yuan)', '核定（元）': 'Approved (yuan)', '档次': 'Level', '发现': 'Findings',
  '新建项目': 'New project', '保存后自动编号': 'numbered when saved', '保存并提交': 'Save and submit', '已保存': 'Saved', '删除项目': 'Delete project',
  '添加明细': 'Add item', '删除此行': 'Delete row', '绩效目标': 'Performance targets', '添加目标': 'Add target',
  '一级指标': 'Level 1', '二级指标': 'Level 2', '指标名称': 'Indicator', '运算符': 'Operator', '指标值': 'Value',
  '权重': 'Weight', '刚性': 'Rigid', '急需': 'Urgent', '新增项目': 'New', '大事要事编码': 'Priority',
  '评分': 'Score', '预算单位': 'Agency', '全部': 'All', '返回列表': 'Back to the list',
  '上限': 'max', '项目级发现': 'Project findings', '审核中…': 'checking…', '草稿已审核': 'draft checked',
  '该项目已被他人修改，请刷新后重做': 'The project changed meanwhile; reload and redo',
  '刷新': 'Reload', '关闭': 'Close', '取消': 'Cancel', '确定': 'OK', '搜索': 'Search',
  '只读': 'read only', '定员定额生成，只读': 'generated from staff and quotas: read only', '无权修改': 'read only',
  '评审队列': 'Review queue', '按发现': 'By finding', '按单位': 'By agency', '按档次': 'By tier',
  '评审意见': 'Review', '动作': 'Action', '理由': 'Reason', '轮次': 'Round', '记录评审': 'Record review',
  '评审已记录': 'Review recorded', '事前绩效评估': 'Ex-ante evaluation', '结论': 'Conclusion',
  '调整比例': 'Ratio', '必要性': 'Necessity', '经济性': 'Economy', '绩效目标合理性': 'Targets',
  '可行性': 'Feasibility', '合规性': 'Compliance', '记录评估': 'Record evaluation', '评估已记录': 'Evaluation recorded',
  '总分': 'Score', '评审记录': 'Review rounds', '共 {0} 条': '{0} in all',
  '场景 {0} 运行后账簿已变更（运行于 {1}）；以下按当前账簿重算，不是保存的结果': 'scenario {0}: the book has changed since its run (run at {1}); recomputed on the book as it is now, not the stored result',
  '场景 {0} 运行后账簿已变更（运行于 {1}）；以下是运行时的结果': 'scenario {0}: the book has changed since its run (run at {1}); this is the result of that run',
  '按当前账簿重算': 'Recompute on the book as it is', '看运行时的结果': 'Show the result of the run', '只显示前 {0} 条': 'showing the first {0}',
  '资金来源': 'Sources', '运行场景': 'Run a scenario', '场景名': 'Scenario name', '一般财力（元）': 'General funds (yuan)',
  '留空表示按资金来源': 'empty: the sources as they are', '运行并保存': 'Run and store', '场景已保存': 'Scenario stored',
  '假设分析': 'What-if', '一般财力': 'General funds', '资金线': 'Funding line', '最后安排': 'Last funded',
  '首个未安排': 'First cut', '排序': 'Turn', '决策包': 'Package', '金额': 'Amount', '决定': 'Decision',
  '场景对比': 'Compare scenarios', '对比': 'against', '已安排': 'funded', '未安排（财力不足）': 'cut (capacity)',
  '下载 CSV': 'Download CSV', '下载 XLSX': 'Download XLSX', '报表名': 'Report', '金额单位': 'Unit',
  '说明': 'Explain', '金额说明': 'How the amount came about', '规则': 'Rule', '之前': 'Before', '之后': 'After',
  '资金安排部分': 'Allocation', '从何处安排': 'Drawn from', '轮到时可用': 'Open to it then',
  '新增一行': 'Add a row', '编辑': 'Edit', '删除': 'Delete', '保存': 'Save', '确定删除？': 'Delete it?',
  '已删除': 'Deleted', '审计日志': 'Audit log', '时间': 'Time', '用户': 'User', '对象': 'Object',
  '更早': 'Older', '用户管理': 'Users', '角色': 'Role', '停用': 'Disable', '已停用': 'disabled',
  '新增用户': 'Add user', '设置': 'Settings', '值': 'Value', '默认': 'Default', '含义': 'Meaning',
  '保存设置': 'Save settings', '设置已保存': 'Settings saved', '本单位': 'Own agency',
  '没有数据': 'Nothing here', '加载中…': 'Loading…', '出错了': 'Something went wrong',
  '版本': 'version', '请先在左侧选择一个项目': 'Pick a project on the left', '明细序号': 'Item',
  '审核后': 'approved', '要求': 'required', '英文': 'English', '中文': '中文',
  '行 {0}': 'row {0}', '无': 'none', '是': 'yes', '否': 'no', '合计': 'Total', '节约': 'Saved',
  '上年预算': 'Last year', '编码': 'Code', '使用结转资金': 'Carryover drawn', '未安排财力': 'Unused',
  '单价“{0}”不是金额：请填元，如 1200 或 1200.50': 'price “{0}” is not an amount: write yuan, e.g. 1200 or 1200.50',
  '数量“{0}”不是数量：请填数字，最多四位小数，如 12 或 2.5': 'quantity “{0}” is not a number: at most four decimals, e.g. 12 or 2.5',
  '已删除明细 {0}': 'Line item {0} deleted', '撤销': 'Undo', '已粘贴 {0} 行': '{0} rows pasted', '第 {0} 行': 'row {0}',
  'Enter/Tab 下一格，Insert 插入行，Ctrl+Delete 删除行（Ctrl+Z 撤销），可从 Excel 粘贴多行':
    'Enter/Tab next cell, Insert adds a row, Ctrl+Delete removes it (Ctrl+Z undoes); rows pasted from Excel fill the grid',
  '（本人）': '(you)', '启用': 'Enable', '已启用': 'enabled', '启用用户 {0}': 'Enable user {0}', '启用后该用户可以重新登录。': 'The user can sign in again.',
  '停用用户 {0}': 'Disable user {0}', '停用后该用户不能登录，其登录会话立即结束；可以再启用。': 'The user can no longer sign in and is signed out at once; it can be enabled again.',
  '重置密码': 'Reset password', '重置 {0} 的密码': 'A new password for {0}', '新密码': 'New password', '再输入一次': 'Again',
  '至少 8 个字符；该用户的登录会话将结束。': 'At least 8 characters; the user is signed out.', '密码至少 8 个字符': 'a password has at least 8 characters',
  '两次输入的密码不一致': 'the passwords do not match', '密码已重置': 'Password reset', '改角色': 'Change role',
  '修改 {0} 的角色': 'Change the role of {0}', '只有预算单位角色属于某个单位；该用户的登录会话将结束。': 'Only agency users belong to an agency; the user is signed out.',
  '修改': 'Change', '预算单位用户须选择所属单位': 'an agency user needs its agency', '角色已修改': 'Role changed', '状态': 'Status', '正常': 'active',
  '有未保存的修改（{0}）': 'Unsaved changes ({0})', '项目已在别处保存为第 {0} 版，恢复后请核对': 'the project was saved elsewhere as version {0}: check after restoring',
  '恢复': 'Restore', '放弃': 'Discard', '已恢复未保存的修改': 'Unsaved changes restored', '登录已过期': 'Session expired',
  '请再次输入 {0} 的密码，未保存的修改不会丢失。': 'Type the password of {0} again; nothing unsaved is lost.',
  '{0} 年度': 'budget year {0}', '：': ': ', '、': ', ', '（': ' (', '）': ')', '　': '   ', '结转资金': 'carryover',
  '标题': 'Title', '层级': 'Level', '生效日期': 'Valid from', '失效日期': 'Valid to', '名称': 'Name', '最高单价（元）': 'Max price (yuan)',
  '人均定额': 'Quota per head', '依据': 'Basis', '关键词': 'Keyword', '范围': 'Scope', '统筹类别': 'Pool', '议价（元）': 'Negotiated price (yuan)', '打印': 'Print', '打印时间': 'printed', '共 {0} 条，太多不便打印：请导出 XLSX': '{0} rows are too many to print: export the XLSX',
  '规则调整': 'rule', '评审第 {0} 轮': 'review round {0}',
  /* ui: the project list, pickers, the reviewer's panel */
  '选择功能分类科目': 'Choose the function class', '选择政策依据（可多选）': 'Choose the policy bases (one or more)', '选择大事要事': 'Choose the priority', '选择': 'Choose', '选择经济分类科目': 'Choose the economic class', '输入编码或名称搜索': 'type a code or a name', '已选': 'chosen', 'Enter/Tab 下一格，Insert 插入行，Ctrl+Delete 删除行（Ctrl+Z 撤销），F4 选择经济分类，可从 Excel 粘贴多行': 'Enter/Tab next cell, Insert adds a row, Ctrl+Delete removes it (Ctrl+Z undoes), F4 picks the economic class; rows pasted from Excel fill the grid',
  '请选择两个不同的场景进行对比；只有一个场景时，先运行另一个场景。': 'Choose two different scenarios to compare; with one scenario only, run another first.',
  '必填': 'required', '请填写理由': 'give the reason', '调整须选择一条明细': 'an adjustment needs an item', '请填写调整后的单价或数量': 'give the adjusted price or quantity', '调整后金额 {0} 元高于核定数 {1} 元：评审调整只能调减': 'the adjusted amount {0} yuan is above the approved {1} yuan: a review adjusts down only', '单价 {0} 元 × 数量 {1}，核定 {2} 元': 'price {0} yuan × quantity {1}, approved {2} yuan',
  '编码、名称或档次': 'code, name or tier', '按编码': 'by code', '按名称': 'by name', '按申报数（大到小）': 'by requested (largest first)', '排序': 'Sort',
  '导出': 'Export', '项目、单位、明细或说明': 'project, agency, item or message', '时间（本地）': 'Time (local)',
  '用户、动作或对象': 'user, action or object', '修改前': 'Before', '修改后': 'After',
  '压减非刚性、非急需支出': 'Non-rigid, non-urgent cut', '上年预算（基数）': 'Base (last year)', '“基数+增长”口径': 'Base plus growth', '比上年': 'vs last year', '不存在': 'not found',
};

let lang = localStorage.getItem('zbb.lang') === 'en' ? 'en' : 'zh';

export function getLang() {
  return lang;
}

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  localStorage.setItem('zbb.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

/* t('保存'), t('共 {0} 条', n), t('F:OVER_STANDARD') */
export function t(key, ...args) {
  let s;
  if (CODES[key]) s = CODES[key][lang === 'en' ? 1 : 0];
  else if (/^[a-z]+:/i.test(key)) s = key.slice(key.indexOf(':') + 1);
  else s = lang === 'en' ? EN[key] ?? key : key;
  return args.length ? s.replace(/\{(\d+)\}/g, (_, i) => String(args[+i])) : s;
}

/* For tests and tools: the keys whose English is missing. */
export function missingEnglish(keys) {
  return keys.filter((k) => !CODES[k] && !EN[k]);
}
