/*
 * app.js - the shell of the web UI: who is signed in, the navigation the
 * role may see, a hash router (#/dashboard, #/agency/P001 …) that renders
 * one page module into <main>, and the language switch.  What a role may
 * do (ctx.can), the tiers and the finding codes come from the server's
 * GET /me, from its route table and the contract's codes: the UI keeps no
 * copy.  Rights only decide what is shown; the server checks every request.
 */
import { get, post, setCsrf, setOnUnauthorized, setReauth } from './api.js';
import { t, getLang, setLang } from './i18n.js';
import { h, clear, toast, errText } from './ui.js';
import { askPassword, dialog } from './dialog.js'; /* also: Esc closes dialogs and the side panel */
import './print.js'; /* the heading on paper */

const PAGES = [
  { path: 'dashboard', label: '驾驶舱', right: 'page:dashboard', load: () => import('./page-dashboard.js') },
  { path: 'agency', label: '单位申报', right: 'page:agency', load: () => import('./page-agency.js') },
  { path: 'review', label: '预算评审', right: 'page:review', load: () => import('./page-review.js') },
  { path: 'alloc', label: '资金安排', right: 'page:alloc', load: () => import('./page-alloc.js') },
  { path: 'adjust', label: '预算调整', right: 'adjust', load: () => import('./page-adjust.js') },
  { path: 'reports', label: '报表', right: 'page:reports', load: () => import('./page-reports.js') },
  { path: 'lists', label: '基础数据', right: 'page:lists', load: () => import('./page-lists.js') },
  { path: 'audit', label: '审计', right: 'page:audit', load: () => import('./page-audit.js') },
  { path: 'admin', label: '系统', right: 'page:admin', load: () => import('./page-admin.js') },
];

/* ctx.guard: set by a page with unsaved work (the project editor), it
 * answers why leaving should be asked about, or null */
export const ctx = { me: null, can: {}, tiers: [], findingCodes: [], year: null, agencies: [], guard: null, adopted: null };

let cleanup = null;
let shown = null; /* the hash of the page on screen */

async function signedIn(me) {
  ctx.me = me;
  ctx.can = me.rights || {};
  ctx.tiers = me.tiers || [];
  ctx.findingCodes = me.finding_codes || [];
  setCsrf(me.csrf);
  try {
    const a = await get('/agencies');
    ctx.agencies = a.agencies;
    ctx.year = a.year;
    setAdopted(a.adopted || null);
  } catch {
    ctx.agencies = [];
  }
}

/* The year adopted (SPEC §12): its inputs are locked, so the controls
 * that would write them are not offered (the server refuses them anyway);
 * only adjustments change the budget from now on. */
function setAdopted(a) {
  ctx.adopted = a;
  ctx.setAdopted = setAdopted;
  if (!a) return;
  for (const r of ['editProjects', 'allocate', 'editLists', 'review', 'adopt']) ctx.can[r] = false;
}

function adoptedBanner() {
  const a = ctx.adopted;
  if (!a) return null;
  return h('div.adopted-banner#adopted-banner', { role: 'note' },
    t('{0} 年预算已于 {1} 批复（场景 {2}），数据已锁定；变更请录入预算调整', ctx.year, a.adopted_at.slice(0, 10), a.scenario),
    ctx.can.adjust ? h('a', { href: '#/adjust' }, t('录入预算调整')) : null);
}

function header() {
  const top = document.getElementById('top');
  const me = ctx.me;
  const nav = h('nav.nav');
  const here = (location.hash.slice(2) || '').split('/')[0];
  if (me)
    for (const p of PAGES)
      if (ctx.can[p.right])
        nav.append(h('a' + (p.path === here ? '.active' : ''), { href: '#/' + p.path, 'data-page': p.path }, t(p.label)));
  const langBtn = h('button.lang', { type: 'button', title: 'English / 中文', on: { click: () => { setLang(getLang() === 'en' ? 'zh' : 'en'); route(); } } },
    getLang() === 'en' ? '中文' : 'EN');
  clear(top,
    h('div.brand', h('span.logo', getLang() === 'en' ? 'Z' : '零'), h('span', t('零基预算管理系统')), ctx.year ? h('span.year', String(ctx.year)) : null),
    nav,
    h('div.who',
      me ? h('span.user', `${me.user} · ${t('role:' + me.role)}${me.agency ? ' · ' + me.agency : ''}`) : null,
      langBtn,
      me ? h('button.link', { type: 'button', id: 'logout', on: { click: logout } }, t('退出')) : null));
}

async function logout() {
  try {
    await post('/logout');
  } catch {
    /* gone already */
  }
  ctx.me = null;
  location.hash = '#/login';
}

function firstPage() {
  const p = PAGES.find((x) => ctx.can[x.right]);
  return p ? p.path : 'audit';
}

export async function route() {
  /* leaving unsaved work in the app is asked about (the browser asks on a
   * reload or a close); staying puts the address back as it was */
  if (ctx.guard && shown !== null && location.hash !== shown) {
    const why = ctx.guard();
    if (why && !(await dialog({ title: t('离开此页？'), body: [h('p', why)], ok: t('离开') }))) {
      history.replaceState(null, '', shown);
      return;
    }
  }
  shown = location.hash;
  /* every route renders into a container of its own: a slow page that
   * finishes after the user moved on writes into a detached one */
  const main = document.getElementById('view');
  const view = h('div.page');
  clear(main, view);
  const bannerAt = h('div.banner-slot');
  main.prepend(bannerAt);
  if (cleanup) {
    try { cleanup(); } catch { /* ignore */ }
    cleanup = null;
  }
  document.querySelector('.panel')?.remove();
  const parts = (location.hash.slice(2) || '').split('/').map(decodeURIComponent);
  if (!ctx.me && parts[0] !== 'login') {
    try {
      await signedIn(await get('/me'));
    } catch {
      location.hash = '#/login';
      return;
    }
  }
  if (parts[0] === 'login' || !ctx.me) {
    header();
    const m = await import('./page-login.js');
    clear(view);
    m.render(view, async (me) => {
      await signedIn(me);
      /* back where the session ended, not to the first page */
      const back = sessionStorage.getItem('zbb.back');
      sessionStorage.removeItem('zbb.back');
      location.hash = back && !back.startsWith('#/login') ? back : '#/' + firstPage();
    });
    return;
  }
  const page = PAGES.find((p) => p.path === parts[0] && ctx.can[p.right]);
  if (!page) {
    location.hash = '#/' + firstPage();
    return;
  }
  header();
  const banner = adoptedBanner();
  if (banner) bannerAt.replaceWith(banner);
  clear(view, h('p.muted', t('加载中…')));
  try {
    const m = await page.load();
    const c = await m.render(view, ctx, parts.slice(1));
    if (typeof c === 'function') cleanup = c;
  } catch (e) {
    clear(view, h('div.error-box', h('h3', t('出错了')), h('p', errText(e))));
    toast(errText(e), 'err');
  }
}

setOnUnauthorized(() => {
  ctx.me = null;
  if (!location.hash.startsWith('#/login')) {
    sessionStorage.setItem('zbb.back', location.hash);
    location.hash = '#/login';
  }
});
/* a session that ends mid-work: the password asked in place, then the
 * request that failed goes again (api.js) */
setReauth(async () => {
  if (!ctx.me) return false;
  const s = await askPassword(ctx.me.user, (pw) => post('/login', { name: ctx.me.user, password: pw }));
  if (!s) return false;
  await signedIn(await get('/me'));
  return true;
});
setLang(getLang());
window.addEventListener('hashchange', route);
route();
