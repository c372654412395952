/*
 * picker.js - choosing from a list instead of typing a code: a modal with
 * a search box (codes, names and what is shown beside them) over a list,
 * a tree for the built-in classification (功能分类 201 → 20502 → 2050201,
 * 经济分类 302 → 30201), one choice or several (政策依据 "B1;B2").  ↑/↓ move, Enter chooses (or
 * ticks, with several), Esc closes answering null.
 *
 *   const code = await pick({ title, items: [{code, name, depth}], value });
 *   const codes = await pick({ title, items, value: 'B1;B2', multi: true });   → 'B1;B2'
 *
 * codeItems(kind) gives the classification's items (GET /api/v1/codes/KIND,
 * loaded once), codeName(kind, code) the name of a code or of its longest
 * listed prefix ('' when none; null before the table is loaded).
 */
import { get } from './api.js';
import { t } from './i18n.js';
import { h, clear } from './ui.js';

const tables = {};

export async function codeItems(kind) {
  if (!tables[kind]) tables[kind] = get('/codes/' + kind).then((r) => r.codes.map((c) => ({ code: c.code, name: c.name, depth: (c.code.length - 3) / 2 })));
  try {
    return await tables[kind];
  } catch (e) {
    delete tables[kind];
    throw e;
  }
}

export function codeName(kind, code) {
  const p = tables[kind];
  if (!p || !p.done) return null;
  let best = '';
  for (const c of p.done) if (code.startsWith(c.code) && c.code.length > best.length) best = c.code;
  return best ? p.done.find((c) => c.code === best).name + (best === code ? '' : ' …') : '';
}

/* loads the table and keeps it for codeName */
export async function loadCodes(kind) {
  const items = await codeItems(kind);
  tables[kind].done = items;
  return items;
}

export function pick({ title, items, value = '', multi = false }) {
  return new Promise((resolve) => {
    const prev = document.activeElement;
    const chosen = new Set(multi ? value.split(';').map((x) => x.trim()).filter(Boolean) : []);
    const search = h('input.picker-q', { type: 'search', placeholder: t('输入编码或名称搜索'), 'aria-label': t('搜索') });
    const list = h('ul.picker-list', { role: 'listbox', 'aria-multiselectable': multi ? 'true' : null });
    const count = h('span.muted.picker-count');
    const ok = multi ? h('button.primary#picker-ok', { type: 'button' }, t('确定')) : null;
    const cancel = h('button#picker-cancel', { type: 'button' }, t('取消'));
    const card = h('div.modal-card.picker', { role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('h3', title), search, count, list, h('div.modal-actions', cancel, ok));
    const overlay = h('div.modal', card);
    let shown = [], at = 0;

    function draw() {
      const q = search.value.trim().toLowerCase();
      let keep = items;
      if (q) {
        const hit = items.filter((x) => x.code.toLowerCase().includes(q) || (x.name || '').toLowerCase().includes(q) || (x.sub || '').toLowerCase().includes(q));
        /* a tree keeps the parents of what matched, so that a match is read in its place */
        const codes = new Set(hit.map((x) => x.code));
        keep = items.filter((x) => codes.has(x.code) || (x.depth != null && hit.some((y) => y.code !== x.code && y.code.startsWith(x.code))));
      }
      shown = keep;
      at = Math.max(0, Math.min(at, shown.length - 1));
      const cur = multi ? null : value;
      const sel = cur ? shown.findIndex((x) => x.code === cur) : -1;
      if (!q && sel >= 0 && !draw.done) at = sel;
      draw.done = true;
      clear(list, shown.slice(0, 400).map((x, i) => {
        const li = h('li.picker-item' + (i === at ? '.at' : '') + (chosen.has(x.code) || x.code === cur ? '.chosen' : ''),
          { role: 'option', 'data-code': x.code, 'aria-selected': chosen.has(x.code) || x.code === cur ? 'true' : 'false' },
          multi ? h('span.tick', chosen.has(x.code) ? '☑' : '☐') : null,
          h('span.code', x.code), h('span.name', x.name || ''), x.sub ? h('span.muted.sub', x.sub) : null);
        if (x.depth) li.classList.add('depth-' + Math.min(3, x.depth));
        li.addEventListener('mousedown', (e) => e.preventDefault());
        li.addEventListener('click', () => { at = i; choose(); });
        return li;
      }));
      count.textContent = t('共 {0} 条', shown.length) + (multi && chosen.size ? ` · ${t('已选')} ${[...chosen].join(';')}` : '');
      list.querySelector('.at')?.scrollIntoView({ block: 'nearest' });
    }

    function close(v) {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      prev && prev.focus && prev.focus();
      resolve(v);
    }

    function choose() {
      const x = shown[at];
      if (!x) return;
      if (!multi) return close(x.code);
      if (chosen.has(x.code)) chosen.delete(x.code);
      else chosen.add(x.code);
      draw();
    }

    function onKey(e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(null);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        at = Math.max(0, Math.min(shown.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
        draw();
      } else if (e.key === 'Enter' && (document.activeElement === search || card.contains(document.activeElement) && document.activeElement.tagName !== 'BUTTON')) {
        e.preventDefault();
        if (multi && (e.ctrlKey || e.metaKey)) close([...chosen].join(';'));
        else choose();
      } else if (e.key === 'Tab') {
        const f = [search, cancel, ok].filter(Boolean);
        const i = f.indexOf(document.activeElement);
        if (e.shiftKey && i <= 0) { e.preventDefault(); f[f.length - 1].focus(); }
        else if (!e.shiftKey && i === f.length - 1) { e.preventDefault(); f[0].focus(); }
      }
    }

    search.addEventListener('input', () => { at = 0; draw(); });
    cancel.addEventListener('click', () => close(null));
    ok?.addEventListener('click', () => close([...chosen].join(';')));
    overlay.addEventListener('mousedown', (e) => { if (e.target === overlay) close(null); });
    document.addEventListener('keydown', onKey, true);
    document.body.append(overlay);
    draw();
    search.focus();
  });
}
