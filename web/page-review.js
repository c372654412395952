/*
 * page-review.js - 预算评审: the queue of findings over the book (GET
 * /api/v1/findings) filtered by finding, agency and tier; picking a line
 * opens the project with its items and review rounds, where a reviewer
 * adjusts or cuts a line with a reason (recorded as the next round, SPEC §4
 * 三上三下) or records the ex-ante evaluation with its five dimensions.
 */
import { get, post, qs } from './api.js';
import { t } from './i18n.js';
import { h, clear, toast, errText, badge, select, field, panel, debounce } from './ui.js';
import { vtable } from './vtable.js';
import { showExplain } from './explain.js';
import * as money from './money.js';

export async function render(view, ctx) {
  const f = JSON.parse(sessionStorage.getItem('zbb.review') || '{}');
  const code = select([['', t('全部')], ...ctx.findingCodes.map((c) => [c, `${t('F:' + c)} ${c}`])], f.code || '', { id: 'f-code' });
  const agency = select([['', t('全部')], ...ctx.agencies.map((a) => [a.code, `${a.code} ${a.name}`])], f.agency || '', { id: 'f-agency' });
  const tier = select([['', t('全部')], ...ctx.tiers.map((x) => [x, t('tier:' + x)])], f.tier || '', { id: 'f-tier' });
  const list = h('div.queue');
  const search = h('input#f-q', { type: 'search', placeholder: t('项目、单位、明细或说明'), 'aria-label': t('搜索') });
  const agencyName = new Map(ctx.agencies.map((a) => [a.code, a.name]));
  const cols = [
    { key: 'code', label: t('发现'), render: (v, x) => badge(x), width: '120px' },
    { key: 'agency', label: t('预算单位'), render: (v, x) => `${v} ${x.agency_name || agencyName.get(v) || ''}` },
    { key: 'project', label: t('项目'), render: (v, x) => `${v} ${x.name}` },
    { key: 'seq', label: t('明细'), sortable: false, render: (v, x) => (v == null ? '' : `#${v} ${x.content || ''}`) },
    { key: 'tier', label: t('保障档次'), sortable: false, render: (v) => (v ? t('tier:' + v) : '') },
    { key: 'requested_fen', label: t('申报数'), type: 'money' },
    { key: 'approved_fen', label: t('审核数'), type: 'money' },
    { key: 'effect_fen', label: t('核减数'), type: 'money', render: (v) => (v ? money.wan(v) : '') },
    { key: 'message', label: t('说明'), sortable: false },
  ];
  const vt = vtable({
    cols, unit: 'wan',
    fetch: (offset, limit, sort, q) => get('/findings' + qs({ code: code.value, agency: agency.value, tier: tier.value, offset, limit, sort, q }))
      .then((r) => ({ total: r.total, rows: r.findings, total_row: r.total_row ? { ...r.total_row, code: null } : null })),
    onRow: (x) => openProject(ctx, x.project, x.seq),
    rowAttrs: (x) => ({ 'data-project': x.project, 'data-seq': x.seq ?? '' }),
  });
  list.append(vt.el);
  clear(view,
    h('div.page-head', h('h2', t('预算评审')), ctx.can.review ? null : h('span.tag', t('只读'))),
    h('div.filters', field(t('按发现'), code), field(t('按单位'), agency), field(t('按档次'), tier), field(t('搜索'), search), vt.status),
    list);
  async function load() {
    sessionStorage.setItem('zbb.review', JSON.stringify({ code: code.value, agency: agency.value, tier: tier.value }));
    await vt.setQuery(search.value.trim());
  }
  for (const s of [code, agency, tier]) s.addEventListener('change', load);
  search.addEventListener('input', debounce(load, 250));
  await load();
  return () => {};

  async function openProject(ctx, pcode, seq) {
    const body = panel(`${t('评审意见')} · ${pcode}`, null);
    let d;
    try {
      d = await get('/projects/' + encodeURIComponent(pcode));
    } catch (e) {
      body.append(h('p.error-text', errText(e)));
      return;
    }
    const itemSel = select([['', t('项目')], ...d.items.map((i) => [String(i.seq), `#${i.seq} ${i.content} · ${money.yuan(i.amount_fen)}`])], seq ? String(seq) : '', { name: 'seq' });
    const action = select(['adjust', 'cut', 'approve'].map((a) => [a, t('action:' + a)]), 'adjust', { name: 'action' });
    const price = h('input', { name: 'price', placeholder: t('元'), inputmode: 'decimal' });
    const qty = h('input', { name: 'quantity' });
    const reason = h('input', { name: 'reason', required: true, placeholder: t('必填') });
    const rounds = h('tbody');
    for (const rv of d.reviews || [])
      rounds.append(h('tr', h('td', rv.seq == null ? t('项目') : '#' + rv.seq), h('td', String(rv.round)), h('td', t('action:' + rv.action)),
        h('td', rv.reason || ''), h('td', rv.reviewer || '')));
    const byseq = new Map(d.findings.map((x) => [x.seq, x]));
    body.append(
      h('p', h('b', `${d.code} ${d.name}`), ` · ${d.agency} ${agencyName.get(d.agency) || ''} · ${t('tier:' + d.tier)} · ${t('申报数')} ${money.yuan(d.requested_fen)} / ${t('审核数')} ${money.yuan(d.approved_fen ?? 0)} ${t('元')}`),
      itemsTable(d),
      (d.reviews || []).length ? h('div', h('h5', t('评审记录')), h('table.grid.small', h('thead', h('tr', h('th', t('明细')), h('th', t('轮次')), h('th', t('动作')), h('th', t('理由')), h('th', t('用户')))), rounds)) : '');
    void byseq;
    if (!ctx.can.review) return;
    const next = (s) => 1 + Math.max(0, ...(d.reviews || []).filter((rv) => (rv.seq ?? 0) === (s ? +s : 0)).map((rv) => rv.round));
    const form = reviewForm(d, itemSel, action, price, qty, reason, next, async (b) => {
      await post('/reviews', b);
      toast(t('评审已记录'));
      openProject(ctx, d.code, b.seq);
      load();
    });
    const ev = d.evaluation || {};
    const dims = ['necessity', 'economy', 'targets', 'feasibility', 'compliance'];
    const dimLabel = { necessity: '必要性', economy: '经济性', targets: '绩效目标合理性', feasibility: '可行性', compliance: '合规性' };
    const dimIn = Object.fromEntries(dims.map((k) => [k, h('input.num', { name: k, value: ev[k] ?? '', placeholder: '0–20' })]));
    const total = h('b', '—');
    const sum = () => {
      /* hundredths, exact */
      let s = 0n, ok = true;
      for (const k of dims) {
        const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(dimIn[k].value.trim());
        if (!m) { ok = false; continue; }
        s += BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0') || '0');
      }
      total.textContent = ok ? `${s / 100n}.${(s % 100n).toString().padStart(2, '0')}` : '—';
    };
    for (const k of dims) dimIn[k].addEventListener('input', sum);
    sum();
    const concl = select(['support', 'partial', 'reject'].map((c) => [c, t('concl:' + c)]), ev.conclusion || 'support', { name: 'conclusion' });
    const ratio = h('input', { name: 'ratio', value: ev.ratio ?? '', placeholder: '0–1' });
    const evForm = h('form.review-form#evaluation-form', { on: { submit: async (e) => {
      e.preventDefault();
      const b = { project: d.code, conclusion: concl.value, ratio: concl.value === 'partial' ? ratio.value : null };
      if (d.evaluation) b.version = d.evaluation.version; /* a stale evaluation is refused, not replaced */
      for (const k of dims) b[k] = dimIn[k].value.trim() || null;
      b.score = total.textContent === '—' ? null : total.textContent;
      try {
        await post('/evaluations', b);
        toast(t('评估已记录'));
        openProject(ctx, d.code, seq);
        load();
      } catch (err) {
        toast(errText(err), 'err');
      }
    } } },
    h('h5', t('事前绩效评估')), h('div.dims', dims.map((k) => field(t(dimLabel[k]), dimIn[k]))),
    h('p', `${t('总分')}${t('：')}`, total), field(t('结论'), concl), field(t('调整比例'), ratio),
    h('button.primary', { type: 'submit' }, t('记录评估')));
    body.append(form, evForm);
  }
}

/* --- the reviewer's panel: each item's price, quantity, requested and
 * approved amounts, and a review refused in words before it is sent when
 * it could not be what the reviewer meant (SPEC §5 step 8: an adjustment
 * never raises an amount above steps 5-7's, so one that would is refused
 * here, as the server refuses it, rather than silently capped) --- */
function approvedOf(d, seq) {
  const a = (d.amounts || []).find((x) => x.seq === seq);
  return a ? money.fen(a.approved_fen) : null;
}

function itemsTable(d) {
  return h('div.review-items-wrap', h('table.grid.small#review-items', h('thead', h('tr', h('th', '#'), h('th', t('内容')), h('th.num', t('单价（元）')), h('th.num', t('数量')),
    h('th.num', t('申报数')), h('th.num', t('核定（元）')), h('th', t('发现')), h('th', ''))),
  h('tbody', d.items.map((i) => {
    const ap = approvedOf(d, i.seq);
    return h('tr', { 'data-seq': String(i.seq) }, h('td', String(i.seq)), h('td', { title: i.content }, i.content), h('td.num.price', money.yuan(i.price_fen)),
      h('td.num', String(i.quantity)), h('td.num', i.amount_fen == null ? '—' : money.yuan(i.amount_fen)),
      h('td.num.approved' + (ap != null && i.amount_fen != null && ap < money.fen(i.amount_fen) ? '.less' : ''), ap == null ? '—' : money.yuan(ap)),
      h('td', d.findings.filter((x) => x.seq === i.seq).map(badge)),
      h('td', h('button.link', { type: 'button', on: { click: () => showExplain(d.code, i.seq) } }, t('说明'))));
  }))));
}

/* why a review may not be sent, in words, or null */
export function reviewProblem(d, b, priceText, qtyText) {
  if (!b.reason) return t('请填写理由');
  if (b.action !== 'adjust') return null;
  if (b.seq == null) return t('调整须选择一条明细');
  if (!priceText && !qtyText) return t('请填写调整后的单价或数量');
  /* as the server judges it: the item as a review finds it (after the
   * standard, the pool and the quota, before any review: a later round
   * may restore what an earlier one cut); what is not given stays so */
  const it = d.items.find((x) => x.seq === b.seq);
  const was = (d.amounts || []).find((x) => x.seq === b.seq)?.before_review;
  const p = priceText ? money.parseYuan(priceText) : money.fen(was ? was.price_fen : it.price_fen);
  const q = qtyText ? money.parseQty(qtyText) : money.parseQty(String(was ? was.quantity : it.quantity));
  if (p == null) return t('单价“{0}”不是金额：请填元，如 1200 或 1200.50', priceText);
  if (q == null) return t('数量“{0}”不是数量：请填数字，最多四位小数，如 12 或 2.5', qtyText);
  const ap = was ? money.fen(was.amount_fen) : null;
  const a = money.amount(p, q);
  if (a == null || (ap != null && a > ap))
    return t('调整后金额 {0} 元高于核定数 {1} 元（按支出标准、议价和定额核定）：评审调整只能调减', a == null ? '—' : money.yuan(a), ap == null ? '—' : money.yuan(ap));
  return null;
}

function reviewForm(d, itemSel, action, price, qty, reason, next, send) {
  const problem = h('p.error-text#review-error', { role: 'alert' });
  const hint = h('p.hint#review-hint');
  const showHint = () => {
    const it = d.items.find((x) => String(x.seq) === itemSel.value);
    const ap = it ? approvedOf(d, it.seq) : null;
    hint.textContent = it ? t('单价 {0} 元 × 数量 {1}，核定 {2} 元', money.yuan(it.price_fen), it.quantity, ap == null ? '—' : money.yuan(ap)) : '';
    price.placeholder = it ? money.yuanPlain(money.fen(it.price_fen)) : t('元');
    qty.placeholder = it ? String(it.quantity) : '';
    const adj = action.value === 'adjust';
    price.disabled = qty.disabled = !adj;
  };
  itemSel.addEventListener('change', showHint);
  action.addEventListener('change', showHint);
  showHint();
  return h('form.review-form#review-form', { novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    const b = { project: d.code, seq: itemSel.value ? +itemSel.value : null, round: next(itemSel.value), action: action.value, reason: reason.value.trim() || null };
    const why = reviewProblem(d, b, price.value.trim(), qty.value.trim());
    problem.textContent = why || '';
    if (why) {
      toast(why, 'err');
      (b.reason ? price : reason).focus();
      return;
    }
    if (action.value === 'adjust') {
      if (price.value.trim()) b.price_fen = Number(money.parseYuan(price.value.trim()));
      if (qty.value.trim()) b.quantity = money.qtyText(money.parseQty(qty.value.trim()));
    }
    try {
      await send(b);
    } catch (err) {
      problem.textContent = errText(err);
      toast(errText(err), 'err');
    }
  } } },
  h('h5', t('评审意见')), field(t('明细'), itemSel), hint, field(t('动作'), action), field(t('单价（元）'), price), field(t('数量'), qty),
  field(t('理由'), reason), problem, h('button.primary', { type: 'submit', id: 'review-submit' }, t('记录评审')));
}
