/*
 * money.js - exact money and quantity arithmetic for the browser, the same
 * rules as the C core (SPEC §2): money is an integer count of fen, a
 * quantity an integer count of 1/10000, an amount is price × quantity
 * rounded half up to the fen.  Everything is BigInt: no binary floating
 * point ever touches money.  Amounts from the API arrive as JSON integers
 * of fen (well inside 2^53) and are turned into BigInt before any sum.
 */

const YUAN_RE = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/;
const QTY_RE = /^\s*(\d+)(?:\.(\d{1,4}))?\s*$/;
const MAX = (1n << 63n) - 1n;

const WAN_RE = /^\s*(\d+)(?:\.(\d{1,6}))?\s*万元?\s*$/;

/* What a Chinese input method types: full-width digits, point, comma and
 * spaces become ASCII ("１２００．５" → "1200.5"). */
export function halfWidth(s) {
  return String(s ?? '').replace(/[\uFF10-\uFF19\uFF0E\uFF0C\u3000\u3002]/g, (c) =>
    c === '\u3000' ? ' ' : c === '\uFF0E' || c === '\u3002' ? '.' : c === '\uFF0C' ? ',' : String.fromCharCode(c.charCodeAt(0) - 0xFEE0));
}

/* "12,500.5" → 1250050n fen; also "1200元", "１２００" and "1.2万" (exactly
 * 12,000 yuan); null when not a valid amount (a sign, three decimals,
 * letters, overflow). */
export function parseYuan(s) {
  const txt = halfWidth(s);
  const w = WAN_RE.exec(txt);
  if (w) {
    const v = BigInt(w[1]) * 1000000n + BigInt((w[2] ?? '').padEnd(6, '0') || '0');
    return v > MAX ? null : v;
  }
  const m = YUAN_RE.exec(txt.replace(/\s*元\s*$/, ''));
  if (!m) return null;
  const v = BigInt(m[1].replaceAll(',', '')) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
  return v > MAX ? null : v;
}

/* A signed amount, "-1,000.50" / "+200" / "−3万" → fen (BigInt); null when
 * not a valid amount or zero-less sign alone.  For adjustments. */
export function parseSignedYuan(s) {
  const txt = halfWidth(s).trim();
  const m = /^([-+\u2212\uFF0D])\s*(.*)$/.exec(txt);
  const v = parseYuan(m ? m[2] : txt);
  if (v == null) return null;
  return m && m[1] !== '+' ? -v : v;
}

/* "2.5" → 25000n (units of 1/10000), full-width digits too; null when invalid. */
export function parseQty(s) {
  const m = QTY_RE.exec(halfWidth(s));
  if (!m) return null;
  const v = BigInt(m[1]) * 10000n + BigInt((m[2] ?? '').padEnd(4, '0') || '0');
  return v > MAX ? null : v;
}

/* price (fen) × quantity (1/10000), rounded half up to the fen; null on overflow. */
export function amount(priceFen, qty) {
  const p = BigInt(priceFen) * BigInt(qty);
  const v = (p + 5000n) / 10000n;
  return v > MAX ? null : v;
}

export function fen(v) {
  return typeof v === 'bigint' ? v : BigInt(v ?? 0);
}

function group(intPart) {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/* divide by d (a power of ten) rounded half up, keep two decimals */
function scaled(v, d) {
  v = fen(v);
  const neg = v < 0n;
  if (neg) v = -v;
  const q = (v * 100n + d / 2n) / d; /* hundredths of the unit */
  const s = group((q / 100n).toString()) + '.' + (q % 100n).toString().padStart(2, '0');
  return neg ? '-' + s : s;
}

/* fen → "12,500.50" (yuan, exact) */
export function yuan(v) {
  return scaled(v, 100n);
}

/* fen → "1.25" (万元, half up) */
export function wan(v) {
  return scaled(v, 1000000n);
}

/* fen → "3.40" (亿元, half up) */
export function yi(v) {
  return scaled(v, 10000000000n);
}

/* fen → the plain yuan text the inputs take ("12500.5" style, no grouping) */
export function yuanPlain(v) {
  v = fen(v);
  const s = (v / 100n).toString();
  const c = v % 100n;
  return c === 0n ? s : s + '.' + c.toString().padStart(2, '0').replace(/0$/, '');
}

/* 1/10000 units → "2.5" */
export function qtyText(q) {
  q = BigInt(q);
  const s = (q / 10000n).toString();
  const r = q % 10000n;
  return r === 0n ? s : s + '.' + r.toString().padStart(4, '0').replace(/0+$/, '');
}

/* A share in [0, 1] → "72.35%" (a display value; shares are not money). */
export function percent(x) {
  return x == null ? '—' : (Math.round(x * 10000) / 100).toFixed(2) + '%';
}

/* For charts only: fen → 万元 as a JS number (display, never summed back). */
export function wanNumber(v) {
  return Number(fen(v) / 100n) / 10000;
}
