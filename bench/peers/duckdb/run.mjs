// bench/peers/duckdb/run.mjs CSVDIR RUNS WHATIF_CAPACITY_FEN - the pipeline
// in DuckDB (@duckdb/node-api, pinned in package-lock.json), threads=2, a
// database file in a temporary folder.  Import: read_csv as text, converted
// exactly (yuan -> DECIMAL(18,2) -> fen BIGINT).  Rules: rules.sql, set-based.
// Allocation: the packages sorted by SQL, the greedy loop of SPEC §6 in
// JavaScript over the sorted columns (a loop with state per project and per
// source is what DuckDB cannot express set-based; a recursive CTE would have
// to carry every project's state in each row).  Money in the loop is exact:
// every amount is checked to be a safe integer (< 2^53) and the
// affordability products are compared as BigInt.
// Prints "key value" lines like build/zbbbench.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [dir, runsArg, whatifArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const whatif = Number(whatifArg || 0);
const tmp = mkdtempSync(join(tmpdir(), 'zbb-duckdb-'));

const COLS = {
  agencies: ['code', 'name', 'parent', 'headcount', 'function'],
  bases: ['code', 'title', 'level', 'valid_from', 'valid_to'],
  standards: ['code', 'name', 'economic', 'unit', 'max_price', 'quota_per_head', 'basis', 'valid_from', 'valid_to'],
  priorities: ['code', 'name', 'rank'],
  negative: ['code', 'description', 'economic', 'keyword', 'scope'],
  pools: ['code', 'name', 'economic'],
  prices: ['pool', 'standard', 'price'],
  projects: ['code', 'agency', 'name', 'kind', 'tier', 'function', 'rigid', 'urgent', 'new', 'basis', 'priority',
    'scope', 'score', 'start_year', 'end_year'],
  items: ['project', 'seq', 'content', 'economic', 'standard', 'unit', 'price', 'quantity', 'level', 'source'],
  history: ['year', 'agency', 'project', 'name', 'budget', 'executed', 'carryover', 'score'],
  sources: ['code', 'name', 'kind', 'function', 'amount'],
  evaluations: ['project', 'score', 'conclusion', 'ratio', 'necessity', 'economy', 'targets', 'feasibility',
    'compliance', 'evaluator', 'date'],
  reviews: ['project', 'seq', 'round', 'action', 'price', 'quantity', 'reason', 'reviewer'],
  targets: ['project', 'level1', 'level2', 'name', 'operator', 'value', 'unit', 'weight'],
  plans: ['project', 'year', 'amount'],
};

// A staging view per file: every column of SPEC §4 as text, NULL when the
// file lacks it (columns come in any order).
function stage(kind) {
  const f = join(dir, kind + '.csv');
  const header = readFileSync(f, 'utf8').split('\n', 1)[0].replace(/^\uFEFF/, '').replace(/\r$/, '').split(',');
  const sel = COLS[kind].map((c) => (header.includes(c) ? `"${c}"` : `NULL::VARCHAR AS "${c}"`)).join(', ');
  return `CREATE OR REPLACE TEMP VIEW s_${kind} AS SELECT ${sel} FROM read_csv('${f}', header = true, ` +
    `all_varchar = true, quote = '"', escape = '"', delim = ',', auto_detect = false, ` +
    `columns = {${header.map((c) => `'${c}': 'VARCHAR'`).join(', ')}});`;
}

const IMPORT = `
CREATE OR REPLACE MACRO fen(t) AS CAST(CAST(replace(trim(t), ',', '') AS DECIMAL(18, 2)) * 100 AS BIGINT);
CREATE OR REPLACE MACRO qty(t) AS CAST(CAST(replace(trim(t), ',', '') AS DECIMAL(18, 4)) * 10000 AS BIGINT);
CREATE OR REPLACE MACRO hund(t) AS CAST(CAST(nullif(trim(t), '') AS DECIMAL(18, 2)) * 100 AS INTEGER);
CREATE OR REPLACE MACRO ppm(t) AS CAST(CAST(nullif(trim(t), '') AS DECIMAL(18, 6)) * 1000000 AS INTEGER);
CREATE OR REPLACE MACRO yes(t) AS lower(trim(coalesce(t, ''))) IN ('y', 'yes', 'true', '1', '是');
CREATE OR REPLACE MACRO d0(t) AS coalesce(CAST(nullif(trim(t), '') AS DATE), DATE '0001-01-01');
CREATE OR REPLACE MACRO d1(t) AS coalesce(CAST(nullif(trim(t), '') AS DATE), DATE '9999-12-31');
CREATE OR REPLACE MACRO mulq(p, q) AS (p * q + 5000) // 10000;
CREATE OR REPLACE TABLE agencies AS SELECT trim(code) AS code, coalesce(CAST(nullif(trim(headcount), '') AS BIGINT), 0) AS headcount FROM s_agencies;
CREATE OR REPLACE TABLE bases AS SELECT trim(code) AS code, d0(valid_from) AS valid_from, d1(valid_to) AS valid_to FROM s_bases;
CREATE OR REPLACE TABLE standards AS SELECT trim(code) AS code, trim(economic) AS economic, fen(max_price) AS max_price_fen,
  qty(nullif(trim(quota_per_head), '')) AS quota, d0(valid_from) AS valid_from, d1(valid_to) AS valid_to FROM s_standards;
CREATE OR REPLACE TABLE priorities AS SELECT trim(code) AS code, CAST(trim(rank) AS INTEGER) AS rank FROM s_priorities;
CREATE OR REPLACE TABLE negative AS SELECT trim(code) AS code, nullif(trim(economic), '') AS economic, nullif(trim(keyword), '') AS keyword,
  coalesce(nullif(trim(scope), ''), 'all') AS scope FROM s_negative;
CREATE OR REPLACE TABLE pool_prefixes AS SELECT pool, prefix FROM (SELECT trim(code) AS pool, unnest(string_split(economic, ';')) AS prefix FROM s_pools) WHERE trim(prefix) <> '';
CREATE OR REPLACE TABLE prices AS SELECT trim(pool) AS pool, trim(standard) AS standard, fen(price) AS price_fen FROM s_prices;
CREATE OR REPLACE TABLE projects AS SELECT trim(code) AS code, trim(agency) AS agency, trim(kind) AS kind, trim(tier) AS tier,
  trim("function") AS "function", yes(rigid) AS rigid, yes(urgent) AS urgent, yes(new) AS is_new, nullif(trim(basis), '') AS basis,
  nullif(trim(priority), '') AS priority, hund(score) AS score FROM s_projects;
CREATE OR REPLACE TABLE items AS SELECT trim(project) AS project, CAST(trim(seq) AS INTEGER) AS seq, content, trim(economic) AS economic,
  nullif(trim(standard), '') AS standard, fen(price) AS price_fen, qty(quantity) AS qty,
  coalesce(CAST(nullif(trim(level), '') AS SMALLINT), 1) AS level FROM s_items;
CREATE OR REPLACE TABLE history AS SELECT CAST(trim(year) AS INTEGER) AS year, trim(project) AS project, fen(budget) AS budget_fen,
  fen(executed) AS executed_fen, coalesce(fen(nullif(trim(carryover), '')), 0) AS carryover_fen, hund(score) AS score FROM s_history;
CREATE OR REPLACE TABLE sources AS SELECT trim(code) AS code, trim(kind) AS kind, nullif(trim("function"), '') AS "function",
  fen(amount) AS amount_fen FROM s_sources;
CREATE OR REPLACE TABLE evaluations AS SELECT trim(project) AS project,
  coalesce(hund(necessity) + hund(economy) + hund(targets) + hund(feasibility) + hund(compliance), hund(score)) AS score,
  trim(conclusion) AS conclusion, ppm(ratio) AS ratio FROM s_evaluations;
CREATE OR REPLACE TABLE reviews AS SELECT trim(project) AS project, coalesce(CAST(nullif(trim(seq), '') AS INTEGER), 0) AS seq,
  coalesce(CAST(nullif(trim(round), '') AS INTEGER), 1) AS round, trim(action) AS action,
  fen(nullif(trim(price), '')) AS price_fen, qty(nullif(trim(quantity), '')) AS qty FROM s_reviews;
CREATE OR REPLACE TABLE targets AS SELECT DISTINCT trim(project) AS project FROM s_targets;
CREATE OR REPLACE TABLE plans AS SELECT trim(project) AS project, CAST(trim(year) AS INTEGER) AS year, fen(amount) AS amount_fen FROM s_plans;
CREATE OR REPLACE TABLE settings AS SELECT 2026 AS year, DATE '2026-01-01' jan1, 500000000::BIGINT eval_thr,
  2000000000::BIGINT rereview_thr, 800000 low_ppm, 100000 afford_ppm, [205, 206, 207, 208, 210, 211, 212, 213, 214, 221] livelihood;
`;

const RULES = readFileSync(join(here, 'rules.sql'), 'utf8');

// the packages in their order (SPEC §6.2), with what the loop needs
const PACKAGES = `
WITH pk AS (SELECT project, level, sum(approved) amount FROM r_item GROUP BY project, level HAVING sum(approved) > 0)
SELECT rp.pidx, pk.level, pk.amount::BIGINT amount,
  coalesce(sum(1 << (pk.level - 1)) OVER (PARTITION BY pk.project ORDER BY pk.level
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::INTEGER lower_mask
FROM pk JOIN r_project rp ON rp.code = pk.project
ORDER BY rp.tier_ord, CASE WHEN rp.tier_ord = 3 THEN rp.rank END, CASE WHEN rp.tier_ord < 4 THEN rp.code END,
  pk.level, rp.urgent DESC, rp.score DESC, pk.amount, rp.code`;
const PROJECTS = `SELECT pidx, is_new, has_plans, plan0::BIGINT plan0, plan1::BIGINT plan1, plan2::BIGINT plan2,
  carry::BIGINT carry, livelihood, "function" FROM r_project ORDER BY pidx`;
const SOURCES = `SELECT code, kind = 'earmarked' AS earm, coalesce("function", '') AS fn, amount_fen FROM sources ORDER BY code`;
const TOTALS = `SELECT sum(requested)::BIGINT, sum(approved)::BIGINT, sum(s_standard)::BIGINT, sum(s_quota)::BIGINT,
  sum(s_pool)::BIGINT, sum(s_review)::BIGINT, sum(s_evaluation)::BIGINT, sum(s_low_execution)::BIGINT,
  sum(s_negative)::BIGINT, sum(s_no_basis)::BIGINT, sum(s_no_standard)::BIGINT FROM r_item`;

const num = (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of exact range: ${v}`);
  return n;
};

async function columns(con, sql) {
  const reader = await con.runAndReadAll(sql);
  return reader.getColumns();
}

// SPEC §6: the greedy loop (alloc.c's choices: a package funded whole;
// carryover, then matching earmarked, then general sources in code order;
// the affordability check at a new project's first package).
async function allocate(con, capacity) {
  const [pidx, level, amount, lower] = await columns(con, PACKAGES);
  const [, isNew, hasPlans, p0, p1, p2, carryC, livC, fnC] = await columns(con, PROJECTS);
  const [, earmC, sfnC, samtC] = await columns(con, SOURCES);
  const nSrc = earmC.length, nProj = isNew.length;
  const left = samtC.map(num), earm = earmC;
  let totalEarm = 0, totalGen = 0, capLeft = capacity, firstGeneral = -1;
  for (let s = 0; s < nSrc; s++) {
    if (earm[s]) { totalEarm += left[s]; continue; }
    totalGen += left[s];
    if (capacity >= 0) {
      if (firstGeneral < 0) firstGeneral = s;
      left[s] = Math.min(left[s], capLeft);
      capLeft -= left[s];
    }
  }
  if (capacity >= 0 && capLeft > 0 && firstGeneral >= 0) left[firstGeneral] += capLeft;
  const planned = BigInt(totalEarm + (capacity >= 0 ? capacity : totalGen));
  const ppm = 100000n;
  const carry = carryC.map(num);
  const fundedMask = new Uint8Array(nProj), over = new Uint8Array(nProj), checked = new Uint8Array(nProj);
  const plans = [p0.map(num), p1.map(num), p2.map(num)];
  // earmarked sources matching each project's function (';'-separated prefixes)
  const prefixes = sfnC.map((f) => f.split(';').filter((x) => x));
  const match = new Uint32Array(nProj);
  for (let p = 0; p < nProj; p++)
    for (let s = 0; s < nSrc; s++)
      if (earm[s] && prefixes[s].some((x) => fnC[p].startsWith(x))) match[p] |= 1 << s;
  const commit = [0, 0, 0];
  for (let p = 0; p < nProj; p++)
    if (hasPlans[p] && !isNew[p]) for (let y = 0; y < 3; y++) commit[y] += plans[y][p];
  let funded = 0, livelihood = 0, afford = 0, cut = 0;
  for (let k = 0; k < pidx.length; k++) {
    const p = pidx[k], amt = num(amount[k]), lm = lower[k];
    if (over[p]) { afford += amt; continue; }
    if ((fundedMask[p] & lm) !== lm) { cut += amt; continue; }
    if (isNew[p] && hasPlans[p] && !checked[p]) {
      checked[p] = 1;
      let ok = true;
      for (let y = 0; y < 3; y++)
        if (plans[y][p] > 0 && BigInt(commit[y] + plans[y][p]) * 1000000n > ppm * planned) ok = false;
      if (!ok) { over[p] = 1; afford += amt; continue; }
    }
    let avail = carry[p];
    for (let s = 0; s < nSrc; s++) if (!earm[s] || (match[p] >> s) & 1) avail += left[s];
    if (avail < amt) { cut += amt; continue; }
    fundedMask[p] |= 1 << (level[k] - 1);
    if (isNew[p] && hasPlans[p] && checked[p] === 1) {
      checked[p] = 2;
      for (let y = 0; y < 3; y++) commit[y] += plans[y][p];
    }
    let d = Math.min(carry[p], amt), need = amt - d;
    carry[p] -= d;
    for (let pass = 0; pass < 2 && need > 0; pass++)
      for (let s = 0; s < nSrc && need > 0; s++) {
        if (pass === 0 ? !(earm[s] && (match[p] >> s) & 1) : earm[s]) continue;
        d = Math.min(need, left[s]);
        left[s] -= d;
        need -= d;
      }
    funded += amt;
    if (livC[p]) livelihood += amt;
  }
  for (const v of [funded, livelihood, afford, cut]) num(v);
  return { funded, livelihood, afford, cut };
}

async function totals(con) {
  const cols = await columns(con, TOTALS);
  return cols.map((c) => num(c[0]));
}

function summary(prefix, t, a) {
  const keys = ['requested_fen', 'approved_fen', null, 'savings_standard', 'savings_quota', 'savings_pool',
    'savings_review', 'savings_evaluation', 'savings_low_execution', 'savings_negative', 'savings_no_basis',
    'savings_no_standard'];
  const out = [];
  out.push(`${prefix}requested_fen ${t[0]}`, `${prefix}approved_fen ${t[1]}`, `${prefix}funded_fen ${a.funded}`);
  for (let i = 3; i < keys.length; i++) out.push(`${prefix}${keys[i]} ${t[i - 1]}`);
  out.push(`${prefix}savings_affordability ${a.afford}`, `${prefix}savings_capacity ${a.cut}`);
  const ppm = a.funded ? (BigInt(a.livelihood) * 2000000n + BigInt(a.funded)) / (2n * BigInt(a.funded)) : -1n;
  out.push(`${prefix}livelihood_ppm ${ppm}`);
  return out.join('\n');
}

const med = (v) => {
  const s = [...v].sort((a, b) => a - b), n = s.length;
  return (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2).toFixed(3);
};

async function main() {
  const db = await DuckDBInstance.create(join(tmp, 'bench.duckdb'), { threads: '2' });
  const con = await db.connect();
  const T = { import: [], rules: [], alloc: [], summary: [], whatif: [], pipeline: [] };
  let rows = 0;
  for (const k of Object.keys(COLS)) rows += readFileSync(join(dir, k + '.csv'), 'utf8').split('\n').filter((l) => l).length - 1;
  let base, wi;
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    for (const k of Object.keys(COLS)) await con.run(stage(k));
    await con.run(IMPORT);
    await con.run('CHECKPOINT');
    T.import.push(performance.now() - t0);

    t0 = performance.now();
    await con.run(RULES);
    const t1 = performance.now();
    const a = await allocate(con, -1);
    const t2 = performance.now();
    const t = await totals(con);
    const t3 = performance.now();
    T.rules.push(t1 - t0);
    T.alloc.push(t2 - t1);
    T.summary.push(t3 - t2);
    T.pipeline.push(t3 - t0); // the three back to back
    t0 = performance.now();
    const wa = await allocate(con, whatif);
    T.whatif.push(performance.now() - t0);
    base = summary('', t, a);
    wi = summary('whatif_', t, wa);
  }
  console.log(`import_ms ${med(T.import)}\nimport_rows ${rows}`);
  for (const k of ['rules', 'alloc', 'summary', 'whatif', 'pipeline']) console.log(`${k}_ms ${med(T[k])}`);
  console.log(base);
  console.log(wi);
  con.closeSync();
  db.closeSync();
}

main().then(() => rmSync(tmp, { recursive: true, force: true }), (e) => {
  rmSync(tmp, { recursive: true, force: true });
  console.log(`error ${String(e.message || e).split('\n')[0]}`);
  process.exit(1);
});
