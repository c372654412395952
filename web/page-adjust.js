/*
 * page-adjust.js - 预算调整 (SPEC §12), the budget office's: the adoption
 * of the year, the adjustments recorded (GET /api/v1/adjustments) and the
 * form 录入预算调整 (POST /api/v1/adjustments): 文号, date, kind (调剂 /
 * 调整), the trigger of an adjust, the reason and the lines (project,
 * item, signed yuan).  Amounts are parsed to fen exactly (money.js, BigInt);
 * before sending, a transfer's lines are checked to sum to zero within one
 * agency, the sum shown as typed.  The server judges it again (an item
 * below zero, a used 文号): its refusal is shown in place.
 */
import { get, post } from './api.js';
import { t } from './i18n.js';
import { h, clear, toast, errText, select, field } from './ui.js';
import { pick } from './picker.js';
import * as money from './money.js';

export const KIND_WORDS = { transfer: '调剂', adjust: '调整' };
export const TRIGGER_WORDS = { total: '总支出变化', fund: '动用预算稳定调节基金', key: '调减重点支出', debt: '增加举借债务', other: '其他' };

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* the lines of GET /adjustments as documents, newest first */
export function documents(lines) {
  const by = new Map();
  for (const l of lines) {
    if (!by.has(l.code)) by.set(l.code, { code: l.code, kind: l.kind, date: l.date, trigger: l.trigger, reason: l.reason, by: l.by, lines: [] });
    by.get(l.code).lines.push(l);
  }
  return [...by.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.code < b.code ? 1 : -1));
}

export async function render(view, ctx) {
  const [adj, pl] = await Promise.all([get('/adjustments'), get('/projects?limit=5000')]);
  const projects = new Map((pl.rows || pl.projects || []).map((p) => [p.code, p]));
  const agencyName = new Map(ctx.agencies.map((a) => [a.code, a.name]));
  const listBox = h('div#adjust-list');
  const drawList = (lines) => {
    const docs = documents(lines);
    if (!docs.length) return clear(listBox, h('p.muted#adjust-none', t('尚未录入预算调整')));
    const rows = [];
    for (const d of docs)
      for (const [i, l] of d.lines.entries()) {
        const p = projects.get(l.project);
        const first = i === 0;
        rows.push(h('tr' + (first ? '.doc-first' : ''), { 'data-code': d.code },
          h('td', first ? h('b', d.code) : ''), h('td', first ? d.date : ''),
          h('td', first ? h('span.tag' + (d.kind === 'transfer' ? '' : '.warn'), t(KIND_WORDS[d.kind] || d.kind)) : ''),
          h('td', first ? (d.trigger ? t(TRIGGER_WORDS[d.trigger] || d.trigger) : '—') : ''),
          h('td.reason', first ? d.reason || '' : ''),
          h('td', p ? `${l.project} ${p.name}` : l.project), h('td', p ? agencyName.get(p.agency) || p.agency : ''),
          h('td.num', String(l.seq)), h('td.num.amount' + (money.fen(l.amount_fen) < 0n ? '.neg' : ''), money.yuan(l.amount_fen))));
      }
    clear(listBox, h('div.table-scroll', h('table.grid.small.adjust-table',
      h('thead', h('tr', h('th', t('文号')), h('th', t('日期')), h('th', t('类型')), h('th', t('调整事由')), h('th', t('原因')),
        h('th', t('项目')), h('th', t('预算单位')), h('th.num', t('明细')), h('th.num', t('金额（元）')))),
      h('tbody', rows))));
  };
  drawList(adj.adjustments);

  const form = ctx.can.adjust && adj.adopted ? adjustForm(projects, agencyName, async () => drawList((await get('/adjustments')).adjustments)) : null;
  clear(view,
    h('div.page-head', h('h2', t('预算调整'))),
    adj.adopted ? null : h('p.error-box#not-adopted', t('本年度预算尚未批复：批复后才能录入预算调整（资金安排页面“批复”）。')),
    form ? h('section.box#adjust-form-box', h('h3', t('录入预算调整')), form) : null,
    h('section.box', h('h3', t('已录入的预算调整')), listBox));
}

/* 录入预算调整: the document and its lines; resolves nothing, calls done() after a stored one */
function adjustForm(projects, agencyName, done) {
  const code = h('input#adj-code', { name: 'code', maxlength: 64, placeholder: t('如：财预调〔2027〕3号') });
  const date = h('input#adj-date', { name: 'date', type: 'date', value: today() });
  const kind = select([['transfer', t('调剂（单位内科目间，合计为零）')], ['adjust', t('调整（总额变化）')]], 'transfer', { id: 'adj-kind', name: 'kind' });
  const trigger = select([['', t('请选择')], ...Object.entries(TRIGGER_WORDS).map(([k, v]) => [k, t(v)])], '', { id: 'adj-trigger', name: 'trigger' });
  const triggerField = field(t('调整事由'), trigger);
  const reason = h('textarea#adj-reason', { name: 'reason', rows: 2, placeholder: t('如：教学设备采购计划调整') });
  const linesBody = h('tbody#adj-lines');
  const sumBox = h('div.adj-sum#adj-sum');
  const errBox = h('p.error-text#adjust-error', { role: 'alert' });
  const lines = [];

  const check = () => {
    /* the live check: every amount a valid signed amount; a transfer sums to zero within one agency */
    let sum = 0n, bad = false;
    const agencies = new Set();
    for (const l of lines) {
      const v = l.amount.value.trim() ? money.parseSignedYuan(l.amount.value) : null;
      l.amount.classList.toggle('invalid', l.amount.value.trim() !== '' && v == null);
      if (v == null) bad = true;
      else sum += v;
      const p = projects.get(l.project.value);
      if (p) agencies.add(p.agency);
    }
    const isTransfer = kind.value === 'transfer';
    const why = [];
    if (isTransfer && sum !== 0n) why.push(t('调剂各行合计应为零'));
    if (isTransfer && agencies.size > 1) why.push(t('调剂只能在同一预算单位内'));
    clear(sumBox, h('span', `${t('合计')}${t('：')}`), h('b#adj-sum-value' + (isTransfer && sum !== 0n ? '.over' : ''), money.yuan(sum)), ` ${t('元')}`,
      agencies.size ? h('span.muted', ` · ${[...agencies].map((a) => agencyName.get(a) || a).join('、')}`) : null,
      why.length ? h('span.adj-why', ` · ${why.join('；')}`) : isTransfer && !bad ? h('span.good', ` · ${t('合计为零')}`) : null);
    return { sum, bad, why };
  };

  const addLine = () => {
    const project = h('input.adj-project', { readonly: true, placeholder: t('选择项目'), 'aria-label': t('项目') });
    const pname = h('span.adj-pname.muted');
    const seq = select([['', t('先选择项目')]], '', { class: 'adj-seq', 'aria-label': t('明细') });
    const amount = h('input.num.adj-amount', { placeholder: t('如：-20000 或 +20000'), 'aria-label': t('金额（元）'), autocomplete: 'off' });
    const choose = async () => {
      const items = [...projects.values()].map((p) => ({ code: p.code, name: `${p.name} · ${agencyName.get(p.agency) || p.agency}` }));
      const c = await pick({ title: t('选择项目'), items, value: project.value });
      if (!c) return;
      project.value = c;
      pname.textContent = projects.get(c)?.name || '';
      clear(seq, h('option', { value: '' }, t('加载中…')));
      try {
        const d = await get('/projects/' + encodeURIComponent(c));
        clear(seq, (d.items || []).map((it) => h('option', { value: String(it.seq) }, `${it.seq} ${it.content}`)));
      } catch (e) {
        clear(seq, h('option', { value: '' }, errText(e)));
      }
      check();
    };
    project.addEventListener('click', choose);
    project.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === 'F4') { e.preventDefault(); choose(); } });
    amount.addEventListener('input', () => { errBox.textContent = ''; check(); });
    const l = { project, seq, amount };
    const tr = h('tr.adj-line',
      h('td', h('div.adj-pick', project, h('button.small.adj-choose', { type: 'button', on: { click: choose } }, t('选择'))), pname),
      h('td', seq), h('td', amount),
      h('td', h('button.link.adj-remove', { type: 'button', title: t('删除此行'), on: { click: () => {
        if (lines.length <= 1) return;
        lines.splice(lines.indexOf(l), 1);
        tr.remove();
        check();
      } } }, '×')));
    lines.push(l);
    linesBody.append(tr);
    check();
    return l;
  };
  addLine();
  addLine();
  const showTrigger = () => { triggerField.hidden = kind.value !== 'adjust'; check(); };
  kind.addEventListener('change', showTrigger);
  showTrigger();
  for (const el of [code, reason, trigger, date]) el.addEventListener('input', () => { errBox.textContent = ''; });

  const submit = async (e) => {
    e.preventDefault();
    errBox.textContent = '';
    const { bad, why } = check();
    const miss = [];
    if (!code.value.trim()) miss.push(t('文号'));
    if (!date.value) miss.push(t('日期'));
    if (kind.value === 'adjust' && !trigger.value) miss.push(t('调整事由'));
    if (!reason.value.trim()) miss.push(t('原因'));
    if (lines.some((l) => !l.project.value || !l.seq.value)) miss.push(t('每行的项目和明细'));
    if (miss.length) return (errBox.textContent = t('请填写：{0}', miss.join('、')));
    if (bad) return (errBox.textContent = t('金额应为元，可带正负号，最多两位小数'));
    if (why.length) return (errBox.textContent = why.join('；'));
    const body = {
      code: code.value.trim(), kind: kind.value, date: date.value, trigger: kind.value === 'adjust' ? trigger.value : null, reason: reason.value.trim(),
      lines: lines.map((l) => ({ project: l.project.value, seq: Number(l.seq.value), amount_fen: Number(money.parseSignedYuan(l.amount.value)) })),
    };
    try {
      await post('/adjustments', body);
    } catch (er) {
      const more = (er.errors || []).map((x) => x.message).filter((m) => m && m !== er.message);
      errBox.textContent = [errText(er), ...more].join('；');
      return;
    }
    toast(t('预算调整 {0} 已录入', body.code));
    code.value = '';
    reason.value = '';
    for (const l of lines) l.amount.value = '';
    check();
    await done();
  };

  return h('form.adjust-form#adjust-form', { on: { submit } },
    h('div.form-grid.adj-head', field(t('文号'), code), field(t('日期'), date), field(t('类型'), kind), triggerField),
    h('label.field.adj-reason', h('span.label', t('原因（必填）')), reason),
    h('table.grid.adj-lines-table', h('thead', h('tr', h('th', t('项目')), h('th', t('明细')), h('th.num', t('调整金额（元，调减为负）')), h('th', ''))), linesBody),
    h('div.adj-foot', h('button#adj-add-line', { type: 'button', on: { click: () => addLine().project.focus() } }, '+ ' + t('增加一行')), sumBox),
    errBox,
    h('div.modal-actions', h('button.primary#adj-submit', { type: 'submit' }, t('录入'))));
}
