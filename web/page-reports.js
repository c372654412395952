/*
 * page-reports.js - 报表: every report of SPEC §7 on screen, downloadable
 * as CSV and XLSX (the server's files), and the 金额说明 panel on any row
 * that names a project (and item).  An agency user gets its own rows.
 * 批复 (approval) shows the adopted budget's notice and tables for one
 * agency (an agency user: its own), with the workbook to download.
 */
import { get, qs } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, table, select, field, errText, debounce, latest } from './ui.js';
import { vtable } from './vtable.js';
import { fillPrintHead } from './print.js';
import { toast } from './ui.js';
import { showExplain } from './explain.js';
import * as money from './money.js';
import { localTime } from './page-audit.js';

const ALL = ['summary', 'agencies', 'functions', 'cuts', 'pools', 'lookback', 'ledger', 'compare', 'approval'];
const OWN = ['agencies', 'cuts', 'ledger', 'lookback', 'approval'];
/* the 批复's tables (SPEC §12): their columns as report_approval builds them */
const CLASS_COLS = [['code', '科目编码'], ['name', '科目名称'], ['total_fen', '合计', 'money'], ['basic_fen', '基本支出', 'money'], ['project_fen', '项目支出', 'money']];
const APPROVAL = [
  ['totals', '预算总表', [['item', '项目'], ['total_fen', '合计', 'money'], ['public_fen', '一般公共预算拨款', 'money'], ['fund_fen', '政府性基金预算拨款', 'money'],
    ['capital_fen', '国有资本经营预算拨款', 'money'], ['unit_fen', '单位资金', 'money'], ['carryover_fen', '上年结转', 'money']]],
  ['functions', '按支出功能分类', CLASS_COLS],
  ['economic', '按支出经济分类', CLASS_COLS],
  ['projects', '项目及明细', [['project', '项目编码'], ['name', '项目名称／明细内容'], ['function', '功能分类科目'], ['economic', '经济分类科目'], ['funded_fen', '批复数', 'money']]],
];
const SUMMARY_LABEL = {
  requested_fen: '申报数', approved_fen: '审核数', funded_fen: '安排数', capacity_fen: '可用财力', carryover_fen: '使用结转资金',
  unused_fen: '未安排财力', shortfall_fen: '三保缺口', cut_nonrigid_fen: '压减非刚性、非急需支出', base_fen: '上年预算（基数）',
  base_growth_fen: '“基数+增长”口径',
};

/* Words where a person reads (the data keeps its codes): finding codes,
 * the ledger's stages, compare's groups, look-back flags; the agency's
 * name beside its code. */
const STAGE = { requested: '申报数', approved: '审核数', funded: '安排数', rule: '规则调整' };
/* the ledger's stages; round_N is the snapshot of the agency's N-th
 * submission (SPEC §11: 一上数, 二上数, …) */
const SUBMITTED = { 1: '一上数', 2: '二上数', 3: '三上数' };
export function stageWords(v) {
  const m = /^review_round_(\d+)$/.exec(v || '');
  if (m) return t('评审第 {0} 轮', m[1]);
  const s = /^round_(\d+)$/.exec(v || '');
  if (s) return SUBMITTED[s[1]] ? t(SUBMITTED[s[1]]) : t('第 {0} 次送审数', s[1]);
  return STAGE[v] ? t(STAGE[v]) : v;
}
export function codesWords(v) {
  return (v || '').split(';').filter(Boolean).map((c) => (/^[a-z]+$/.test(c) ? t('action:' + c) : t('F:' + c))).join(t('、'));
}
function wordsFor(key, agencyName) {
  if (key === 'agency') return (v) => (v ? `${v} ${agencyName.get(v) || ''}`.trim() : '');
  if (key === 'codes') return (v) => codesWords(v);
  if (key === 'stage') return (v) => stageWords(v);
  if (key === 'group') return (v) => (v === 'agency' ? t('预算单位') : v === 'tier' ? t('保障档次') : v || '');
  if (key === 'code') return (v, r) => (r && r.group === 'tier' ? t('tier:' + v) : v ?? '');
  if (key === 'flag') return (v) => (v ? t('flag:' + v) : '');
  if (key === 'livelihood') return (v) => (v === 'y' ? t('是') : v === 'n' ? t('否') : v || '');
  return undefined;
}

export async function render(view, ctx) {
  const agencyName = new Map(ctx.agencies.map((a) => [a.code, a.name]));
  let names = ctx.me.role === 'agency' ? OWN : ALL;
  let scen = ['base'];
  if (ctx.me.role !== 'agency') {
    const sc = await get('/scenarios');
    scen = ['base', ...sc.scenarios.map((s) => s.name).filter((n) => n !== 'base')];
    /* the 批复 once the year is adopted (an agency user asks, and is told) */
    if (!sc.adopted) names = names.filter((n) => n !== 'approval');
  }
  const st = JSON.parse(sessionStorage.getItem('zbb.report') || '{}');
  const name = select(names.map((n) => [n, t('report:' + n)]), names.includes(st.name) ? st.name : names[0], { id: 'report-name' });
  const scenario = select(scen, scen.includes(st.scenario) ? st.scenario : 'base', { id: 'report-scenario' });
  const against = select(scen, scen[scen.length - 1], { id: 'report-against' });
  const unit = select([['wan', t('万元')], ['yuan', t('元')]], st.unit || 'wan', { id: 'report-unit' });
  const own = ctx.me.role === 'agency' ? ctx.me.agency : null;
  const agencyList = own ? ctx.agencies.filter((a) => a.code === own) : ctx.agencies;
  const agency = select(agencyList.map((a) => [a.code, `${a.code} ${a.name}`]), own || st.agency || agencyList[0]?.code, { id: 'report-agency' });
  const csv = h('a.button#download-csv', { download: '' }, t('下载 CSV'));
  const xlsx = h('a.button#download-xlsx', { download: '' }, t('导出'));
  const printBtn = h('button#print', { type: 'button', on: { click: () => printReport() } }, t('打印'));
  const search = h('input#report-q', { type: 'search', placeholder: t('搜索'), 'aria-label': t('搜索') });
  const out = h('div.report-out#report-out');
  clear(view, h('div.page-head', h('h2', t('报表'))),
    h('div.filters', field(t('报表名'), name), field(t('场景'), scenario), field(t('对比'), against), field(t('批复单位'), agency), field(t('金额单位'), unit),
      field(t('搜索'), search), csv, xlsx, printBtn),
    out);
  let vt = null;
  /* SPEC §12: a stored scenario is a record of its run; when the book has
   * changed since, the report says so and may be recomputed (rerun) */
  let rerun = false;
  function staleBanner(d) {
    if (!d || !d.stale) return null;
    const msg = d.rerun
      ? t('场景 {0} 运行后账簿已变更（运行于 {1}）；以下按当前账簿重算，不是保存的结果', scenario.value, localTime(d.run_at))
      : t('场景 {0} 运行后账簿已变更（运行于 {1}）；以下是运行时的结果', scenario.value, localTime(d.run_at));
    return h('div.stale-banner#stale-banner', h('span', msg), ' ',
      h('button.button#stale-rerun', { type: 'button', on: { click: () => { rerun = !rerun; load(); } } },
        rerun ? t('看运行时的结果') : t('按当前账簿重算')));
  }
  /* the files are the whole result, searched and sorted as on screen */
  function links() {
    if (name.value === 'approval') {
      const q = { agency: agency.value, lang: getLang() };
      csv.href = '/api/v1/reports/approval' + qs({ ...q, format: 'csv' });
      xlsx.href = '/api/v1/reports/approval' + qs({ ...q, format: 'xlsx', unit: unit.value });
      return;
    }
    const q = { scenario: scenario.value, against: name.value === 'compare' ? against.value : null, q: search.value.trim(), sort: vt ? vt.sort : '', rerun: rerun ? 1 : null, lang: getLang() };
    csv.href = `/api/v1/reports/${name.value}` + qs({ ...q, format: 'csv' });
    xlsx.href = `/api/v1/reports/${name.value}` + qs({ ...q, format: 'xlsx', unit: unit.value });
  }
  let printCols = null, printPath = null, printQ = null;
  /* paper gets the whole result (up to 5,000 rows; beyond, the XLSX), with its 合计 row */
  async function printReport() {
    view.dataset.unit = unit.value === 'yuan' ? '元' : '万元';
    if (vt && printCols) {
      if (vt.total > 5000) {
        toast(t('共 {0} 条，太多不便打印：请导出 XLSX', vt.total), 'err');
        return;
      }
      const d = await get(printPath + qs({ ...printQ, offset: 0, limit: 5000, sort: vt.sort, q: search.value.trim() }));
      const rows = d.total_row ? [...d.rows, { ...d.total_row, [printCols[0].key]: d.total_row[printCols[0].key] ?? t('合计') }] : d.rows;
      out.querySelector('.print-table')?.remove();
      out.append(h('div.print-only.print-table', table(printCols, rows, { unit: unit.value, totalLast: !!d.total_row })));
    }
    fillPrintHead();
    window.print();
  }
  /* a report chosen while another is loading wins */
  const turn = latest();
  async function load() {
    const stale = turn();
    sessionStorage.setItem('zbb.report', JSON.stringify({ name: name.value, scenario: scenario.value, unit: unit.value, agency: agency.value }));
    against.parentElement.style.display = name.value === 'compare' ? '' : 'none';
    agency.parentElement.style.display = name.value === 'approval' ? '' : 'none';
    scenario.parentElement.style.display = name.value === 'approval' ? 'none' : '';
    search.parentElement.style.display = name.value === 'summary' || name.value === 'approval' ? 'none' : '';
    const q = { scenario: scenario.value, against: name.value === 'compare' ? against.value : null, rerun: rerun ? 1 : null };
    vt = null;
    links();
    clear(out, h('p.muted', t('加载中…')));
    if (name.value === 'summary') {
      view.dataset.printTitle = t('report:summary');
      view.dataset.unit = unit.value === 'yuan' ? '元' : '万元';
      let r;
      try {
        r = await get(`/reports/summary` + qs(q));
      } catch (e) {
        if (stale()) return;
        clear(out, h('p.error-text', errText(e)));
        return;
      }
      if (stale()) return;
      const rows = [];
      for (const k of ['requested_fen', 'approved_fen', 'funded_fen', 'capacity_fen', 'carryover_fen', 'unused_fen', 'shortfall_fen', 'cut_nonrigid_fen', 'base_fen', 'base_growth_fen'])
        rows.push({ key: t(SUMMARY_LABEL[k]), value: r[k] });
      for (const [k, v] of Object.entries(r.savings_fen)) rows.push({ key: `${t('节约')} · ${t('cause:' + k)}`, value: v });
      clear(out, staleBanner(r), h('h3', `${t('report:summary')} · ${r.year} · ${r.scenario}`),
        h('p', `${t('民生支出占比')}${t('：')}${money.percent(r.livelihood_share)}`),
        table([{ key: 'key', label: '' }, { key: 'value', label: t('金额'), type: 'money' }], rows, { unit: unit.value, cls: 'narrow' }),
        h('h4', t('按保障档次')),
        table([{ key: 'tier', label: t('保障档次'), render: (v) => t('tier:' + v) }, { key: 'requested_fen', label: t('申报数'), type: 'money' },
          { key: 'approved_fen', label: t('审核数'), type: 'money' }, { key: 'funded_fen', label: t('安排数'), type: 'money' }], r.tiers, { unit: unit.value, cls: 'narrow' }));
      return;
    }
    if (name.value === 'approval') {
      /* the 批复 of the adopted budget: the notice, then its four tables */
      let d;
      try {
        d = await get('/reports/approval' + qs({ agency: agency.value, unit: unit.value }));
      } catch (e) {
        if (stale()) return;
        clear(out, h('p.error-text#approval-error', errText(e)));
        return;
      }
      if (stale()) return;
      view.dataset.printTitle = d.title;
      view.dataset.unit = unit.value === 'yuan' ? '元' : '万元';
      const parts = [h('h3#approval-title', d.title), h('p.approval-number', d.document_number),
        ...d.notice.map((p, i) => h(i ? 'p.approval-para' : 'p', p))];
      /* each money cell as the server rounds it, so that rows and columns add up in 万元 (尾差 noted) */
      for (const [key, label, cols] of APPROVAL) {
        const sh = d.shown[key];
        const rows = d[key].map((r, i) => ({ ...r, ...sh.rows[i] }));
        parts.push(h('h4', t(label)), table(cols.map(([k, l, ty]) => ({ key: k, label: t(l), type: ty })), rows, { unit: unit.value }));
        if (sh.notes.length) parts.push(h('p.muted.rounding-note', { 'data-table': key }, `${t('注')}${t('：')}${sh.notes.join('；')}`));
      }
      parts.push(h('p.muted#approval-anchor', `${t('审计锚点')}${t('：')}${d.audit_head}`));
      clear(out, h('div.approval#approval', ...parts));
      return;
    }
    /* the first page tells the columns; the table pages itself from there */
    const path = `/reports/${name.value}`;
    const fetch = (offset, limit, sort, qq) => get(path + qs({ ...q, offset, limit, sort, q: qq }));
    let first;
    try {
      first = await fetch(0, 1, '', search.value.trim());
    } catch (e) {
      if (stale()) return;
      clear(out, h('p.error-text', errText(e)));
      return;
    }
    if (stale()) return;
    const lang = getLang();
    const cols = first.columns.map((c) => ({ key: c.key, label: lang === 'en' ? c.en : c.zh, type: c.type, render: wordsFor(c.key, agencyName) }));
    const hasProject = first.columns.some((c) => c.key === 'project');
    view.dataset.printTitle = `${first.title} · ${first.scenario}${first.against ? ' / ' + first.against : ''}`;
    view.dataset.unit = unit.value === 'yuan' ? '元' : '万元';
    printCols = cols;
    printPath = path;
    printQ = q;
    vt = vtable({
      cols, unit: unit.value,
      fetch: (offset, limit, sort, qq) => fetch(offset, limit, sort, qq).then((d) => { links(); return d; }),
      onRow: hasProject ? (row) => row.project && showExplain(row.project, row.seq, scenario.value) : null,
    });
    vt.setQuery(search.value.trim());
    clear(out, staleBanner(first), h('h3', `${first.title} · ${first.scenario}${first.against ? ' / ' + first.against : ''} `, vt.status), vt.el);
  }
  for (const s of [name, scenario, against, agency]) s.addEventListener('change', () => { rerun = false; load(); });
  unit.addEventListener('change', () => {
    sessionStorage.setItem('zbb.report', JSON.stringify({ name: name.value, scenario: scenario.value, unit: unit.value }));
    if (vt) { vt.setUnit(unit.value); links(); } else load();
  });
  search.addEventListener('input', debounce(() => { if (vt) vt.setQuery(search.value.trim()); }, 250));
  await load();
}
