/*
 * page-audit.js - 审计: the hash-chained audit log, newest first, paged and
 * searched by the server (GET /audit?order=desc&offset=&limit=&q=); times
 * in the browser's own time zone; each entry's before/after JSON on demand.
 */
import { get, qs } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, panel, debounce } from './ui.js';
import { vtable } from './vtable.js';

/* "2026-11-01T09:00:00Z" → the local time, to the second */
export function localTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function actionWords(a) {
  const k = 'audit:' + a;
  const w = t(k);
  return w === a ? a : `${w}`;
}

export async function render(view) {
  const search = h('input#audit-q', { type: 'search', placeholder: t('用户、动作或对象'), 'aria-label': t('搜索') });
  const vt = vtable({
    cols: [
      { key: 'id', label: '#', type: 'int', sortable: false, width: '70px' },
      { key: 'time', label: t('时间（本地）'), sortable: false, render: (v) => localTime(v), width: '170px' },
      { key: 'user', label: t('用户'), sortable: false },
      { key: 'action', label: t('动作'), sortable: false, render: (v) => actionWords(v) },
      { key: 'object', label: t('对象'), sortable: false },
    ],
    fetch: (offset, limit, sort, q) => get('/audit' + qs({ order: 'desc', offset, limit, q }))
      .then((r) => ({ total: r.total, rows: r.entries, total_row: null })),
    onRow: (e) => {
      const b = panel(`#${e.id} ${actionWords(e.action)}`);
      b.append(h('p', `${localTime(e.time)} · ${e.user} · ${e.object}`), h('h5', t('修改前')), h('pre', JSON.stringify(e.before, null, 1)),
        h('h5', t('修改后')), h('pre', JSON.stringify(e.after, null, 1)), h('p.muted.mono', e.hash));
    },
  });
  void getLang;
  clear(view, h('div.page-head', h('h2', t('审计日志')), vt.status), h('div.filters', field2(t('搜索'), search)), vt.el);
  search.addEventListener('input', debounce(() => vt.setQuery(search.value.trim()), 250));
  await vt.reload();
}

function field2(label, input) {
  return h('label.field', h('span.label', label), input);
}
