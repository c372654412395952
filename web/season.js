/*
 * season.js - the budget season in the UI (SPEC §11): the agencies' states
 * (GET /season), their tags (编制中 / 已送审 / 已退回 / 已审核 / 已批复), the
 * actions (POST /season/{agency}/{action} with the version read), the
 * 审核意见 dialog of a return, and the budget office's issue of control
 * numbers from a scenario with a preview.  Which action a role sees
 * follows the server's table (season.c); the server judges every one.
 */
import { get, post } from './api.js';
import { t } from './i18n.js';
import { h, toast, errText, select } from './ui.js';
import { dialog } from './dialog.js';
import * as money from './money.js';

export const STATE_WORDS = { draft: '编制中', submitted: '已送审', returned: '已退回', accepted: '已审核', approved: '已批复' };
export const ACTION_WORDS = { submit: '送审', return: '退回', accept: '审核通过', issue: '下达控制数', approve: '批复' };

/* agency code → its season row */
export async function loadSeason() {
  const s = await get('/season');
  return { rounds: s.rounds, year: s.year, byAgency: new Map(s.agencies.map((a) => [a.agency, a])), list: s.agencies };
}

export function stateTag(st) {
  if (!st) return null;
  return h('span.tag.state.state-' + st.state, { 'data-state': st.state, title: t('第 {0} 轮', st.round) }, t(STATE_WORDS[st.state] || st.state));
}

/* Whether an agency user may write its projects now (draft or returned),
 * and the reason when not. */
export function lockReason(st) {
  if (!st || st.state === 'draft' || st.state === 'returned') return null;
  return t('单位预算{0}（第 {1} 轮），不能修改', t(STATE_WORDS[st.state]), st.round);
}

/* The actions this role may take on the agency now. */
export function actionsFor(role, st) {
  if (!st) return [];
  const last = st.round >= st.rounds;
  const out = [];
  if (role === 'agency' && (st.state === 'draft' || st.state === 'returned')) out.push('submit');
  if ((role === 'reviewer' || role === 'budget') && st.state === 'submitted') out.push('return');
  if (role === 'budget' && st.state === 'submitted') out.push('accept');
  if (role === 'budget' && st.state === 'accepted' && last) out.push('approve');
  return out;
}

/* The opinions that concern a project: those naming it, and those on the whole agency. */
export function opinionsFor(st, project) {
  if (!st || !st.opinions) return [];
  return st.opinions.filter((o) => !o.projects.length || (project && o.projects.includes(project)));
}

export function opinionBox(ops, id) {
  if (!ops.length) return null;
  return h('div.opinions' + (id ? '#' + id : ''), { role: 'note' },
    ops.map((o) => h('div.opinion', h('b', `${t('审核意见')}${t('：')}`), o.opinion,
      h('span.muted', ` —— ${o.who}，${t('第 {0} 轮', o.round)}${o.projects.length ? ' · ' + o.projects.join('、') : ''}`))));
}

/* One action; resolves to the new state, or null (refused or given up: said in a toast). */
export async function act(st, action, projects) {
  const body = { version: st.version };
  if (action === 'return') {
    const r = await returnDialog(st, projects);
    if (!r) return null;
    Object.assign(body, r);
  }
  try {
    const r = await post(`/season/${encodeURIComponent(st.agency)}/${action}`, body);
    toast(`${st.name}${t('：')}${t(ACTION_WORDS[action])} → ${t(STATE_WORDS[r.state] || r.state)}`);
    return r;
  } catch (e) {
    toast(errText(e), 'err');
    return null;
  }
}

/* 退回: the opinion (required), on the agency or on chosen projects. */
async function returnDialog(st, projects) {
  const text = h('textarea#return-opinion', { name: 'opinion', rows: 4, placeholder: t('如：绩效目标不够明确，请细化后重新申报') });
  const boxes = (projects || []).map((p) => h('label.check.return-project', h('input', { type: 'checkbox', value: p.code, 'data-code': p.code }), ' ', `${p.code} ${p.name}`));
  const ok = await dialog({
    title: `${t('退回')}${t('：')}${st.name}`,
    body: [
      h('label.field', h('span.label', t('审核意见（必填）')), text),
      boxes.length ? h('div.field', h('span.label', t('意见涉及的项目（不选即针对整个单位）')), h('div.return-projects', boxes)) : null,
    ],
    ok: t('退回'),
    danger: true,
    check: () => (text.value.trim() ? null : t('请填写审核意见')),
  });
  if (!ok) return null;
  return { opinion: text.value.trim(), projects: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value) };
}

/* 下达控制数: the next round's control numbers from a scenario's funded
 * amount per agency, previewed (requested, control number, difference)
 * before the budget office confirms.  Resolves true when issued. */
export async function issueDialog(season) {
  const waiting = season.list.filter((a) => a.state === 'accepted' && a.round < a.rounds);
  if (!waiting.length) return false;
  const round = waiting[0].round + 1;
  let scen = [];
  try {
    scen = (await get('/scenarios')).scenarios || [];
  } catch (e) {
    toast(errText(e), 'err');
    return false;
  }
  if (!scen.length) {
    toast(t('没有场景：请先在“资金安排”中运行一次资金安排'), 'err');
    return false;
  }
  const names = scen.map((s) => s.name);
  const sel = select(names, names.includes('base') ? 'base' : names[0], { id: 'issue-scenario' });
  const preview = h('div.issue-preview#issue-preview');
  const late = season.list.filter((a) => a.round < round - 1 || (a.round === round - 1 && a.state !== 'accepted'));
  let ready = false;
  const draw = async () => {
    ready = false;
    preview.replaceChildren(h('p.muted', t('加载中…')));
    try {
      const rep = await get('/reports/agencies?scenario=' + encodeURIComponent(sel.value));
      const funded = new Map(rep.rows.filter((r) => r.code).map((r) => [r.code, r.funded_fen]));
      let tr = 0n, tc = 0n;
      const rows = waiting.map((a) => {
        const c = money.fen(funded.get(a.agency) ?? 0), r = money.fen(a.requested_fen);
        tr += r;
        tc += c;
        return h('tr', { 'data-agency': a.agency },
          h('td', a.agency), h('td', a.name), h('td.num.requested', money.wan(r)), h('td.num.control', money.wan(c)), h('td.num', money.wan(c - r)));
      });
      preview.replaceChildren(
        h('table.grid.issue-table', h('thead', h('tr', h('th', t('单位编码')), h('th', t('单位名称')), h('th.num', t('申报数')), h('th.num', t('控制数')), h('th.num', t('差额')))),
          h('tbody', rows), h('tfoot', h('tr.total', h('td', t('合计')), h('td', ''), h('td.num', money.wan(tr)), h('td.num', money.wan(tc)), h('td.num', money.wan(tc - tr))))),
        h('p.muted', t('单位：万元。控制数为场景中各单位的安排数。')));
      ready = true;
    } catch (e) {
      preview.replaceChildren(h('p.error-text', errText(e)));
    }
  };
  sel.addEventListener('change', draw);
  draw();
  const ok = await dialog({
    title: t('下达第 {0} 轮控制数', round),
    body: [h('label.field', h('span.label', t('按场景的安排数')), sel), late.length ? h('p.error-text', t('尚有 {0} 个单位未审核通过，不能下达', late.length)) : null, preview],
    ok: t('确认下达'),
    check: () => (late.length ? t('尚有 {0} 个单位未审核通过，不能下达', late.length) : ready ? null : t('预览尚未完成')),
  });
  if (!ok) return false;
  try {
    const r = await post('/season/all/issue', { round, scenario: sel.value });
    toast(t('已下达第 {0} 轮控制数：{1} 个单位', round, r.agencies.length));
    return true;
  } catch (e) {
    toast(errText(e), 'err');
    return false;
  }
}
