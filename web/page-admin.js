/*
 * page-admin.js - 系统: users (admin: add, disable and enable, a new
 * password, a new role, each asked in a dialog first; the server refuses
 * disabling or demoting oneself and the last admin) and the book's
 * settings (admin and the budget office), each value checked on the server
 * as `zbb set` does.
 */
import { get, post, put } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, toast, errText, field, select, table } from './ui.js';
import { dialog } from './dialog.js';

const ROLES = ['agency', 'reviewer', 'budget', 'viewer', 'admin'];

export async function render(view, ctx) {
  const parts = [h('div.page-head', h('h2', t('系统')))];
  if (ctx.can.users) {
    const users = await get('/users');
    const name = h('input', { name: 'name' }), pw = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
    const role = select(ROLES.map((r) => [r, t('role:' + r)]), 'viewer', { name: 'role' });
    const agency = select([['', '—'], ...ctx.agencies.map((a) => [a.code, `${a.code} ${a.name}`])], '', { name: 'agency' });
    const agencyName = new Map(ctx.agencies.map((a) => [a.code, a.name]));
    const change = async (u, bodyOf, done) => {
      try {
        await put('/users/' + encodeURIComponent(u.name), bodyOf);
        toast(done);
        render(view, ctx);
      } catch (e) {
        toast(errText(e), 'err');
      }
    };
    const actions = (u) => {
      const self = u.name === ctx.me.user;
      const b = (id, label, fn, cls = '') => h('button.link' + cls, { type: 'button', 'data-act': id, on: { click: fn } }, label);
      const out = [];
      if (self) out.push(h('span.muted', t('（本人）')));
      else if (u.disabled)
        out.push(b('enable', t('启用'), async () => {
          if (await dialog({ title: t('启用用户 {0}', u.name), body: [h('p', t('启用后该用户可以重新登录。'))], ok: t('启用') })) change(u, { disabled: false }, t('已启用'));
        }));
      else
        out.push(b('disable', t('停用'), async () => {
          if (await dialog({ title: t('停用用户 {0}', u.name), body: [h('p', t('停用后该用户不能登录，其登录会话立即结束；可以再启用。'))], ok: t('停用'), danger: true }))
            change(u, { disabled: true }, t('已停用'));
        }, '.danger'));
      out.push(b('password', t('重置密码'), async () => {
        const p1 = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password' });
        const p2 = h('input', { type: 'password', name: 'new-password-2', autocomplete: 'new-password' });
        const ok = await dialog({ title: t('重置 {0} 的密码', u.name), body: [field(t('新密码'), p1), field(t('再输入一次'), p2),
          h('p.muted', t('至少 8 个字符；该用户的登录会话将结束。'))], ok: t('重置密码'),
        check: () => (p1.value.length < 8 ? t('密码至少 8 个字符') : p1.value !== p2.value ? t('两次输入的密码不一致') : null) });
        if (ok) change(u, { password: p1.value }, t('密码已重置'));
      }));
      if (!self)
        out.push(b('role', t('改角色'), async () => {
          const r = select(ROLES.map((x) => [x, t('role:' + x)]), u.role, { name: 'new-role' });
          const a = select([['', '—'], ...ctx.agencies.map((x) => [x.code, `${x.code} ${x.name}`])], u.agency || '', { name: 'new-agency' });
          const ok = await dialog({ title: t('修改 {0} 的角色', u.name), body: [field(t('角色'), r), field(t('预算单位'), a),
            h('p.muted', t('只有预算单位角色属于某个单位；该用户的登录会话将结束。'))], ok: t('修改'),
          check: () => (r.value === 'agency' && !a.value ? t('预算单位用户须选择所属单位') : null) });
          if (ok) change(u, { role: r.value, agency: r.value === 'agency' ? a.value : null }, t('角色已修改'));
        }));
      return out;
    };
    parts.push(h('section.box', h('h3', t('用户管理')),
      table([{ key: 'name', label: t('用户') }, { key: 'role', label: t('角色'), render: (v) => t('role:' + v) },
        { key: 'agency', label: t('预算单位'), render: (v) => (v ? `${v} ${agencyName.get(v) || ''}` : '') },
        { key: 'disabled', label: t('状态'), render: (v) => (v ? h('span.tag.bad', t('已停用')) : h('span.tag.good', t('正常'))) },
        { key: 'name', label: '', render: (v, u) => h('span.user-actions', { 'data-user': u.name }, actions(u)) }], users.users, { cls: 'narrow' }),
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
    /* the setting in words; its key (what zbb set takes) small beside */
    return h('tr', { 'data-key': x.key }, h('td', h('div.setting-name', getLang() === 'en' ? x.en : x.zh), h('div.muted.mono.small', x.key)),
      h('td', inputs[x.key]), h('td.muted', x.default));
  });
  parts.push(h('section.box', h('h3', t('设置')),
    h('table.grid', h('thead', h('tr', h('th', t('设置')), h('th', t('值')), h('th', t('默认')))), h('tbody', rows)),
    ctx.can.settings ? h('button.primary', { type: 'button', on: { click: async () => {
      const b = {};
      for (const x of s.settings) if (inputs[x.key].value !== x.value) b[x.key] = inputs[x.key].value.trim();
      if (!Object.keys(b).length) return;
      try { await put('/settings', b); toast(t('设置已保存')); render(view, ctx); } catch (e) { toast(errText(e), 'err'); }
    } } }, t('保存设置')) : null));
  clear(view, ...parts);
}
