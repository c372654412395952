/*
 * page-audit.js - 审计: the hash-chained audit log, newest page first; each
 * entry's before/after JSON on demand.
 */
import { get, qs } from './api.js';
import { t } from './i18n.js';
import { h, clear, panel } from './ui.js';

export async function render(view) {
  const out = h('div');
  clear(view, h('div.page-head', h('h2', t('审计日志'))), out);
  /* the newest 200: find the end first */
  let since = 0, entries = [];
  for (;;) {
    const r = await get('/audit' + qs({ since, limit: 5000 }));
    entries = entries.concat(r.entries).slice(-200);
    if (!r.more || !r.entries.length) break;
    since = r.entries[r.entries.length - 1].id;
  }
  entries.reverse();
  const tb = h('tbody');
  for (const e of entries)
    tb.append(h('tr.clickable', { on: { click: () => {
      const b = panel(`#${e.id} ${e.action}`);
      b.append(h('p', `${e.time} · ${e.user} · ${e.object}`), h('h5', 'before'), h('pre', JSON.stringify(e.before, null, 1)),
        h('h5', 'after'), h('pre', JSON.stringify(e.after, null, 1)), h('p.muted.mono', e.hash));
    } } }, h('td.num', String(e.id)), h('td', e.time), h('td', e.user), h('td', e.action), h('td', e.object)));
  clear(out, h('div.table-scroll.tall', h('table.grid', h('thead', h('tr', h('th.num', '#'), h('th', t('时间')), h('th', t('用户')), h('th', t('动作')), h('th', t('对象')))), tb)));
}
