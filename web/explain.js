/*
 * explain.js - the 金额说明 panel: how one item's (or a project's items')
 * amount came about, from GET /api/v1/explain/{project}[/{seq}]: the rules'
 * steps with the amount before and after each, then the allocation's part
 * (SPEC §6.5): the package, its turn, the money open to it, what it drew
 * from where, and the decision.
 */
import { get, qs } from './api.js';
import { t } from './i18n.js';
import { h, panel, badge, errText } from './ui.js';
import * as money from './money.js';

const DECISION = {
  funded: '已安排', cut_capacity: '未安排（财力不足）', over_affordability: 'F:OVER_AFFORDABILITY', ineligible: 'F:CUT_CAPACITY',
};

export async function showExplain(project, seq, scenario) {
  const body = panel(`${t('金额说明')} · ${project}${seq ? '/' + seq : ''}`);
  body.append(h('p.muted', t('加载中…')));
  let d;
  try {
    d = await get(`/explain/${encodeURIComponent(project)}${seq ? '/' + seq : ''}` + qs({ scenario }));
  } catch (e) {
    body.replaceChildren(h('p.error-text', errText(e)));
    return;
  }
  body.replaceChildren(h('p', h('b', `${d.project} ${d.name}`), ` · ${d.agency} · ${t('tier:' + d.tier)}`,
    d.ranked_as !== d.tier ? ` → ${t('tier:' + d.ranked_as)}` : '', ` · ${t('场景')} ${d.scenario}`));
  for (const it of d.items) {
    const sec = h('section.explain-item', { 'data-seq': it.seq });
    sec.append(h('h4', `#${it.seq} ${it.content || ''}`),
      h('p', `${t('申报数')}${t('：')}${money.yuan(it.price_fen)} × ${it.quantity}${it.unit ? ' ' + it.unit : ''} = `, h('b', money.yuan(it.requested_fen)), ` ${t('元')}`));
    if (it.steps.length) {
      const tb = h('tbody');
      for (const s of it.steps)
        tb.append(h('tr', h('td', badge(s)), h('td.num', money.yuan(s.before_fen)), h('td.num', money.yuan(s.after_fen)), h('td', s.message)));
      sec.append(h('table.grid.small', h('thead', h('tr', h('th', t('规则')), h('th.num', t('之前')), h('th.num', t('之后')), h('th', t('说明')))), tb));
    }
    sec.append(h('p', `${t('审核数')}${t('：')}`, h('b', money.yuan(it.approved_fen)), ` ${t('元')}`));
    const a = it.allocation;
    if (a) {
      const lines = [h('h5', t('资金安排部分'))];
      if (a.package) {
        const p = a.package;
        lines.push(h('p', `${t('tier:' + p.tier)} · ${t('决策包')} L${p.level} ${money.yuan(p.amount_fen)} ${t('元')} · ${t('排序')} ${p.turn}`),
          h('p.muted', `${t('轮到时可用')}${t('：')}${t('结转资金')} ${money.yuan(p.carryover_left_fen)} / ${t('kind:earmarked')} ${money.yuan(p.earmarked_left_fen)} / ${t('kind:general')} ${money.yuan(p.general_left_fen)}`),
          h('p', `${t('决定')}${t('：')}${t(DECISION[p.decision] || p.decision)}`));
      }
      for (const dr of a.draws || []) lines.push(h('p.muted', `${t('从何处安排')}${t('：')}${dr.source || t('结转资金')} ${money.yuan(dr.amount_fen)} ${t('元')}`));
      lines.push(h('p', `${t('安排数')}${t('：')}`, h('b', money.yuan(a.funded_fen)), ` ${t('元')}`));
      sec.append(h('div.alloc-part', lines));
    }
    body.append(sec);
  }
}
