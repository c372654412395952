/*
 * adopted.js - an agency's adopted and current budget per project (SPEC
 * §12), as the server computes it: GET /reports/adjustments gives per
 * project the adopted scenario's funded amount, the transfers and adjusts
 * recorded and the current budget (an agency user: its own projects), all
 * fen, with their 合计.  The browser sums nothing.  Null before the year
 * is adopted.
 */
import { get } from './api.js';
import * as money from './money.js';

export async function loadAdopted(ctx, project) {
  if (!ctx.adopted) return null;
  const d = await get('/reports/adjustments');
  const one = (r) => ({
    project: r.project, adopted: money.fen(r.adopted_fen), adjusted: money.fen(r.transfer_fen) + money.fen(r.adjust_fen),
    current: money.fen(r.current_fen), docs: new Set(r.documents ? r.documents.split('、') : []),
  });
  const by = new Map();
  for (const r of d.projects) if (!project || r.project === project) by.set(r.project, one(r));
  const t = one(d.projects_total);
  return { scenario: d.scenario, projects: by, total: { adopted: t.adopted, adjusted: t.adjusted, current: t.current } };
}
