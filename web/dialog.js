/*
 * dialog.js - a modal dialog that asks before something that matters
 * (disable a user, a new password, a new role): the focus goes into it,
 * Tab stays inside, Esc or 取消 closes it answering null.  Also: Esc
 * closes the side panel (ui.js panel) when no dialog is open.
 */
import { t } from './i18n.js';
import { h } from './ui.js';

/* dialog({title, body: [nodes], ok: label, danger}) → Promise of true (OK) or null */
export function dialog({ title, body = [], ok = t('确定'), danger = false, check = () => null }) {
  return new Promise((resolve) => {
    const prev = document.activeElement;
    const err = h('p.error-text.vt-error');
    const okBtn = h('button' + (danger ? '.danger' : '.primary') + '#dialog-ok', { type: 'submit' }, ok);
    const cancel = h('button#dialog-cancel', { type: 'button' }, t('取消'));
    const form = h('form.modal-card', { role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('h3', title), body, err, h('div.modal-actions', cancel, okBtn));
    const overlay = h('div.modal', form);
    const close = (v) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      prev && prev.focus && prev.focus();
      resolve(v);
    };
    function onKey(e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(null);
      } else if (e.key === 'Tab') {
        const f = [...form.querySelectorAll('input, select, button, textarea')].filter((x) => !x.disabled);
        const i = f.indexOf(document.activeElement);
        if (e.shiftKey && i <= 0) { e.preventDefault(); f[f.length - 1].focus(); }
        else if (!e.shiftKey && i === f.length - 1) { e.preventDefault(); f[0].focus(); }
      }
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const why = check();
      if (why) { err.textContent = why; return; }
      close(true);
    });
    cancel.addEventListener('click', () => close(null));
    overlay.addEventListener('mousedown', (e) => { if (e.target === overlay) close(null); });
    document.addEventListener('keydown', onKey, true);
    /* the refusal goes as soon as the user types an answer */
    form.addEventListener('input', () => { if (err.textContent && !check()) err.textContent = ''; });
    document.body.append(overlay);
    (form.querySelector('textarea, input, select') || cancel).focus();
  });
}

/* The session has ended (expired, or signed out elsewhere): the password
 * asked in place; signs in as the same user again.  Resolves to the
 * session ({user, csrf, …}) or null when given up. */
let asking = null;
export function askPassword(user, signIn) {
  if (asking) return asking; /* several requests failing at once: one question */
  const pw = h('input', { type: 'password', name: 'reauth-password', autocomplete: 'current-password' });
  let session = null;
  asking = (async () => {
    for (;;) {
      const ok = await dialog({ title: t('登录已过期'), body: [h('p', t('请再次输入 {0} 的密码，未保存的修改不会丢失。', user)), field2(t('密码'), pw)], ok: t('登录') });
      if (!ok) return null;
      try {
        session = await signIn(pw.value);
        return session;
      } catch {
        pw.value = '';
        pw.classList.add('invalid');
      }
    }
  })();
  return asking.finally(() => { asking = null; });
}

function field2(label, input) {
  return h('label.field', h('span.label', label), input);
}

/* Esc closes the side panel when no dialog is open */
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || document.querySelector('.modal')) return;
  const p = document.querySelector('.panel');
  if (p) {
    e.preventDefault();
    p.querySelector('.panel-head button')?.click();
  }
});
