/*
 * page-dashboard.js - 驾驶舱: the base scenario of the year at a glance.
 * Cards (requested, approved, funded, cut), a waterfall from requested to
 * funded by cause (savings_fen), funded by tier and by function class, the
 * livelihood share and the agencies cut most.  Charts are Apache ECharts
 * (embedded; window.echarts).  An agency user sees its own agency only.
 * Amounts are summed as BigInt fen; charts get 万元 numbers for drawing.
 * Above it all, every role's 待办 (GET /todo, SPEC §11): the agency its own
 * state with the opinions and the control number to meet; reviewers and
 * the budget office the agencies waiting for them, with their actions;
 * and for those two the season's progress, one state tag per agency.
 */
import { get, qs } from './api.js';
import { t } from './i18n.js';
import { h, clear } from './ui.js';
import * as money from './money.js';
import { loadAdopted } from './adopted.js';
import { loadSeason, stateTag, act, actionsFor, issueDialog, opinionBox, STATE_WORDS, ACTION_WORDS } from './season.js';

const CAUSES = ['standard', 'quota', 'pool', 'review', 'evaluation', 'low_execution', 'negative', 'no_basis', 'no_standard', 'affordability', 'capacity'];
const COLORS = ['#1f5fa8', '#3b8bd4', '#6cb0e8', '#e0893a', '#c9453a', '#6a9a3a', '#8a6ac8', '#999'];

function card(label, fen, cls, sub) {
  return h('div.card' + (cls ? '.' + cls : ''), h('div.card-label', label),
    h('div.card-value', money.wan(fen), h('span.unit', t('万元'))), sub ? h('div.card-sub', sub) : null);
}

function chartBox(id, title) {
  return h('section.chart-box', h('h3', title), h('div.chart', { id }));
}

/* 待办: what waits for the signed-in user, with its actions in place */
async function todoBox(ctx, rerender) {
  const role = ctx.me.role;
  let todo, season;
  try {
    [todo, season] = await Promise.all([get('/todo'), loadSeason().catch(() => null)]);
  } catch {
    return null;
  }
  const box = h('section.todo#todo', h('h3', t('待办'), h('span.count', String(todo.todo.length))));
  if (!todo.todo.length) box.append(h('p.muted', t('没有待办事项')));
  const list = h('ul.todo-list');
  let issueOffered = false;
  for (const it of todo.todo) {
    const st = (season && season.byAgency.get(it.agency)) || it;
    const li = h('li.todo-item', { 'data-agency': it.agency, 'data-action': it.action });
    const amounts = [];
    if (it.control_fen != null) {
      const room = money.fen(it.control_fen) - money.fen(it.requested_fen);
      amounts.push(h('span.todo-amt', `${t('控制数')} `, h('b.control', money.wan(it.control_fen)), ` ${t('万元')}`),
        h('span.todo-amt' + (room < 0n ? '.over' : ''), `${t('申报数')} ${money.wan(it.requested_fen)}`, ` · ${room < 0n ? t('超出') : t('剩余')} `, h('b.room', money.wan(room < 0n ? -room : room)), ` ${t('万元')}`));
    } else if (role !== 'agency') {
      amounts.push(h('span.todo-amt', `${t('申报数')} ${money.wan(it.requested_fen)} ${t('万元')}`));
    }
    const buttons = [];
    if (it.action === 'issue') {
      if (!issueOffered) buttons.push(h('button.primary.todo-issue#issue-controls', { type: 'button', on: { click: async () => { if (season && (await issueDialog(season))) rerender(); } } }, t('下达控制数')));
      issueOffered = true;
    } else {
      for (const a of actionsFor(role, st)) {
        if (role === 'agency' && a === 'submit') {
          buttons.push(h('a.button', { href: '#/agency' }, t('去编制')));
        }
        buttons.push(h('button' + (a === 'return' ? '.danger' : '.primary') + '.todo-act', { type: 'button', 'data-act': a, on: { click: async () => {
          const projects = a === 'return' ? (await get('/projects?agency=' + encodeURIComponent(it.agency))).projects : null;
          if (await act(st, a, projects)) rerender();
        } } }, t(ACTION_WORDS[a])));
      }
    }
    clear(li, h('div.todo-line', h('span.todo-who', it.name), stateTag(st), h('span.muted', t('第 {0} 轮', it.round)), h('span.todo-msg', it.message), h('span.spacer'), buttons),
      amounts.length ? h('div.todo-line.sub', amounts) : null,
      role === 'agency' ? opinionBox(it.opinions || []) : (it.opinions || []).length ? h('div.muted', t('曾退回：{0}', it.opinions.map((o) => o.opinion).join('；'))) : null);
    list.append(li);
  }
  box.append(list);
  /* the season's progress: every agency with its state */
  if (season && role !== 'agency') {
    const counts = {};
    for (const a of season.list) counts[a.state] = (counts[a.state] || 0) + 1;
    box.append(h('div.season-progress#season-progress', h('span.muted', `${t('预算编制进度')}${t('：')}`),
      Object.keys(STATE_WORDS).filter((k) => counts[k]).map((k) => h('span.progress-item', { 'data-state': k }, stateTag({ state: k, round: 0 }), ` ${counts[k]}`)),
      h('details.season-agencies', h('summary', t('各单位状态')),
        h('table.grid.season-table', h('thead', h('tr', h('th', t('单位编码')), h('th', t('单位名称')), h('th', t('轮次')), h('th', t('状态')), h('th.num', t('申报数')), h('th.num', t('控制数')))),
          h('tbody', season.list.map((a) => h('tr', { 'data-agency': a.agency }, h('td', a.agency), h('td', a.name), h('td', String(a.round)), h('td', stateTag(a)),
            h('td.num', money.wan(a.requested_fen)), h('td.num', a.control_fen == null ? '' : money.wan(a.control_fen)))))))));
  }
  return box;
}

/* 批复与调整: the agency's adopted budget, its adjustments and the current budget, per project */
function adoptedBox(a, projectName) {
  const yuan = (v) => money.yuan(v);
  const rows = [...a.projects.values()].filter((x) => x.adopted || x.adjusted).sort((x, y) => (x.project < y.project ? -1 : 1));
  return h('section.box.adopted-box#adopted-box',
    h('h3', t('批复与调整'), h('span.muted', ` · ${t('场景')} ${a.scenario} · ${t('单位：元')}`)),
    h('div.cards.small',
      h('div.card', h('div.card-label', t('批复数')), h('div.card-value#adopted-total', yuan(a.total.adopted), h('span.unit', t('元')))),
      h('div.card' + (a.total.adjusted ? '.warn' : ''), h('div.card-label', t('调整')), h('div.card-value#adjusted-total', (a.total.adjusted > 0n ? '+' : '') + yuan(a.total.adjusted), h('span.unit', t('元')))),
      h('div.card.good', h('div.card-label', t('调整后')), h('div.card-value#current-total', yuan(a.total.current), h('span.unit', t('元'))))),
    h('div.table-scroll', h('table.grid.small.adopted-table',
      h('thead', h('tr', h('th', t('项目编码')), h('th', t('项目名称')), h('th.num', t('批复数')), h('th.num', t('调整')), h('th.num', t('调整后')), h('th', t('文号')))),
      h('tbody', rows.map((x) => h('tr', { 'data-project': x.project },
        h('td', h('a', { href: '#/agency/' + encodeURIComponent(x.project) }, x.project)), h('td', projectName.get(x.project) || ''),
        h('td.num.adopted', yuan(x.adopted)), h('td.num.adjusted' + (x.adjusted < 0n ? '.neg' : ''), x.adjusted ? (x.adjusted > 0n ? '+' : '') + yuan(x.adjusted) : '—'),
        h('td.num.current', yuan(x.current)), h('td.muted', [...x.docs].join('、'))))),
      h('tfoot', h('tr.total', h('td', t('合计')), h('td', ''), h('td.num', yuan(a.total.adopted)), h('td.num', (a.total.adjusted > 0n ? '+' : '') + yuan(a.total.adjusted)), h('td.num', yuan(a.total.current)), h('td', ''))))));
}

export async function render(view, ctx) {
  const isAgency = ctx.me.role === 'agency';
  /* after an action the page is drawn again (the route, so charts are released) */
  const todo = await todoBox(ctx, () => window.dispatchEvent(new HashChangeEvent('hashchange')));
  const charts = [];
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el || !window.echarts) return;
    const c = window.echarts.init(el, null, { renderer: 'canvas' });
    c.setOption({ color: COLORS, animationDuration: 300, textStyle: { fontFamily: 'inherit' }, ...option });
    charts.push(c);
  };
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);
  const unprint = printCharts(charts);

  /* once adopted, the year at a glance is the adopted budget */
  const scen = ctx.adopted ? 'adopted' : 'base';
  const scenWord = ctx.adopted ? `${ctx.adopted.scenario}${t('（')}${t('批复数')}${t('）')}` : 'base';
  if (isAgency) {
    /* the projects cut most: the server sums the items not fully funded
     * per project, sorts and pages (12 of total), with the 合计 over all */
    const [ag, cuts] = await Promise.all([get('/reports/agencies?scenario=' + scen),
      get('/reports/cuts' + qs({ scenario: scen, by: 'project', sort: '-cut_fen', offset: 0, limit: 12 }))]);
    const r = ag.rows[0] || { requested_fen: 0, approved_fen: 0, funded_fen: 0 };
    const cutAll = cuts.total_row && cuts.total_row.cut_fen != null ? money.wan(cuts.total_row.cut_fen) : '—';
    /* once adopted: adopted, adjustments and current per project, with their names */
    const [adopted, projects] = ctx.adopted ? await Promise.all([loadAdopted(ctx).catch(() => null), get('/projects?limit=5000').catch(() => ({ rows: [] }))]) : [null, null];
    const projectName = new Map(((projects && (projects.rows || projects.projects)) || []).map((p) => [p.code, p.name]));
    clear(view,
      h('div.page-head', h('h2', t('驾驶舱')), h('span.muted', `${r.name || ''} · ${t('场景')} ${scenWord}`)), todo,
      adopted ? adoptedBox(adopted, projectName) : null,
      h('div.cards',
        card(t('申报数'), r.requested_fen), card(t('审核数'), r.approved_fen), card(t('安排数'), r.funded_fen, 'good'),
        card(t('核减数'), money.fen(r.requested_fen) - money.fen(r.funded_fen), 'warn')),
      h('div.chart-grid.two', h('section.chart-box', h('h3', t('核减最多的项目')),
        h('p.muted#agency-cuts-count', t('共 {0} 个项目未足额安排，核减合计 {1} 万元', cuts.total, cutAll),
          cuts.total > cuts.rows.length ? ` · ${t('图中为前 {0} 个', cuts.rows.length)}` : ''),
        h('div.chart', { id: 'ch-agency-cuts' }))));
    draw('ch-agency-cuts', {
      tooltip: { trigger: 'axis' }, grid: { left: 200, right: 30, top: 10, bottom: 24 },
      xAxis: { type: 'value', name: t('万元'), axisLabel: { hideOverlap: true } }, yAxis: { type: 'category', inverse: true, data: cuts.rows.map((c) => `${c.project} ${c.name}`),
        axisLabel: { fontSize: 11, width: 190, overflow: 'truncate' } },
      series: [{ type: 'bar', data: cuts.rows.map((c) => money.wanNumber(c.cut_fen)), itemStyle: { color: '#e0893a' } }],
    });
    return () => { window.removeEventListener('resize', onResize); unprint(); charts.forEach((c) => c.dispose()); };
  }

  const [s, fn, ag] = await Promise.all([
    get('/reports/summary?scenario=' + scen), get('/reports/functions?scenario=' + scen), get('/reports/agencies?scenario=' + scen)]);
  const requested = money.fen(s.requested_fen), funded = money.fen(s.funded_fen);
  clear(view,
    h('div.page-head', h('h2', t('驾驶舱')), h('span.muted', `${s.year} · ${t('场景')} ${s.scenario}`)), todo,
    h('div.cards',
      card(t('申报数'), requested),
      card(t('审核数'), s.approved_fen),
      card(t('安排数'), funded, 'good', `${t('可用财力')} ${money.wan(s.capacity_fen)}`),
      card(t('核减数'), requested - funded, 'warn', `${t('民生支出占比')} ${money.percent(s.livelihood_share)}`),
      s.shortfall_fen ? card(t('三保缺口'), s.shortfall_fen, 'bad') : null),
    h('div.chart-grid',
      chartBox('ch-waterfall', t('从申报数到安排数')),
      chartBox('ch-tiers', t('按保障档次')),
      chartBox('ch-livelihood', t('民生支出占比')),
      chartBox('ch-functions', t('按功能分类')),
      chartBox('ch-agencies', t('核减最多的单位'))));

  /* waterfall: each cause removes its share, the rest is funded */
  const cats = [t('申报数')], base = [0], vals = [money.wanNumber(requested)];
  let level = requested;
  for (const c of CAUSES) {
    const v = money.fen(s.savings_fen[c]);
    if (!v) continue;
    level -= v;
    cats.push(t('cause:' + c));
    base.push(money.wanNumber(level));
    vals.push(money.wanNumber(v));
  }
  cats.push(t('安排数'));
  base.push(0);
  vals.push(money.wanNumber(funded));
  draw('ch-waterfall', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (p) => `${p[1].name}<br>${p[1].value.toFixed(2)} ${t('万元')}` },
    grid: { left: 60, right: 10, top: 14, bottom: 50 },
    xAxis: { type: 'category', data: cats, axisLabel: { interval: 0, rotate: cats.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: { type: 'value', name: t('万元') },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true } },
      { type: 'bar', stack: 'w', data: vals.map((v, i) => ({ value: v, itemStyle: { color: i === 0 ? '#1f5fa8' : i === vals.length - 1 ? '#3f8f4f' : '#c9453a' } })) },
    ],
  });
  draw('ch-tiers', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 11 } }, grid: { left: 60, right: 10, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: ctx.tiers.map((x) => t('tier:' + x)), axisLabel: { interval: 0, fontSize: 11 } }, yAxis: { type: 'value', name: t('万元') },
    series: ['requested_fen', 'approved_fen', 'funded_fen'].map((k, i) => ({
      type: 'bar', name: [t('申报数'), t('审核数'), t('安排数')][i],
      data: ctx.tiers.map((x) => money.wanNumber((s.tiers.find((y) => y.tier === x) || {})[k] || 0)) })),
  });
  const liv = s.livelihood_share ?? 0;
  draw('ch-livelihood', {
    tooltip: { trigger: 'item' },
    title: { text: money.percent(s.livelihood_share), left: 'center', top: 'center', textStyle: { fontSize: 22 } },
    series: [{ type: 'pie', radius: ['55%', '78%'], label: { show: false },
      data: [{ name: t('民生支出占比'), value: liv }, { name: t('全部'), value: 1 - liv, itemStyle: { color: '#e5e9ef' } }] }],
  });
  const frows = fn.rows.filter((r) => r.code && r.funded_fen).sort((a, b) => b.funded_fen - a.funded_fen).slice(0, 10);
  draw('ch-functions', {
    tooltip: { trigger: 'axis' }, grid: { left: 120, right: 20, top: 10, bottom: 24 },
    xAxis: { type: 'value', name: t('万元'), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', inverse: true, data: frows.map((r) => `${r.code} ${r.name}`), axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' } },
    series: [{ type: 'bar', data: frows.map((r) => ({ value: money.wanNumber(r.funded_fen), itemStyle: { color: r.livelihood === 'y' ? '#3f8f4f' : '#3b8bd4' } })) }],
  });
  const arows = ag.rows.filter((r) => r.code).map((r) => ({ ...r, cut: money.fen(r.requested_fen) - money.fen(r.funded_fen) }))
    .sort((a, b) => (b.cut > a.cut ? 1 : b.cut < a.cut ? -1 : 0)).slice(0, 10);
  draw('ch-agencies', {
    tooltip: { trigger: 'axis' }, grid: { left: 120, right: 20, top: 10, bottom: 24 },
    xAxis: { type: 'value', name: t('万元'), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', inverse: true, data: arows.map((r) => r.name), axisLabel: { fontSize: 11, width: 110, overflow: 'truncate' } },
    series: [{ type: 'bar', data: arows.map((r) => money.wanNumber(r.cut)), itemStyle: { color: '#e0893a' } }],
  });
  return () => { window.removeEventListener('resize', onResize); unprint(); charts.forEach((c) => c.dispose()); };
}

/* Paper: a chart's canvas keeps the size it was drawn at on screen, wider
 * than its box on A4, so printed charts ran into each other.  Before
 * printing every chart is redrawn at the size of its box on paper (app.css
 * @media print: the first chart across the page, the others two to a row,
 * PRINT_H high); after printing, at its screen size again. */
const PRINT_W = 680; /* A4 less 12 mm margins: 186 mm ≈ 703 px, less the boxes' padding */
const PRINT_H = 230;
function printCharts(charts) {
  const before = () => {
    for (const c of charts) {
      const box = c.getDom().closest('.chart-box');
      const wide = !box || box === box.parentElement.firstElementChild || box.parentElement.children.length === 1;
      c.resize({ width: wide ? PRINT_W : Math.floor(PRINT_W / 2) - 24, height: PRINT_H, animation: { duration: 0 } });
    }
  };
  const after = () => charts.forEach((c) => c.resize({ width: 'auto', height: 'auto', animation: { duration: 0 } }));
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  return () => {
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
  };
}
