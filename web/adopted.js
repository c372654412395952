/*
 * adopted.js - an agency's adopted and current budget per project (SPEC
 * §12): the adopted scenario's funded amount of each item (GET
 * /reports/ledger?scenario=adopted, stage funded), the adjustments
 * recorded (GET /adjustments) and current = adopted + adjustments, all
 * BigInt fen.  Null before the year is adopted.
 */
import { get } from './api.js';
import * as money from './money.js';

export async function loadAdopted(ctx, project) {
  if (!ctx.adopted) return null;
  const [led, adj] = await Promise.all([get('/reports/ledger?scenario=adopted'), get('/adjustments')]);
  const by = new Map();
  const row = (code) => {
    if (!by.has(code)) by.set(code, { project: code, adopted: 0n, adjusted: 0n, current: 0n, docs: new Set() });
    return by.get(code);
  };
  for (const r of led.rows) if (r.stage === 'funded' && (!project || r.project === project)) row(r.project).adopted += money.fen(r.amount_fen);
  for (const l of adj.adjustments)
    if (!project || l.project === project) {
      const x = row(l.project);
      x.adjusted += money.fen(l.amount_fen);
      x.docs.add(l.code);
    }
  const total = { adopted: 0n, adjusted: 0n, current: 0n };
  for (const x of by.values()) {
    x.current = x.adopted + x.adjusted;
    total.adopted += x.adopted;
    total.adjusted += x.adjusted;
    total.current += x.current;
  }
  return { scenario: ctx.adopted.scenario, projects: by, total, lines: adj.adjustments };
}
