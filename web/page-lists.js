/*
 * page-lists.js - 基础数据: the reference lists of the budget office
 * (policy bases, standards, priorities, the negative list, pools and their
 * negotiated prices, the fund sources), editable by the budget role.  Each
 * row is checked on the server by the import's rules (a bad value comes
 * back located, field by field); money is typed in yuan and sent in fen.
 */
import { get, put, del } from './api.js';
import { t } from './i18n.js';
import { h, clear, toast, errText, panel, field, select } from './ui.js';
import * as money from './money.js';

const KINDS = {
  bases: { key: ['code'], cols: ['code', 'title', 'level', 'valid_from', 'valid_to'] },
  standards: { key: ['code'], cols: ['code', 'name', 'economic', 'unit', 'max_price_fen', 'quota_per_head', 'basis', 'valid_from', 'valid_to'] },
  priorities: { key: ['code'], cols: ['code', 'name', 'rank'] },
  negative: { key: ['code'], cols: ['code', 'description', 'economic', 'keyword', 'scope'] },
  pools: { key: ['code'], cols: ['code', 'name', 'economic'] },
  prices: { key: ['pool', 'standard'], cols: ['pool', 'standard', 'price_fen'] },
  sources: { key: ['code'], cols: ['code', 'name', 'kind', 'function', 'amount_fen'] },
};
const COL_ZH = {
  code: '编码', title: '标题', level: '层级', valid_from: '生效日期', valid_to: '失效日期', name: '名称', economic: '经济分类',
  unit: '单位', max_price_fen: '最高单价（元）', quota_per_head: '人均定额', basis: '依据', rank: '排序', description: '说明',
  keyword: '关键词', scope: '范围', pool: '统筹类别', standard: '支出标准', price_fen: '议价（元）', kind: '类别',
  function: '功能分类', amount_fen: '金额（元）',
};

/* the values of a closed set, in words (the stored code in the title) */
const ENUMS = {
  'sources.kind': ['general', 'earmarked'],
  'bases.level': ['national', 'provincial', 'municipal'],
  'negative.scope': ['all', 'major'],
};
const enumOf = (kind, c) => ENUMS[kind + '.' + c];
const enumWords = (c, v) => t(`${c}:${v}`);

export async function render(view, ctx, args) {
  const kinds = Object.keys(KINDS);
  const kind = kinds.includes(args[0]) ? args[0] : 'standards';
  const tabs = h('div.tabs', kinds.map((k) => h('a' + (k === kind ? '.active' : ''), { href: '#/lists/' + k }, t('list:' + k))));
  const out = h('div');
  clear(view, h('div.page-head', h('h2', t('基础数据')), ctx.can.editLists ? h('button.primary#add-row', { type: 'button', on: { click: () => edit(null) } }, '+ ' + t('新增一行')) : h('span.tag', t('只读'))), tabs, out);
  const spec = KINDS[kind];
  async function load() {
    const r = await get('/lists/' + kind);
    const tb = h('tbody');
    for (const row of r.rows)
      tb.append(h('tr', spec.cols.map((c) => h('td' + (c.endsWith('_fen') ? '.num' : ''), row[c] == null ? '' : c.endsWith('_fen') ? money.yuan(row[c])
        : enumOf(kind, c) ? h('span', { title: String(row[c]) }, enumWords(c, row[c])) : String(row[c]))),
        ctx.can.editLists ? h('td.actions', h('button.link', { type: 'button', on: { click: () => edit(row) } }, t('编辑')),
          h('button.link.danger', { type: 'button', on: { click: () => remove(row) } }, t('删除'))) : null));
    clear(out, h('div.table-scroll.tall', h('table.grid', h('thead', h('tr', spec.cols.map((c) => h('th' + (c.endsWith('_fen') ? '.num' : ''), t(COL_ZH[c] || c))),
      ctx.can.editLists ? h('th', '') : null)), tb)), r.rows.length ? null : h('p.muted', t('没有数据')));
  }
  function edit(row) {
    const body = panel(`${t('list:' + kind)} · ${row ? t('编辑') : t('新增一行')}`);
    const inputs = {};
    for (const c of spec.cols) {
      const v = row ? row[c] : null;
      const en = enumOf(kind, c);
      inputs[c] = en
        ? select([['', '—'], ...en.map((x) => [x, enumWords(c, x)])], v == null ? '' : String(v), { name: c })
        : h('input', { name: c, value: v == null ? '' : c.endsWith('_fen') ? money.yuanPlain(v) : String(v), readonly: !!row && spec.key.includes(c) });
    }
    const msg = h('p.error-text');
    body.append(h('form.stack', { on: { submit: async (e) => {
      e.preventDefault();
      /* the version read: a row changed meanwhile is refused (409), not overwritten */
      const b = row ? { version: row.version } : {};
      for (const c of spec.cols) {
        const v = inputs[c].value.trim();
        if (c.endsWith('_fen')) {
          const f = money.parseYuan(v);
          b[c] = v === '' ? null : f == null ? v : Number(f);
        } else b[c] = v === '' ? null : v;
      }
      try {
        await put('/lists/' + kind, b);
        toast(t('已保存'));
        document.querySelector('.panel')?.remove();
        load();
      } catch (err) {
        msg.textContent = errText(err);
        for (const i of Object.values(inputs)) i.classList.remove('invalid');
        if (err.field && inputs[err.field]) inputs[err.field].classList.add('invalid');
      }
    } } }, spec.cols.map((c) => field(t(COL_ZH[c] || c), inputs[c])), msg, h('button.primary', { type: 'submit' }, t('保存'))));
  }
  async function remove(row) {
    if (!confirm(t('确定删除？'))) return;
    const b = Object.fromEntries(spec.key.map((k) => [k, row[k]]));
    b.version = row.version;
    try {
      await del('/lists/' + kind, b);
      toast(t('已删除'));
      load();
    } catch (e) {
      toast(errText(e), 'err');
    }
  }
  await load();
}
