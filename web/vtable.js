/*
 * vtable.js - a long list paged by the server: only the rows in sight are
 * in the page (a fixed row height, a spacer above and below), pages of
 * PAGE rows are fetched as they come into sight and kept, a click on a
 * header sorts on the server (again: descending), a search box filters on
 * the server, and the 合计 row over the whole result stays at the bottom.
 *
 *   const v = vtable({ cols, fetch: (offset, limit, sort, q) => {total, rows, total_row}, unit, onRow });
 *   view.append(v.el); await v.reload();
 *
 * Rows with onRow are reachable by Tab and open with Enter.
 */
import { t } from './i18n.js';
import { h, clear, errText } from './ui.js';
import * as money from './money.js';

const PAGE = 200;
const ROW_H = 28;
const OVERSCAN = 20;

const isNum = (c) => c.type === 'money' || c.type === 'int' || c.type === 'share';

export function vtable(opts) {
  const cols = opts.cols;
  const fmtOf = () => (opts.unit === 'yuan' ? money.yuan : opts.unit === 'yi' ? money.yi : money.wan);
  let sort = opts.sort || '', q = '', total = 0, totalRow = null, gen = 0;
  let pages = new Map(); /* page index → rows, or a promise while it loads */
  const status = h('span.muted.vt-count');
  const err = h('p.error-text.vt-error');
  const head = h('tr');
  const body = h('tbody');
  const foot = h('tfoot');
  const table = h('table.grid.vtable', h('thead', head), body, foot);
  table.style.setProperty('--row-h', ROW_H + 'px'); /* CSSOM: the CSP allows no style attributes */
  const scroller = h('div.table-scroll.tall.vscroll', table);
  const el = h('div.vtable-wrap', err, scroller);

  for (const c of cols) {
    const th = h('th' + (isNum(c) ? '.num' : ''), { tabindex: c.sortable === false ? null : '0', 'data-key': c.key }, c.label);
    if (c.width) th.style.width = c.width;
    if (c.sortable !== false) {
      th.classList.add('sortable');
      const go = () => {
        sort = sort === c.key ? '-' + c.key : c.key;
        reload();
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    }
    head.append(th);
  }

  function cell(c, r) {
    const v = r[c.key];
    if (c.render) return c.render(v, r);
    if (v === null || v === undefined) return '';
    if (c.type === 'money') return fmtOf()(v);
    if (c.type === 'share') return money.percent(v);
    return String(v);
  }

  function rowEl(r, i) {
    const tr = h('tr', { 'data-i': String(i) });
    if (r && opts.onRow) {
      tr.classList.add('clickable');
      tr.tabIndex = 0;
      tr.addEventListener('click', () => opts.onRow(r, i));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') opts.onRow(r, i);
        else if (e.key === 'ArrowDown') { e.preventDefault(); tr.nextElementSibling?.focus(); }
        else if (e.key === 'ArrowUp') { e.preventDefault(); tr.previousElementSibling?.focus(); }
      });
      if (opts.rowAttrs) for (const [k, v] of Object.entries(opts.rowAttrs(r))) tr.setAttribute(k, v);
    }
    for (const c of cols) tr.append(h('td' + (isNum(c) ? '.num' : ''), r ? cell(c, r) : (c === cols[0] ? '…' : '')));
    return tr;
  }

  function load(p, g) {
    if (pages.has(p)) return pages.get(p);
    const pr = opts.fetch(p * PAGE, PAGE, sort, q).then((d) => {
      if (g !== gen) return null;
      pages.set(p, d.rows);
      total = d.total;
      totalRow = d.total_row;
      return d;
    }, (e) => {
      if (g === gen) {
        pages.delete(p);
        err.textContent = errText(e);
      }
      return null;
    });
    pages.set(p, pr);
    return pr;
  }

  let frame = 0;
  function draw() {
    frame = 0;
    const top = scroller.scrollTop, hgt = scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(total, Math.ceil((top + hgt) / ROW_H) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) {
      const pg = pages.get(Math.floor(i / PAGE));
      if (!Array.isArray(pg)) {
        load(Math.floor(i / PAGE), gen).then((d) => d && schedule());
        rows.push(rowEl(null, i));
      } else {
        rows.push(rowEl(pg[i % PAGE], i));
      }
    }
    const spacer = (n) => {
      const td = h('td', { colspan: String(cols.length) });
      td.style.height = n * ROW_H + 'px';
      return h('tr.spacer', td);
    };
    clear(body, spacer(first), rows, spacer(Math.max(0, total - last)));
    if (totalRow) {
      const tr = h('tr.total');
      for (const c of cols) {
        const v = totalRow[c.key];
        const txt = v === null || v === undefined ? (c === cols[0] ? t('合计') : '') : c.type === 'money' ? fmtOf()(v) : cell(c, totalRow);
        tr.append(h('td' + (isNum(c) ? '.num' : ''), txt));
      }
      clear(foot, tr);
    } else {
      clear(foot);
    }
    status.textContent = t('共 {0} 条', total);
    for (const th of head.children) {
      const k = th.dataset.key;
      th.setAttribute('aria-sort', sort === k ? 'ascending' : sort === '-' + k ? 'descending' : 'none');
    }
  }
  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }
  scroller.addEventListener('scroll', schedule, { passive: true });

  async function reload() {
    gen++;
    pages = new Map();
    err.textContent = '';
    const d = await load(0, gen);
    if (!d) return;
    scroller.scrollTop = 0;
    draw();
  }

  return {
    el, status, reload,
    get sort() { return sort; },
    get q() { return q; },
    get total() { return total; },
    setQuery(v) { q = v; return reload(); },
    setUnit(u) { opts.unit = u; draw(); },
  };
}
