/*
 * api.js - the JSON API client: the session's CSRF token on every write,
 * errors as exceptions carrying the server's {code, message, field} and
 * the HTTP status, and 401 sending the user back to the sign-in page.
 */

import { getLang } from './i18n.js';

let csrf = '';
let onUnauthorized = () => {};

export function setCsrf(token) {
  csrf = token || '';
}

export function setOnUnauthorized(fn) {
  onUnauthorized = fn;
}

/* When a session expires mid-work: reauth() asks for the password in
 * place and signs in again (true), and the request is sent once more, so
 * that an edit being saved is saved; false sends the user to sign in. */
let reauth = null;
export function setReauth(fn) {
  reauth = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || 'HTTP';
    this.field = e.field || null;
    this.errors = (body && body.errors) || [];
  }
}

export async function api(method, path, body, again = false) {
  /* the server answers in the language the page is in (messages, report titles) */
  const opt = { method, headers: { 'X-ZBB-Lang': getLang() }, credentials: 'same-origin' };
  if (method !== 'GET') {
    // every write is JSON (the server refuses anything else, even without a body)
    opt.headers['X-CSRF-Token'] = csrf;
    opt.headers['Content-Type'] = 'application/json';
  }
  if (body !== undefined) {
    opt.headers['Content-Type'] = 'application/json';
    opt.body = JSON.stringify(body);
  }
  const r = await fetch('/api/v1' + path, opt);
  let data = null;
  try {
    data = await r.json();
  } catch {
    data = null;
  }
  if (r.status === 401 && path !== '/login' && path !== '/me') {
    if (!again && reauth && (await reauth())) return api(method, path, body, true);
    onUnauthorized();
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b ?? {});
export const put = (p, b) => api('PUT', p, b ?? {});
export const del = (p, b) => api('DELETE', p, b);

/* query string from an object, skipping empty values */
export function qs(o) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const t = s.toString();
  return t ? '?' + t : '';
}
