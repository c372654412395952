/*
 * print.js - paper: before printing, a heading the print stylesheet shows
 * on every page's first sheet (the page's title, the system, the year, the
 * unit of its amounts, when it was printed); app.css's @media print hides
 * the chrome, lets tables run over pages with their headers repeated, and
 * numbers the A4 pages.  The reports page prints its whole result (not
 * only the rows in sight) through printRows.
 */
import { t } from './i18n.js';
import { h, clear } from './ui.js';

const UNIT = { dashboard: '万元', agency: '元', review: '万元', alloc: '万元', lists: '元' };

export function fillPrintHead() {
  const main = document.getElementById('view');
  if (!main) return;
  let el = document.getElementById('print-head');
  if (!el) {
    el = h('div.print-head#print-head');
    main.prepend(el);
  }
  const view = main.querySelector('.page');
  const page = (location.hash.slice(2) || '').split('/')[0];
  const title = view?.dataset.printTitle || main.querySelector('.page-head h2')?.textContent || document.title;
  const unit = view?.dataset.unit ?? UNIT[page] ?? '';
  const year = document.querySelector('.brand .year')?.textContent;
  const d = new Date(), p = (n) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  clear(el, h('div.print-title', title),
    h('div.print-sub', [t('零基预算管理系统'), year ? t('{0} 年度', year) : null, unit ? `${t('金额单位')}${t('：')}${t(unit)}` : null,
      `${t('打印时间')} ${when}`].filter(Boolean).join(' · ')));
}

window.addEventListener('beforeprint', fillPrintHead);
