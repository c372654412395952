/*
 * page-agency.js - 单位申报: an agency's projects and the project editor.
 *
 * The line-item grid is typed like a spreadsheet: Enter (or Tab) moves to
 * the next cell, Shift+Enter back, ↑/↓ to the row above or below; Insert
 * adds a row below, Ctrl+Delete removes the row.  The amount of a row is
 * computed exactly as it is typed (BigInt: price in fen × quantity in
 * 1/10000, rounded half up), and a debounced POST /api/v1/check puts the
 * findings of SPEC §5 on each row (and the approved amount beside the
 * requested one) without storing anything.  Saving is POST (new) or PUT
 * (with the version read; a 409 says someone else saved first).
 * A role that may not edit (viewer, reviewer) gets the same page read-only.
 * The season (SPEC §11): the agency's state tag and actions (送审; 退回,
 * 审核通过, 批复 for the bureau) above the list, the opinions beside the
 * projects they concern, the editor read-only with the reason when the
 * state locks the agency, and the control number with the room left
 * under the totals, live as the amounts are typed.
 */
import { get, post, put, del, qs, ApiError } from './api.js';
import { t } from './i18n.js';
import { h, clear, debounce, toast, errText, badge, select, field } from './ui.js';
import * as money from './money.js';
import { projectList } from './projlist.js';
import { pick, codeItems, codeName, loadCodes } from './picker.js';
import { loadSeason, stateTag, lockReason, actionsFor, act, opinionsFor, opinionBox, STATE_WORDS, ACTION_WORDS } from './season.js';
import { loadAdopted } from './adopted.js';

const ITEM_COLS = ['content', 'economic', 'standard', 'unit', 'price', 'quantity', 'level'];
const KINDS = ['personnel', 'operation', 'specific'];

let refs = null; /* standards and economic codes, loaded once */

async function loadRefs() {
  if (refs) return refs;
  const [std, econ, bases, prio] = await Promise.all([get('/lists/standards'), loadCodes('economic'),
    get('/lists/bases').catch(() => ({ rows: [] })), get('/lists/priorities').catch(() => ({ rows: [] })), loadCodes('function')]);
  refs = { standards: new Map(std.rows.map((s) => [s.code, s])), econ, bases: new Map(bases.rows.map((b) => [b.code, b])),
    priorities: new Map(prio.rows.map((x) => [x.code, x])) };
  return refs;
}

/* the economic codes suggested as typed (the standards have their picker) */
function datalists() {
  const econ = h('datalist#dl-econ');
  for (const c of refs.econ) econ.append(h('option', { value: c.code }, c.name));
  return [econ];
}

export async function render(view, ctx, args) {
  await loadRefs();
  const season = await loadSeason().catch(() => null);
  const stOf = (code) => (season ? season.byAgency.get(code) : null);
  const canEdit = ctx.can.editProjects;
  let agency = ctx.me.agency || sessionStorage.getItem('zbb.agency') || (ctx.agencies[0] && ctx.agencies[0].code) || '';
  const list = projectList({ agency: () => agency, current: () => args[0],
    /* a project an opinion names is marked in the list */
    mark: (p) => {
      const st = stOf(agency);
      const ops = (st && st.opinions ? st.opinions : []).filter((o) => o.projects.includes(p.code));
      return ops.length ? h('span.tag.bad.opinion-mark', { title: ops.map((o) => o.opinion).join('；') }, t('有审核意见')) : null;
    } });
  const listBox = list.el;
  const editorBox = h('div.editor');
  const stateWord = (code) => (stOf(code) ? ` · ${t(STATE_WORDS[stOf(code).state])}` : '');
  const agencySel = ctx.me.agency ? null : select(ctx.agencies.map((a) => [a.code, `${a.code} ${a.name}${stateWord(a.code)}`]), agency,
    { id: 'agency-select', on: { change: () => { agency = agencySel.value; sessionStorage.setItem('zbb.agency', agency); loadList(); } } });
  clear(view,
    h('div.page-head', h('h2', t('单位申报')), agencySel,
      canEdit ? h('a.button.primary#new-project', { href: '#/agency/new' }, '+ ' + t('新建项目')) : h('span.tag', t('只读'))),
    h('div.split', listBox, editorBox), ...datalists());

  /* the season above the list: the state, the control number, the
   * actions of the role, and the opinions on the whole agency */
  const seasonBar = h('div.season-bar#season-bar');
  listBox.prepend(seasonBar);
  function drawSeason() {
    const st = stOf(agency);
    const acts = actionsFor(ctx.me.role, st).map((a) => h('button.small' + (a === 'return' ? '.danger' : '.primary') + '.season-act', { type: 'button', 'data-act': a, on: { click: async () => {
      const projects = a === 'return' ? (await get('/projects' + qs({ agency }))).projects : null;
      if (await act(st, a, projects)) window.dispatchEvent(new HashChangeEvent('hashchange'));
    } } }, t(ACTION_WORDS[a])));
    clear(seasonBar, st ? h('div.season-line', stateTag(st), h('span.muted', t('第 {0} 轮', st.round)),
      st.control_fen != null ? h('span.muted', `${t('控制数')} ${money.wan(st.control_fen)}`) : null, h('span.spacer'), acts) : null,
      opinionBox((st ? st.opinions : []).filter((o) => !o.projects.length), 'agency-opinions'));
  }
  const loadList = async () => { drawSeason(); await list.reload(); };
  await loadList();

  if (!args[0]) {
    clear(editorBox, h('p.muted.center', t('请先在左侧选择一个项目')));
    return;
  }
  let doc;
  if (args[0] === 'new') {
    if (!canEdit) return;
    doc = { code: '', agency, name: '', kind: 'specific', tier: 'general', function: '', basis: '', priority: '', rigid: false,
      urgent: false, new: true, score: null, items: [], targets: [], findings: [], version: null };
  } else {
    doc = await get('/projects/' + encodeURIComponent(args[0]));
  }
  /* generated from staff and quotas (SPEC 13): agencies see them, never
   * edit them; an agency's user writes only in draft or returned (SPEC 11) */
  const st = stOf(doc.agency);
  const locked = ctx.adopted ? t('{0} 年预算已批复，数据已锁定', ctx.year) : ctx.me.role === 'agency' ? lockReason(st) : null;
  return editor(editorBox, ctx, doc, canEdit && !doc.basic && !locked, loadList, { st, locked });
}

/* 批复数 · 调整 · 调整后 of one project, once the year is adopted (SPEC §12) */
function adoptedStrip(ctx, code) {
  const box = h('div.adopted-strip#project-adopted', { role: 'note' }, t('加载中…'));
  loadAdopted(ctx, code).then((a) => {
    const x = a && a.projects.get(code);
    if (!x) return clear(box, t('本项目未列入批复的预算'));
    clear(box, h('span', `${t('批复数')} `, h('b.adopted', money.yuan(x.adopted))),
      h('span', ` · ${t('调整')} `, h('b.adjusted', x.adjusted ? (x.adjusted > 0n ? '+' : '') + money.yuan(x.adjusted) : '0.00')),
      h('span', ` · ${t('调整后')} `, h('b.current', money.yuan(x.current))), ` ${t('元')}`,
      x.docs.size ? h('span.muted', ` · ${t('文号')} ${[...x.docs].join('、')}`) : null,
      h('span.muted', ` · ${t('场景')} ${a.scenario}`));
  }).catch((e) => clear(box, h('span.error-text', errText(e))));
  return box;
}

/* --- the editor ----------------------------------------------------------- */

function itemState(it) {
  return {
    seq: it.seq, content: it.content ?? '', economic: it.economic ?? '', standard: it.standard ?? '', unit: it.unit ?? '',
    price: it.price_fen != null ? money.yuanPlain(it.price_fen) : '', quantity: it.quantity ?? '', level: String(it.level ?? 1),
  };
}

/* The editor is one object E: the document's state (E.st), what the user
 * may do, and the elements its parts draw into.  Its parts, in the order
 * they come in: the header fields, the layout, the item rows and their
 * spreadsheet keys, the targets, the body sent to the server, the
 * findings drawn on the rows, and the three round trips (check, save,
 * delete). */
function editor(box, ctx, doc, canEdit, reloadList, season = {}) {
  const E = editorState(box, ctx, doc, canEdit, reloadList);
  E.season = season.st || null;
  E.locked = season.locked || null;
  /* the agency's requested total without this project as saved: the
   * room under the control number is control − that − this one as typed */
  E.savedAmount = 0n;
  for (const it of E.st.items) E.savedAmount += rowAmount(it) ?? 0n;
  if (E.isNew) E.savedAmount = 0n;
  layout(E);
  if (canEdit) offerDraft(E);
  const warn = (e) => {
    if (!E.dirty || !E.box.isConnected) return;
    e.preventDefault();
    e.returnValue = ''; /* the browser asks before leaving */
  };
  window.addEventListener('beforeunload', warn);
  /* and in the app (app.js asks); what is left is kept as a draft at once */
  const guard = () => (E.dirty && E.box.isConnected ? t('有未保存的修改。离开后，修改作为草稿保留在本浏览器，再打开此项目时可恢复。') : null);
  if (canEdit) ctx.guard = guard;
  E.dropWarn = () => {
    window.removeEventListener('beforeunload', warn);
    if (ctx.guard === guard) ctx.guard = null;
    keepDraft(E);
  };
  E.grid.addEventListener('keydown', (e) => gridKey(E, e));
  E.grid.addEventListener('paste', (e) => pasteRows(E, e));
  drawItems(E);
  drawTargets(E);
  if (E.isNew) box.querySelector(E.ctx.me.role === 'agency' ? '[name=name]' : '[name=code]').focus();
  return () => E.dropWarn();
}

function editorState(box, ctx, doc, canEdit, reloadList) {
  const isNew = doc.version == null;
  const st = {
    head: { code: doc.code, name: doc.name, kind: doc.kind, tier: doc.tier, function: doc.function, basis: doc.basis ?? '',
      priority: doc.priority ?? '', rigid: !!doc.rigid, urgent: !!doc.urgent, new: !!doc.new, score: doc.score ?? '' },
    items: (doc.items || []).map(itemState),
    targets: (doc.targets || []).map((x) => ({ ...x })),
    version: doc.version,
    findings: doc.findings || [],
    amounts: doc.amounts || [],
    errors: [],
  };
  if (isNew && !st.items.length) st.items.push(itemState({ seq: 1 }));
  const E = {
    box, ctx, doc, canEdit, reloadList, isNew, st, ro: !canEdit, seqNo: 0,
    status: h('span.check-status', { id: 'check-status' }),
    projFindings: h('div.proj-findings#project-findings'),
    totals: h('div.totals#totals'),
    grid: h('tbody#items'),
    undoBar: h('div.undo-bar#undo-bar', { role: 'status', hidden: true }),
    undo: null,
    targetsBox: h('tbody#targets'),
  };
  const check = debounce(() => runCheck(E), 30); /* short: a check costs the server a few ms */
  const keep = debounce(() => keepDraft(E), 200);
  E.schedule = canEdit ? () => { E.dirty = true; keep(); check(); } : () => {};
  E.dirty = false;
  return E;
}

/* --- drafts: unsaved changes kept in this browser -------------------------
 * Every change is kept in localStorage under the user and the project, so
 * that a reload, a crash or an expired session loses nothing: opening the
 * project again offers the draft back until it is saved or thrown away. */
function draftKey(E) {
  return `zbb.draft.${E.ctx.me.user}.${E.ctx.year || ''}.${E.isNew ? 'new' : E.doc.code}`;
}

function keepDraft(E) {
  if (!E.dirty) return;
  const d = { head: E.st.head, items: E.st.items, targets: E.st.targets, version: E.st.version, at: new Date().toISOString() };
  try {
    localStorage.setItem(draftKey(E), JSON.stringify(d));
  } catch { /* storage full or off: the page still works */ }
}

function dropDraft(E) {
  localStorage.removeItem(draftKey(E));
  E.dirty = false;
}

function offerDraft(E) {
  let d = null;
  try {
    d = JSON.parse(localStorage.getItem(draftKey(E)) || 'null');
  } catch { d = null; }
  if (!d || !d.head) return;
  const same = JSON.stringify({ h: d.head, i: d.items, t: d.targets }) === JSON.stringify({ h: E.st.head, i: E.st.items, t: E.st.targets });
  if (same) { localStorage.removeItem(draftKey(E)); return; }
  const when = new Date(d.at);
  const p = (n) => String(n).padStart(2, '0');
  const at = Number.isNaN(when.getTime()) ? '' : `${when.getMonth() + 1}-${when.getDate()} ${p(when.getHours())}:${p(when.getMinutes())}`;
  const stale = !E.isNew && d.version != null && d.version !== E.st.version;
  const bar = h('div.draft-bar#draft-bar', { role: 'status' },
    t('有未保存的修改（{0}）', at), stale ? ` ${t('项目已在别处保存为第 {0} 版，恢复后请核对', E.st.version)}` : '', ' ',
    h('button.primary#draft-restore', { type: 'button', on: { click: () => {
      E.st.head = d.head;
      E.st.items = d.items;
      E.st.targets = d.targets || [];
      E.dirty = true;
      layout(E);
      drawItems(E);
      drawTargets(E);
      E.schedule();
      toast(t('已恢复未保存的修改'));
    } } }, t('恢复')), ' ',
    h('button#draft-discard', { type: 'button', on: { click: () => { dropDraft(E); bar.remove(); } } }, t('放弃')));
  E.box.prepend(bar);
}

/* --- the header fields and the layout --- */
function headerInput(E, k, attrs = {}) {
  /* an agency user's new project is numbered by the server ({agency}-NNN) */
  const assigned = k === 'code' && E.isNew && E.ctx.me.role === 'agency';
  const el = h('input', { name: k, value: E.st.head[k] ?? '', readonly: E.ro || (k === 'code' && !E.isNew) || assigned,
    ...(assigned ? { placeholder: t('保存后自动编号') } : {}), ...attrs });
  el.addEventListener('input', () => { E.st.head[k] = el.value; E.schedule(); });
  return el;
}

function headerSelect(E, k, opts) {
  const el = select(opts, E.st.head[k], { name: k, disabled: E.ro });
  el.addEventListener('change', () => { E.st.head[k] = el.value; E.schedule(); });
  return el;
}

function headerCheck(E, k) {
  const el = h('input', { type: 'checkbox', name: k, checked: E.st.head[k], disabled: E.ro });
  el.addEventListener('change', () => { E.st.head[k] = el.checked; E.schedule(); });
  return h('label.check', el, ' ', t({ rigid: '刚性', urgent: '急需', new: '新增项目' }[k]));
}

function layout(E) {
  const { doc, canEdit, isNew, st, ctx } = E;
  const save = h('button.primary#save', { type: 'button', on: { click: () => doSave(E) } }, t('保存并提交'));
  const remove = !isNew && canEdit ? h('button.danger#delete-project', { type: 'button', on: { click: () => doDelete(E) } }, t('删除项目')) : null;
  const inp = (k, attrs) => headerInput(E, k, attrs);
  const sel = (k, opts) => headerSelect(E, k, opts);
  const chk = (k) => headerCheck(E, k);
  const addTarget = () => {
    st.targets.push({ level1: 'output', level2: '数量', name: '', operator: '>=', value: '', unit: '', weight: null });
    drawTargets(E);
    E.schedule();
  };
  clear(E.box,
    h('div.editor-head',
      h('h3', isNew ? t('新建项目') : `${doc.code} ${doc.name}`),
      h('span.muted', isNew ? '' : `${t('版本')} ${doc.version}`),
      E.status,
      h('span.spacer'),
      canEdit ? remove : null,
      canEdit ? save : h('span.tag#read-only', doc.basic ? t('定员定额生成，只读') : E.locked ? E.locked : t('只读'))),
    E.locked ? h('div.lock-note#lock-reason', { role: 'note' }, E.locked, ctx.adopted ? t('；变更由预算科录入预算调整') : t('；退回后方可修改')) : null,
    isNew ? null : opinionBox(opinionsFor(E.season, doc.code), 'project-opinions'),
    isNew || !ctx.adopted ? null : adoptedStrip(ctx, doc.code),
    h('div.form-grid',
      field(t('项目编码'), inp('code', { maxlength: 64 })),
      field(t('项目名称'), inp('name')),
      field(t('类别'), sel('kind', KINDS.map((k) => [k, t('kind:' + k)]))),
      field(t('保障档次'), sel('tier', ctx.tiers.map((k) => [k, t('tier:' + k)]))),
      pickedField(E, 'function', t('功能分类'), { placeholder: '2050201', maxlength: 7 }),
      pickedField(E, 'basis', t('政策依据'), { placeholder: 'B1;B2' }),
      pickedField(E, 'priority', t('大事要事编码'), {}),
      field(t('评分'), inp('score', { placeholder: '0–100', maxlength: 6 })),
      h('div.checks', chk('rigid'), chk('urgent'), chk('new'))),
    E.projFindings,
    h('div.grid-head', h('h4', t('明细')), h('span.hint', E.ro ? '' : t('Enter/Tab 下一格，Insert 插入行，Ctrl+Delete 删除行（Ctrl+Z 撤销），F4 选择经济分类或支出标准，可从 Excel 粘贴多行')),
      canEdit ? h('button#add-item', { type: 'button', on: { click: () => addRow(E, st.items.length - 1) } }, '+ ' + t('添加明细')) : null),
    h('div.table-scroll', h('table.grid.items',
      h('thead', h('tr', h('th', '#'), h('th', t('内容')), h('th', t('经济分类')), h('th', t('支出标准')), h('th', t('单位')),
        h('th.num', t('单价（元）')), h('th.num', t('数量')), h('th.num', t('金额（元）')), h('th.num', t('核定（元）')),
        h('th', t('档次')), h('th', t('发现')), h('th', ''))),
      E.grid, h('tfoot', h('tr', h('td', { colspan: 12 }, E.totals))))),
    E.undoBar,
    h('div.grid-head', h('h4', t('绩效目标')),
      canEdit ? h('button#add-target', { type: 'button', on: { click: addTarget } }, '+ ' + t('添加目标')) : null),
    h('table.grid.targets', h('thead', h('tr', h('th', t('一级指标')), h('th', t('二级指标')), h('th', t('指标名称')), h('th', t('运算符')),
      h('th', t('指标值')), h('th', t('单位')), h('th', t('权重')), h('th', ''))), E.targetsBox));
}

/* --- pickers: the function class from the classification's tree, the
 * policy bases (several) and the priority from their lists; the name of
 * what is chosen shown under the field (F4 or Alt+↓ opens the picker) --- */
const PICKS = {
  function: {
    title: '选择功能分类科目',
    items: () => codeItems('function'),
    name: (v) => (v ? codeName('function', v) ?? '' : ''),
  },
  basis: {
    title: '选择政策依据（可多选）', multi: true,
    items: async () => [...refs.bases.values()].map((b) => ({ code: b.code, name: b.title, sub: b.valid_to ? `${b.valid_from} – ${b.valid_to}` : b.valid_from })),
    name: (v) => v.split(';').map((c) => c.trim()).filter(Boolean).map((c) => refs.bases.get(c)?.title ?? `${c} ${t('不存在')}`).join('；'),
  },
  priority: {
    title: '选择大事要事',
    items: async () => [...refs.priorities.values()].map((x) => ({ code: x.code, name: x.name })),
    name: (v) => (v ? refs.priorities.get(v)?.name ?? `${v} ${t('不存在')}` : ''),
  },
};

function pickedField(E, k, label, attrs) {
  const how = PICKS[k];
  const el = headerInput(E, k, attrs);
  const name = h('span.code-name', { id: 'name-' + k });
  const show = () => {
    const n = how.name(el.value.trim());
    name.textContent = n;
    name.title = n;
    name.classList.toggle('unknown', !!el.value.trim() && (!n || n.endsWith(t('不存在'))));
  };
  const open = async () => {
    const v = await pick({ title: t(how.title), items: await how.items(), value: el.value.trim(), multi: !!how.multi });
    if (v == null) return;
    el.value = E.st.head[k] = v;
    show();
    E.schedule();
  };
  el.addEventListener('input', show);
  el.addEventListener('keydown', (e) => {
    if (!E.ro && (e.key === 'F4' || (e.altKey && e.key === 'ArrowDown'))) { e.preventDefault(); open(); }
  });
  show();
  const btn = E.ro ? null : h('button.pick', { type: 'button', id: 'pick-' + k, title: t('选择'), 'aria-label': t('选择') + ' ' + label, on: { click: open } }, '…');
  return h('div.field', h('span.label', label), h('span.picked', el, btn), name);
}

/* --- item rows --- */
function rowAmount(it) {
  const p = money.parseYuan(it.price), q = money.parseQty(it.quantity);
  return p == null || q == null ? null : money.amount(p, q);
}

function cellInput(E, it, col, r) {
  const attrs = { 'data-col': col, value: it[col], readonly: E.ro, autocomplete: 'off' };
  if (col === 'economic') attrs.list = 'dl-econ';
  if (col === 'price' || col === 'quantity') attrs.class = 'num';
  let el;
  if (col === 'level') el = select([['1', '1'], ['2', '2'], ['3', '3']], it.level, { 'data-col': col, disabled: E.ro });
  else el = h('input', attrs);
  /* like a spreadsheet cell: what is there is selected on entering, so that
   * typing replaces it (a unit the standard filled in is not doubled) */
  if (col !== 'level') el.addEventListener('focus', () => { if (!E.ro) el.select(); });
  if (col === 'economic') econPicker(E, it, el);
  if (col === 'standard') stdPicker(E, it, el, r);
  if (col === 'price' || col === 'quantity')
    el.addEventListener('change', () => {
      /* "1200元", "１２００", "1.2万" are read as amounts and shown plainly */
      const v = col === 'price' ? money.parseYuan(el.value) : money.parseQty(el.value);
      if (v != null) {
        el.value = it[col] = col === 'price' ? money.yuanPlain(v) : money.qtyText(v);
        el.title = '';
      }
    });
  el.addEventListener(col === 'level' ? 'change' : 'input', () => {
    it[col] = el.value;
    if (col === 'standard') {
      const s = refs.standards.get(el.value);
      if (s) fillFromStandard(it, r, s);
      drawCeiling(it, r);
    }
    if (col === 'price' || col === 'quantity') {
      const bad = el.value !== '' && (col === 'price' ? money.parseYuan(el.value) : money.parseQty(el.value)) == null;
      el.classList.toggle('invalid', bad);
      el.title = bad ? badNumber(col, el.value) : '';
      drawAmount(E, it, r);
    }
    E.schedule();
  });
  return el;
}

/* the economic class of a row from the classification's tree */
function econPicker(E, it, el) {
  const title = () => { el.title = it.economic ? codeName('economic', it.economic) || t('不存在') : ''; };
  title();
  el.addEventListener('input', title);
  const open = async () => {
    if (E.ro) return;
    const v = await pick({ title: t('选择经济分类科目'), items: await codeItems('economic'), value: el.value.trim() });
    if (v == null) return;
    el.value = it.economic = v;
    title();
    E.schedule();
  };
  el.addEventListener('keydown', (e) => {
    if (e.key === 'F4' || (e.altKey && e.key === 'ArrowDown')) { e.preventDefault(); e.stopPropagation(); open(); }
  });
  el.addEventListener('dblclick', open);
}

/* What a standard brings to a row it is chosen for: its economic class,
 * unit and ceiling price, each only where the row has none yet (a unit
 * already there is kept, never doubled; a price typed is the agency's). */
function fillFromStandard(it, r, s) {
  const set = (col, v) => {
    if (it[col]) return;
    it[col] = v;
    const c = r.querySelector(`[data-col=${col}]`);
    if (c) { c.value = v; c.classList.remove('invalid'); c.title = col === 'economic' ? codeName('economic', v) || '' : ''; }
  };
  set('economic', s.economic);
  set('unit', s.unit);
  set('price', money.yuanPlain(money.fen(s.max_price_fen)));
}

/* the expenditure standard of a row from the standards list: searched by
 * code, name, unit or economic class, each shown with its unit and ceiling
 * (F4, Alt+↓, a double click or the … button in the cell) */
function stdPicker(E, it, el, r) {
  const open = async () => {
    if (E.ro) return;
    const items = [...refs.standards.values()].map((s) => ({ code: s.code, name: s.name,
      sub: `≤ ${money.yuan(s.max_price_fen)} ${t('元')}/${s.unit} · ${s.economic}${s.valid_to ? ` · ${t('至')} ${s.valid_to}` : ''}` }));
    const v = await pick({ title: t('选择支出标准'), items, value: el.value.trim() });
    el.focus(); /* back in the cell, also when opened by its button */
    if (v == null) return;
    el.value = it.standard = v;
    const s = refs.standards.get(v);
    if (s) fillFromStandard(it, r, s);
    drawAmount(E, it, r);
    E.schedule();
  };
  el.addEventListener('keydown', (e) => {
    if (e.key === 'F4' || (e.altKey && e.key === 'ArrowDown')) { e.preventDefault(); e.stopPropagation(); open(); }
  });
  el.addEventListener('dblclick', open);
  el.openPicker = open;
}

/* the words for a price or quantity that is not one */
function badNumber(col, v) {
  return col === 'price'
    ? t('单价“{0}”不是金额：请填元，如 1200 或 1200.50', v)
    : t('数量“{0}”不是数量：请填数字，最多四位小数，如 12 或 2.5', v);
}

function drawCeiling(it, r) {
  const s = refs.standards.get(it.standard);
  const c = r.querySelector('.ceiling');
  c.textContent = s ? `≤ ${money.yuan(s.max_price_fen)}` : '';
  const p = money.parseYuan(it.price);
  c.classList.toggle('over', !!(s && p != null && p > money.fen(s.max_price_fen)));
  /* the standard's name under its code */
  const n = r.querySelector('.std-name');
  const code = (it.standard || '').trim();
  n.textContent = !code ? '' : s ? s.name : t('不存在');
  n.title = s ? `${s.name}（≤ ${money.yuan(s.max_price_fen)} ${t('元')}/${s.unit}）` : n.textContent;
  n.classList.toggle('unknown', !!code && !s);
}

function drawAmount(E, it, r) {
  const a = rowAmount(it);
  r.querySelector('.amount').textContent = a == null ? '—' : money.yuan(a);
  drawCeiling(it, r);
  drawTotals(E);
}

function drawTotals(E) {
  let req = 0n;
  for (const it of E.st.items) req += rowAmount(it) ?? 0n;
  let appr = 0n;
  for (const a of E.st.amounts) appr += money.fen(a.approved_fen);
  let control = null;
  const s = E.season;
  if (s && s.control_fen != null) {
    const room = money.fen(s.control_fen) - (money.fen(s.requested_fen) - E.savedAmount) - req;
    control = h('span.control-room#control-room' + (room < 0n ? '.over' : ''), { 'data-room': String(room) }, t('　'),
      `${t('控制数')} `, h('b#control', money.yuan(s.control_fen)), ` ${t('元')}${t('，')}${room < 0n ? t('超出') : t('剩余')} `,
      h('b#room', money.yuan(room < 0n ? -room : room)), ` ${t('元')}`);
  }
  clear(E.totals, `${t('合计')}${t('：')}${t('申报数')} `, h('b#total-requested', money.yuan(req)), ` ${t('元')}`,
    E.st.amounts.length ? [t('　'), `${t('审核数')} `, h('b#total-approved', money.yuan(appr)), ` ${t('元')}`] : null, control);
}

function drawRow(E, it, i) {
  const r = h('tr.item-row', { 'data-seq': it.seq, 'data-index': i });
  r.append(h('td.seq', String(it.seq)));
  for (const col of ITEM_COLS) {
    const el = cellInput(E, it, col, r);
    const td = h('td', el);
    if (col === 'price') td.append(h('span.ceiling'));
    if (col === 'standard') {
      /* out of the Tab order: the keyboard has F4 */
      const btn = E.ro ? null : h('button.pick.cell-pick', { type: 'button', tabindex: '-1', title: t('选择支出标准'), 'aria-label': t('选择支出标准'),
        on: { click: () => el.openPicker() } }, '…');
      clear(td, h('span.cell-picked', el, btn), h('span.std-name'));
    }
    if (col === 'quantity') r.append(td, h('td.num.amount'), h('td.num.approved'));
    else r.append(td);
  }
  r.append(h('td.findings'));
  r.append(h('td', E.canEdit ? h('button.icon.del-row', { type: 'button', title: t('删除此行'), on: { click: () => delRow(E, i) } }, '×') : null));
  drawAmount(E, it, r);
  return r;
}

function drawItems(E) {
  clear(E.grid, E.st.items.map((it, i) => drawRow(E, it, i)));
  drawResults(E);
}

function nextSeq(E) {
  return E.st.items.reduce((m, x) => Math.max(m, x.seq), 0) + 1;
}

/* Item numbers are the rows' order (the server keeps items by number), as
 * long as no review names an item by its number; once one does, the
 * numbers stay and a new row goes at the end. */
function renumbers(E) {
  return !(E.doc.reviews && E.doc.reviews.length);
}

function renumber(E) {
  if (renumbers(E)) E.st.items.forEach((it, i) => { it.seq = i + 1; });
}

function addRow(E, after, focus = true) {
  if (!renumbers(E)) after = E.st.items.length - 1;
  E.st.items.splice(after + 1, 0, itemState({ seq: nextSeq(E) }));
  renumber(E);
  drawItems(E);
  if (focus) E.grid.children[after + 1]?.querySelector('[data-col=content]')?.focus();
  E.schedule();
}

/* A row goes at once, and the bar under the grid offers it back (撤销, or
 * Ctrl+Z in the grid) until the next deletion. */
function delRow(E, i) {
  const [gone] = E.st.items.splice(i, 1);
  if (!E.st.items.length) E.st.items.push(itemState({ seq: 1 }));
  renumber(E);
  drawItems(E);
  E.grid.children[Math.min(i, E.st.items.length - 1)]?.querySelector('[data-col=content]')?.focus();
  E.schedule();
  E.undo = { item: gone, at: i };
  const label = gone.content ? `“${gone.content}”` : t('行 {0}', i + 1);
  clear(E.undoBar, t('已删除明细 {0}', label), ' ',
    h('button.link#undo-delete', { type: 'button', on: { click: () => undoDelete(E) } }, t('撤销')));
  E.undoBar.hidden = false;
}

function undoDelete(E) {
  if (!E.undo) return;
  const { item, at } = E.undo;
  E.undo = null;
  E.undoBar.hidden = true;
  /* the blank row left when the last one went is not kept */
  if (E.st.items.length === 1 && !E.st.items[0].content && !E.st.items[0].price && !E.st.items[0].quantity) E.st.items = [];
  E.st.items.splice(Math.min(at, E.st.items.length), 0, item);
  if (renumbers(E)) renumber(E);
  drawItems(E);
  E.grid.children[Math.min(at, E.st.items.length - 1)]?.querySelector('[data-col=content]')?.focus();
  E.schedule();
}

/* Rows copied from Excel or WPS arrive as tab-separated lines: they fill
 * the grid from the cell pasted into, across and down, adding rows. */
function pasteRows(E, e) {
  const cell = e.target.closest('[data-col]');
  const row = e.target.closest('tr.item-row');
  const text = e.clipboardData?.getData('text/plain') ?? '';
  if (!cell || !row || E.ro || !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
  e.preventDefault();
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
  const i0 = +row.dataset.index, c0 = ITEM_COLS.indexOf(cell.dataset.col);
  for (const [k, cells] of lines.entries()) {
    if (i0 + k >= E.st.items.length) E.st.items.push(itemState({ seq: nextSeq(E) }));
    const it = E.st.items[i0 + k];
    for (const [j, v] of cells.entries()) {
      const col = ITEM_COLS[c0 + j];
      if (!col) break;
      let val = v.trim().replace(/^"(.*)"$/s, '$1');
      if (col === 'price') { const p = money.parseYuan(val); if (p != null) val = money.yuanPlain(p); }
      if (col === 'quantity') { const q = money.parseQty(val); if (q != null) val = money.qtyText(q); }
      if (col === 'level' && !['1', '2', '3'].includes(val)) continue;
      it[col] = val;
    }
  }
  renumber(E);
  drawItems(E);
  E.grid.children[i0]?.querySelectorAll('[data-col]')[c0]?.focus();
  toast(t('已粘贴 {0} 行', lines.length));
  E.schedule();
}

/* spreadsheet keys */
function gridKey(E, e) {
  const grid = E.grid;
  const cell = e.target.closest('[data-col]');
  const row = e.target.closest('tr.item-row');
  if (!cell || !row || E.ro) return;
  const i = +row.dataset.index;
  const cells = [...row.querySelectorAll('[data-col]')];
  const k = cells.indexOf(cell);
  if (e.key === 'Enter') {
    e.preventDefault();
    if (e.shiftKey) {
      (cells[k - 1] || grid.children[i - 1]?.querySelectorAll('[data-col]')[cells.length - 1])?.focus();
    } else if (k + 1 < cells.length) {
      cells[k + 1].focus();
    } else if (i + 1 < E.st.items.length) {
      grid.children[i + 1].querySelector('[data-col]').focus();
    } else {
      addRow(E, i);
    }
  } else if (e.key === 'Insert') {
    e.preventDefault();
    addRow(E, i);
  } else if (e.key === 'Delete' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    delRow(E, i);
  } else if (e.key === 'z' && (e.ctrlKey || e.metaKey) && E.undo && !cell.value) {
    e.preventDefault();
    undoDelete(E);
  } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && cell.tagName === 'INPUT' && !cell.list) {
    const r2 = grid.children[i + (e.key === 'ArrowDown' ? 1 : -1)];
    if (r2) {
      e.preventDefault();
      r2.querySelectorAll('[data-col]')[k]?.focus();
    }
  }
}

/* --- targets --- */
function drawTargets(E) {
  clear(E.targetsBox, E.st.targets.map((tg, i) => {
    const c = (k, opts) => {
      const el = opts ? select(opts, tg[k], { disabled: E.ro, 'data-col': k }) : h('input', { value: tg[k] ?? '', readonly: E.ro, 'data-col': k });
      el.addEventListener(opts ? 'change' : 'input', () => { tg[k] = el.value; E.schedule(); });
      return h('td', el);
    };
    const drop = () => { E.st.targets.splice(i, 1); drawTargets(E); E.schedule(); };
    return h('tr', c('level1', ['output', 'benefit', 'satisfaction'].map((x) => [x, t('tgt:' + x)])), c('level2'), c('name'),
      c('operator', ['=', '>=', '<=', '>', '<', 'qualitative']), c('value'), c('unit'), c('weight'),
      h('td', E.canEdit ? h('button.icon', { type: 'button', on: { click: drop } }, '×') : null));
  }));
}

/* --- the body for check and save --- */
function body(E, forSave) {
  const hd = E.st.head;
  const b = { code: hd.code.trim() || undefined, name: hd.name, kind: hd.kind, tier: hd.tier, function: hd.function.trim(),
    basis: hd.basis.trim() || null, priority: hd.priority.trim() || null, rigid: hd.rigid, urgent: hd.urgent, new: hd.new,
    score: hd.score === '' || hd.score == null ? null : String(hd.score) };
  if (E.ctx.me.role !== 'agency') b.agency = E.doc.agency;
  const index = [], bad = [];
  b.items = [];
  for (const [i, it] of E.st.items.entries()) {
    if (forSave && !it.content && !it.economic && !it.price && !it.quantity) continue; /* an empty row is no item */
    const p = money.parseYuan(it.price);
    if (!forSave && (p == null || money.parseQty(it.quantity) == null)) continue; /* not yet a number: judged when it is */
    const q = money.parseQty(it.quantity);
    if (forSave && (p == null || q == null)) {
      /* said in words here, not as the API's price_fen: 应为整数（分） */
      bad.push(`${t('第 {0} 行', i + 1)}${t('：')}${p == null ? badNumber('price', it.price) : badNumber('quantity', it.quantity)}`);
      continue;
    }
    index.push(i);
    b.items.push({ seq: it.seq, content: it.content, economic: it.economic.trim(), standard: it.standard.trim() || null,
      unit: it.unit, price_fen: Number(p), quantity: money.qtyText(q), level: +it.level });
  }
  b.targets = E.st.targets.filter((x) => x.name).map((x) => ({ level1: x.level1, level2: x.level2, name: x.name, operator: x.operator,
    value: x.value, unit: x.unit || null, weight: x.weight === '' || x.weight == null ? null : String(x.weight) }));
  if (forSave && !E.isNew) b.version = E.st.version;
  return { b, index, bad };
}

/* --- findings on the rows --- */
function drawResults(E) {
  const st = E.st;
  const bySeq = new Map();
  for (const f of st.findings) {
    const k = f.seq ?? 0;
    if (!bySeq.has(k)) bySeq.set(k, []);
    bySeq.get(k).push(f);
  }
  const appr = new Map(st.amounts.map((a) => [a.seq, a]));
  for (const r of E.grid.children) {
    const seq = +r.dataset.seq;
    const a = appr.get(seq);
    r.querySelector('.approved').textContent = a ? money.yuan(a.approved_fen) : '';
    clear(r.querySelector('.findings'), (bySeq.get(seq) || []).map(badge));
    r.classList.toggle('has-error', (bySeq.get(seq) || []).some((f) => f.severity === 'error'));
    for (const c of r.querySelectorAll('[data-col]')) c.classList.remove('invalid-server');
  }
  for (const e of st.errors) {
    const m = /^items\[(\d+)\]\.(\w+)/.exec(e.field || '');
    if (!m) continue;
    const r = E.grid.children[st.lastIndex?.[+m[1]] ?? +m[1]];
    const col = m[2] === 'price_fen' ? 'price' : m[2];
    const c = r?.querySelector(`[data-col=${col}]`);
    if (c) { c.classList.add('invalid-server'); c.title = e.message; }
  }
  clear(E.projFindings, (bySeq.get(0) || []).map((f) => h('div.pf', badge(f), ' ', f.message)),
    st.errors.filter((e) => !/^items\[/.test(e.field || '')).map((e) => h('div.pf.err', e.message)));
  drawTotals(E);
}

/* --- the round trips --- */
async function runCheck(E) {
  /* a header still being typed is not worth a round trip (it would come back 422) */
  const { st, status } = E;
  const hd = st.head;
  if (!hd.name.trim() || !/^\d{3}(\d{2}){0,2}$/.test(hd.function.trim())) {
    status.textContent = '';
    return;
  }
  const my = ++E.seqNo;
  const { b, index } = body(E, false);
  status.textContent = t('审核中…');
  const t0 = performance.now();
  try {
    const r = await post('/check', b);
    if (my !== E.seqNo) return;
    st.findings = r.findings;
    st.amounts = r.amounts;
    st.errors = r.errors || [];
    st.lastIndex = index;
    status.textContent = `${t('草稿已审核')} · ${Math.round(performance.now() - t0)} ms`;
    status.dataset.ms = String(Math.round(performance.now() - t0));
  } catch (e) {
    if (my !== E.seqNo) return;
    st.findings = [];
    st.amounts = [];
    st.errors = e instanceof ApiError && e.errors.length ? e.errors : [{ message: errText(e), field: e.field }];
    status.textContent = errText(e);
  }
  status.dataset.seq = String(my);
  drawResults(E);
}

const COL_WORDS = { content: '内容', economic: '经济分类', standard: '支出标准', unit: '单位', price_fen: '单价（元）',
  quantity: '数量', level: '档次', seq: '#' };

/* A located error of the API ("items[1]: unit: 必填（单位）") said with
 * the grid's words: the row as numbered on screen and the column's name. */
function inWords(e, index) {
  const m = /^items\[(\d+)\]\.(\w+)/.exec(e.field || '');
  const msg = String(e.message || '').replace(/^items\[\d+\](\.\w+)?:\s*(\w+:\s*)?/, '');
  if (!m) return msg;
  return `${t('第 {0} 行', (index[+m[1]] ?? +m[1]) + 1)} ${COL_WORDS[m[2]] ? t(COL_WORDS[m[2]]) : m[2]}：${msg}`;
}

async function doSave(E) {
  const { st, doc } = E;
  const { b, index, bad } = body(E, true);
  if (bad.length) {
    toast(bad.join('；'), 'err');
    clear(E.projFindings, bad.map((m) => h('div.pf.err', m)));
    return;
  }
  try {
    const r = E.isNew ? await post('/projects', b) : await put('/projects/' + encodeURIComponent(doc.code), b);
    toast(t('已保存'));
    dropDraft(E);
    st.version = r.version;
    await E.reloadList();
    if (E.isNew) location.hash = '#/agency/' + encodeURIComponent(r.code);
    else {
      st.findings = r.findings || [];
      st.amounts = r.amounts || [];
      st.errors = [];
      drawResults(E);
    }
    E.box.dataset.saved = String(r.version);
  } catch (e) {
    if (e.status === 409 && e.code === 'STATE') toast(errText(e), 'err');
    else if (e.status === 409) toast(t('该项目已被他人修改，请刷新后重做'), 'err');
    else if (e.errors && e.errors.length) toast(e.errors.map((x) => inWords(x, index)).join('；'), 'err');
    else toast(inWords(e, index), 'err');
    if (e.errors && e.errors.length) {
      st.errors = e.errors;
      st.lastIndex = index;
      drawResults(E);
    }
  }
}

async function doDelete(E) {
  if (!confirm(t('确定删除？'))) return;
  try {
    await del('/projects/' + encodeURIComponent(E.doc.code) + '?version=' + E.st.version);
    dropDraft(E);
    toast(t('已删除'));
    location.hash = '#/agency';
  } catch (e) {
    toast(errText(e), 'err');
  }
}
