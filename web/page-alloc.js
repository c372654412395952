/*
 * page-alloc.js - 资金安排: the year's sources; running and storing a
 * scenario (budget office); a capacity slider for what-if that re-runs only
 * the allocation on the server (POST /api/v1/whatif, nothing stored) and
 * moves the funding line live; two scenarios side by side.
 */
import { get, post, qs } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, toast, errText, debounce, table, select, field, latest } from './ui.js';
import * as money from './money.js';
import { loadSeason } from './season.js';
import { dialog } from './dialog.js';

const WAN = 1000000n; /* fen in 10k yuan */

export async function render(view, ctx) {
  const [src, sc] = await Promise.all([get('/lists/sources'), get('/scenarios')]);
  const names = ['base', ...sc.scenarios.map((s) => s.name).filter((n) => n !== 'base')];
  let addScenario = () => {};
  const srcTable = table([
    { key: 'code', label: t('编码') }, { key: 'name', label: t('资金来源') }, { key: 'kind', label: t('类别') },
    { key: 'function', label: t('功能分类') }, { key: 'amount_fen', label: t('金额') + t('（') + t('万元') + t('）'), type: 'money' }], src.rows);

  /* run a scenario */
  const runBox = ctx.can.allocate ? (() => {
    const name = h('input#run-name', { value: 'base', maxlength: 64 });
    const cap = h('input#run-capacity', { placeholder: t('留空表示按资金来源') });
    const out = h('div.run-out');
    return h('form.inline-form', { on: { submit: async (e) => {
      e.preventDefault();
      const b = { scenario: name.value.trim() };
      if (cap.value.trim()) b.capacity = cap.value.trim();
      try {
        const s = await post('/allocate', b);
        toast(t('场景已保存'));
        addScenario(s.scenario);
        clear(out, `${s.scenario}: ${t('安排数')} ${money.wan(s.funded_fen)} / ${t('审核数')} ${money.wan(s.approved_fen)} ${t('万元')}`);
      } catch (err) {
        toast(errText(err), 'err');
      }
    } } }, field(t('场景名'), name), field(t('一般财力（元）'), cap), h('button.primary#run', { type: 'submit' }, t('运行并保存')), out);
  })() : null;

  /* what-if */
  const scenSel = select(names, 'base', { id: 'whatif-scenario' });
  const slider = h('input#whatif-slider', { type: 'range', min: 0, step: 1 });
  const exact = h('input#whatif-capacity', { placeholder: t('元') });
  const cards = h('div.cards.small#whatif-cards');
  const line = h('div.line#whatif-line');
  let general = 0n;
  const whatifTurn = latest(); /* a slider dragged: the last position's answer is drawn */
  const run = async (capFen) => {
    const stale = whatifTurn();
    const t0 = performance.now();
    const r = await post('/whatif', { scenario: scenSel.value, capacity_fen: capFen == null ? null : Number(capFen) });
    if (stale()) return;
    general = money.fen(r.general_fen);
    if (!slider.max || slider.dataset.scenario !== scenSel.value) {
      slider.max = String(Number((general * 2n) / WAN) || 1);
      slider.dataset.scenario = scenSel.value;
    }
    const cap = money.fen(r.whatif_capacity_fen ?? r.general_fen);
    if (capFen == null) {
      slider.value = String(Number(cap / WAN));
      exact.value = money.yuanPlain(cap);
    }
    clear(cards,
      h('div.card', h('div.card-label', t('一般财力')), h('div.card-value#whatif-general', money.wan(cap), h('span.unit', t('万元')))),
      h('div.card.good', h('div.card-label', t('安排数')), h('div.card-value#whatif-funded', money.wan(r.funded_fen), h('span.unit', t('万元')))),
      h('div.card.warn', h('div.card-label', t('未安排')), h('div.card-value', money.wan(r.savings_fen.capacity), h('span.unit', t('万元')))),
      h('div.card' + (r.shortfall_fen ? '.bad' : ''), h('div.card-label', t('三保缺口')), h('div.card-value', money.wan(r.shortfall_fen), h('span.unit', t('万元')))));
    const L = r.line;
    const pk = (p) => (p ? `#${p.turn} ${p.project} ${p.name} L${p.level} · ${money.wan(p.amount_fen)} ${t('万元')}` : t('无'));
    clear(line,
      h('p', h('span.tag.good', t('最后安排')), ' ', h('span#line-last', pk(L.last_funded)), t('　'), h('span.tag.bad', t('首个未安排')), ' ',
        h('span#line-first-cut', pk(L.first_cut)), h('span.muted', ` · ${Math.round(performance.now() - t0)} ms`)),
      L.near.length ? table([
        { key: 'turn', label: t('排序'), type: 'int' }, { key: 'project', label: t('项目编码') }, { key: 'name', label: t('项目名称') },
        { key: 'agency_name', label: t('预算单位') }, { key: 'tier', label: t('保障档次'), render: (v) => t('tier:' + v) },
        { key: 'level', label: t('档次'), type: 'int' }, { key: 'amount_fen', label: t('金额'), type: 'money' },
        { key: 'available_fen', label: t('轮到时可用'), type: 'money' },
        { key: 'decision', label: t('决定'), render: (v) => h('span.tag.' + (v === 'funded' ? 'good' : 'bad'), v === 'funded' ? t('已安排') : t('未安排（财力不足）')) }],
      L.near, { cls: 'small' }) : null);
  };
  const onSlide = debounce(() => {
    const f = BigInt(slider.value) * WAN;
    exact.value = money.yuanPlain(f);
    run(f).catch((e) => toast(errText(e), 'err'));
  }, 40);
  slider.addEventListener('input', onSlide);
  exact.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const f = money.parseYuan(exact.value);
    if (f == null) return toast(t('金额') + '?', 'err');
    slider.value = String(Number(f / WAN));
    run(f).catch((er) => toast(errText(er), 'err'));
  });
  scenSel.addEventListener('change', () => { slider.max = ''; run(null); });

  /* compare */
  const a = select(names, 'base', { id: 'cmp-a' }), b = select(names, defaultAgainst(names, 'base'), { id: 'cmp-b' });
  const cmpOut = h('div#compare-out');
  const turn = latest(); /* the pair chosen last wins */
  const compare = () => drawCompare(cmpOut, a.value, b.value, turn());
  a.addEventListener('change', compare);
  b.addEventListener('change', compare);
  /* a scenario just run is in every list at once, and compared with base */
  addScenario = (n) => {
    if (!names.includes(n)) names.push(n);
    for (const sel of [scenSel, a, b]) {
      const v = sel.value;
      clear(sel, names.map((x) => h('option', { value: x }, x)));
      sel.value = v;
    }
    if (n !== a.value) b.value = n;
    compare();
  };

  const adoptBox = ctx.can.adopt && !ctx.adopted ? await adoptSection(ctx, sc.scenarios) : null;
  clear(view,
    h('div.page-head', h('h2', t('资金安排'))),
    adoptBox,
    h('div.two-col',
      h('section.box', h('h3', t('资金来源')), srcTable, runBox ? h('h3', t('运行场景')) : null, runBox),
      h('section.box', h('h3', t('假设分析')), h('div.whatif-controls', field(t('场景'), scenSel), h('label.field.grow', h('span.label', t('一般财力') + t('（') + t('万元') + t('）')), slider), field(t('一般财力（元）'), exact)),
        cards, h('h4', t('资金线')), line)),
    h('section.box', h('h3', t('场景对比')), h('div.filters', a, h('span', t('对比')), b), cmpOut));
  await Promise.all([run(null), compare()]);
}

/* compare starts with base against the scenario run last, never base
 * against itself */
function defaultAgainst(names, a) {
  const others = names.filter((n) => n !== a);
  return others.length ? others[others.length - 1] : a;
}

/* The two scenarios side by side, headers kept in sight while scrolling,
 * and a 合计 row: the agencies' rows summed (exact, BigInt fen; the tier
 * rows are the same money grouped another way). */
async function drawCompare(out, sa, sb, stale) {
  if (sa === sb) {
    clear(out, h('p.muted#compare-same', t('请选择两个不同的场景进行对比；只有一个场景时，先运行另一个场景。')));
    return;
  }
  clear(out, h('p.muted', t('加载中…')));
  let r;
  try {
    r = await get('/reports/compare' + qs({ scenario: sa, against: sb }));
  } catch (e) {
    if (!stale()) clear(out, h('p.error-text', errText(e)));
    return;
  }
  if (stale()) return; /* a pair chosen since: its answer is drawn instead */
  const cols = r.columns.map((c) => ({ key: c.key, label: c[getLang() === 'en' ? 'en' : 'zh'], type: c.type === 'share' ? 'share' : c.type }));
  const rows = r.rows.map((x) => ({ ...x, group: x.group === 'tier' ? t('保障档次') : t('预算单位'), code: x.group === 'tier' ? t('tier:' + x.code) : x.code }));
  const total = { group: t('合计'), code: '', name: '' };
  for (const c of r.columns)
    if (c.type === 'money') total[c.key] = r.rows.filter((x) => x.group === 'agency').reduce((s, x) => s + money.fen(x[c.key]), 0n);
  rows.push(total);
  clear(out, h('div.table-scroll.tall.compare-scroll', table(cols, rows, { cls: 'small', totalLast: true })));
}

/* 批复 (SPEC §12): once every agency is approved, the budget office makes
 * a stored scenario the year's adopted budget, after a dialog naming the
 * scenario and its totals.  Nothing shown before the season is over. */
async function adoptSection(ctx, scenarios) {
  let season;
  try {
    season = await loadSeason();
  } catch {
    return null;
  }
  if (!season.list.length || season.list.some((a) => a.state !== 'approved') || !scenarios.length) return null;
  const names = scenarios.map((s) => s.name);
  const sel = select(names, names.includes('final') ? 'final' : names[names.length - 1], { id: 'adopt-scenario' });
  const go = async () => {
    const s = scenarios.find((x) => x.name === sel.value);
    const ok = await dialog({
      title: t('批复 {0} 年预算', season.year),
      body: [
        h('p', t('以场景 {0} 作为人代会通过的年初预算（批复数）：', s.name)),
        h('table.grid.adopt-totals#adopt-totals', h('tbody',
          h('tr', h('th', t('申报数')), h('td.num', money.wan(s.requested_fen) + ' ' + t('万元'))),
          h('tr', h('th', t('审核数')), h('td.num', money.wan(s.approved_fen) + ' ' + t('万元'))),
          h('tr', h('th', t('安排数')), h('td.num#adopt-funded', money.wan(s.funded_fen) + ' ' + t('万元'))))),
        h('p.error-text', t('批复后本年度数据全部锁定，不能再导入、修改或重新安排；此后的变更只能录入预算调整。')),
      ],
      ok: t('确认批复'),
      danger: true,
    });
    if (!ok) return;
    try {
      const r = await post('/adopt', { scenario: s.name });
      ctx.setAdopted({ scenario: r.scenario, adopted_at: r.adopted_at, by: ctx.me.user });
      toast(t('{0} 年预算已批复（场景 {1}）', r.year, r.scenario));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      toast(errText(e), 'err');
    }
  };
  return h('section.box.adopt-box#adopt-box',
    h('h3', t('批复')),
    h('p', t('各预算单位均已批复（二下），可以将一个场景作为年初预算批复。')),
    h('div.filters', field(t('场景'), sel),
      h('button.primary#adopt', { type: 'button', on: { click: go } }, t('批复（提交人代会通过的预算）'))));
}
