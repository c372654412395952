/*
 * projlist.js - the agency's project list beside the editor, paged by the
 * server (GET /api/v1/projects?agency=&offset=&limit=&sort=&q=): a search
 * box (codes, names, words such as 保工资), a sort, the count and the 合计
 * over the whole result, and 导出 (the whole result as XLSX).  Pages of
 * PAGE rows are fetched as the list is scrolled to its end.  Each project
 * is a link (#/agency/CODE), so Tab and Enter reach it.
 *
 *   const pl = projectList({ agency: () => code, current: () => code });
 *   box.append(pl.el); await pl.reload();
 */
import { get, qs } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, debounce, errText, select } from './ui.js';
import * as money from './money.js';

const PAGE = 100;

export function projectList(opts) {
  const search = h('input#project-q', { type: 'search', placeholder: t('编码、名称或档次'), 'aria-label': t('搜索') });
  const sort = select([['code', t('按编码')], ['name', t('按名称')], ['-requested_fen', t('按申报数（大到小）')]], 'code',
    { id: 'project-sort', 'aria-label': t('排序') });
  const count = h('span.list-count#project-count');
  const xlsx = h('a.button.small#project-export', { download: '' }, t('导出'));
  const rows = h('div.project-rows');
  const foot = h('div.list-total#project-total');
  const err = h('p.error-text');
  const el = h('div.project-list',
    h('div.list-head', search, h('div.list-tools', sort, xlsx), count), err, rows, foot);
  let total = 0, shown = 0, gen = 0, loading = null;
  /* the search and the sort stay while the officer goes from project to project */
  const kept = JSON.parse(sessionStorage.getItem('zbb.projects') || '{}');
  search.value = kept.q || '';
  sort.value = kept.sort || 'code';

  const query = () => ({ agency: opts.agency(), sort: sort.value, q: search.value.trim() });

  function link(p) {
    const cur = opts.current();
    return h('a.project-link' + (p.code === cur ? '.active' : ''), { href: '#/agency/' + encodeURIComponent(p.code), 'data-code': p.code },
      h('span.code', p.code), h('span.name', { title: p.function_name ? `${p.function} ${p.function_name}` : '' }, p.name, opts.mark ? opts.mark(p) : null),
      h('span.amt', p.requested_fen == null ? '—' : money.wan(p.requested_fen)));
  }

  async function more(g) {
    if (loading) return loading;
    loading = (async () => {
      try {
        const d = await get('/projects' + qs({ ...query(), offset: shown, limit: PAGE, unit: 'wan' }));
        if (g !== gen) return;
        total = d.total;
        shown += d.rows.length;
        rows.append(...d.rows.map(link));
        count.textContent = t('共 {0} 条', total);
        const tr = d.total_row || {};
        clear(foot, h('span', t('合计')), h('b.amt', tr.requested_fen == null ? '—' : money.wan(tr.requested_fen)), h('span.muted', t('万元')));
        if (!total) rows.append(h('p.muted', t('没有数据')));
      } catch (e) {
        if (g === gen) err.textContent = errText(e);
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  async function reload() {
    gen++;
    loading = null;
    shown = 0;
    total = 0;
    err.textContent = '';
    rows.replaceChildren();
    sessionStorage.setItem('zbb.projects', JSON.stringify({ q: search.value, sort: sort.value }));
    xlsx.href = '/api/v1/projects' + qs({ ...query(), format: 'xlsx', unit: 'wan', lang: getLang() });
    await more(gen);
  }

  rows.addEventListener('scroll', () => {
    if (shown < total && rows.scrollTop + rows.clientHeight > rows.scrollHeight - 200) more(gen);
  }, { passive: true });
  search.addEventListener('input', debounce(reload, 250));
  sort.addEventListener('change', reload);
  return { el, reload, get total() { return total; }, get shown() { return shown; } };
}
