/*
 * ui.js - small DOM helpers shared by the pages: an element builder,
 * tables, badges, toasts, a side panel, debouncing.  No framework; every
 * event is bound in JS (the CSP allows no inline handlers).
 */
import { t } from './i18n.js';
import * as money from './money.js';

/* h('div.card#id', {attrs, on: {click}}, ...children) */
export function h(spec, attrs, ...kids) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(spec);
  const el = document.createElement(m ? m[1] : 'div');
  if (m && m[2])
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  add(el, kids);
  return el;
}

function add(el, kids) {
  for (const k of kids) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) add(el, k);
    else el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

export function clear(el, ...kids) {
  el.replaceChildren();
  add(el, kids);
  return el;
}

/* The request made last wins: turn() numbers a new one and gives back a
 * function that says whether a newer one has been made since, so that a
 * late answer is dropped and never replaces the one chosen after it. */
export function latest() {
  let n = 0;
  return () => {
    const my = ++n;
    return () => my !== n;
  };
}

export function debounce(fn, ms) {
  let timer = null;
  const d = (...a) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...a), ms);
  };
  d.flush = (...a) => {
    clearTimeout(timer);
    return fn(...a);
  };
  return d;
}

let toastBox = null;
export function toast(msg, kind = 'ok') {
  if (!toastBox) document.body.append((toastBox = h('div.toasts')));
  const el = h('div.toast.' + kind, { role: 'status' }, msg);
  toastBox.append(el);
  setTimeout(() => el.remove(), kind === 'err' ? 6000 : 3000);
}

export function errText(e) {
  return e && e.message ? e.message : String(e);
}

/* severity badge for a finding */
export function badge(f) {
  return h('span.badge.sev-' + f.severity, { title: f.message || '', 'data-code': f.code }, t('F:' + f.code));
}

/* A table from columns [{key, label, type: text|int|money|share, render}] */
export function table(cols, rows, opts = {}) {
  const unit = opts.unit || 'wan';
  const fmt = unit === 'yuan' ? money.yuan : unit === 'yi' ? money.yi : money.wan;
  const head = h('tr', cols.map((c) => h('th' + (c.type === 'money' || c.type === 'int' || c.type === 'share' ? '.num' : ''), c.label)));
  const body = h('tbody');
  for (const [i, r] of rows.entries()) {
    const tr = h('tr', opts.onRow ? { class: 'clickable', on: { click: () => opts.onRow(r, i) } } : null);
    if (opts.totalLast && i === rows.length - 1) tr.classList.add('total');
    for (const c of cols) {
      const v = r[c.key];
      let cell;
      if (c.render) cell = c.render(v, r);
      else if (v === null || v === undefined) cell = '';
      else if (c.type === 'money') cell = fmt(v);
      else if (c.type === 'share') cell = money.percent(v);
      else cell = String(v);
      tr.append(h('td' + (c.type === 'money' || c.type === 'int' || c.type === 'share' ? '.num' : ''), cell));
    }
    body.append(tr);
  }
  return h('table.grid' + (opts.cls ? '.' + opts.cls : ''), h('thead', head), body);
}

/* A panel sliding in from the right; returns its body element. */
export function panel(title, onClose) {
  document.querySelector('.panel')?.remove();
  const body = h('div.panel-body');
  const close = () => {
    p.remove();
    onClose && onClose();
  };
  const p = h('aside.panel', { role: 'dialog', 'aria-label': title },
    h('div.panel-head', h('h3', title), h('button.icon', { type: 'button', title: t('关闭'), on: { click: close } }, '×')),
    body);
  document.body.append(p);
  return body;
}

export function field(label, input, hint) {
  return h('label.field', h('span.label', label), input, hint ? h('span.hint', hint) : null);
}

export function select(options, value, attrs = {}) {
  const s = h('select', attrs);
  for (const o of options) {
    const [v, l] = Array.isArray(o) ? o : [o, o];
    s.append(h('option', { value: v }, l));
  }
  s.value = value ?? '';
  return s;
}
