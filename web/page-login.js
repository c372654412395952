/*
 * page-login.js - 登录: name and password; the answer's CSRF token is kept
 * for the writes (the session itself is an HttpOnly cookie).
 */
import { post, ApiError } from './api.js';
import { t } from './i18n.js';
import { h, clear } from './ui.js';

export function render(view, done) {
  const name = h('input#login-name', { name: 'name', autocomplete: 'username', required: true });
  const pw = h('input#login-password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p.error-text', { role: 'alert' });
  const form = h('form.login-card',
    { on: { submit: async (e) => {
      e.preventDefault();
      msg.textContent = '';
      try {
        done(await post('/login', { name: name.value.trim(), password: pw.value }));
      } catch (err) {
        msg.textContent = err instanceof ApiError && err.status === 401 ? t('用户名或密码不正确') : err.message;
      }
    } } },
    h('h2', t('零基预算管理系统')),
    h('label.field', h('span.label', t('用户名')), name),
    h('label.field', h('span.label', t('密码')), pw),
    msg,
    h('button.primary#login-submit', { type: 'submit' }, t('登录')));
  clear(view, h('div.login-wrap', form));
  name.focus();
}
