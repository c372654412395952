/*
 * page-admin.js - 系统: users (admin) and the book's settings (admin and
 * the budget office), each value checked on the server as `zbb set` does.
 */
import { get, post, put } from './api.js';
import { t } from './i18n.js';
import { h, clear, toast, errText, field, select, table } from './ui.js';

export async function render(view, ctx) {
  const parts = [h('div.page-head', h('h2', t('系统')))];
  if (ctx.can.users) {
    const users = await get('/users');
    const name = h('input', { name: 'name' }), pw = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
    const role = select(['agency', 'reviewer', 'budget', 'viewer', 'admin'].map((r) => [r, t('role:' + r)]), 'viewer', { name: 'role' });
    const agency = select([['', '—'], ...ctx.agencies.map((a) => [a.code, `${a.code} ${a.name}`])], '', { name: 'agency' });
    parts.push(h('section.box', h('h3', t('用户管理')),
      table([{ key: 'name', label: t('用户') }, { key: 'role', label: t('角色'), render: (v) => t('role:' + v) }, { key: 'agency', label: t('预算单位') },
        { key: 'disabled', label: '', render: (v, r) => v ? t('已停用') : h('button.link', { type: 'button', on: { click: async () => {
          try { await put('/users/' + encodeURIComponent(r.name), { disabled: true }); toast(t('已停用')); render(view, ctx); } catch (e) { toast(errText(e), 'err'); }
        } } }, t('停用')) }], users.users, { cls: 'narrow' }),
      h('form.inline-form', { on: { submit: async (e) => {
        e.preventDefault();
        try {
          await post('/users', { name: name.value.trim(), role: role.value, agency: agency.value || null, password: pw.value });
          toast(t('已保存'));
          render(view, ctx);
        } catch (err) { toast(errText(err), 'err'); }
      } } }, field(t('用户名'), name), field(t('角色'), role), field(t('预算单位'), agency), field(t('密码'), pw), h('button.primary', { type: 'submit' }, t('新增用户')))));
  }
  const s = await get('/settings');
  const inputs = {};
  const rows = s.settings.map((x) => {
    inputs[x.key] = h('input', { name: x.key, value: x.value, readonly: !ctx.can.settings });
    return h('tr', h('td.mono', x.key), h('td', inputs[x.key]), h('td.muted', x.default), h('td', document.documentElement.lang === 'en' ? x.en : x.zh));
  });
  parts.push(h('section.box', h('h3', t('设置')),
    h('table.grid', h('thead', h('tr', h('th', t('设置')), h('th', t('值')), h('th', t('默认')), h('th', t('含义')))), h('tbody', rows)),
    ctx.can.settings ? h('button.primary', { type: 'button', on: { click: async () => {
      const b = {};
      for (const x of s.settings) if (inputs[x.key].value !== x.value) b[x.key] = inputs[x.key].value.trim();
      if (!Object.keys(b).length) return;
      try { await put('/settings', b); toast(t('设置已保存')); render(view, ctx); } catch (e) { toast(errText(e), 'err'); }
    } } }, t('保存设置')) : null));
  clear(view, ...parts);
}
