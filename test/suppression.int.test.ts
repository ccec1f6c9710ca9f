/**
 * Issue 10, attack 5: undoing suppression by differencing, performed through the running stack
 * over real HTTP on the stand-in's trial-scale data.
 *
 * The attacker (a national analyst) asks for every grouping the API lets through — all fifteen
 * combinations of service type, municipality, provider and month, and where the gateway refuses
 * one as too costly, the same per municipality — over month M, month M+1 and months M..M+1
 * (periods one day apart are no longer possible: whole months only). Every visible figure is a
 * sum of finest cells (service type × municipality × provider × month, read from the system);
 * test/differencing.ts then finds every hidden figure the visible ones determine exactly, by
 * any sums and differences. None of fewer than 5 clients may be among them.
 *
 * The same attack against each report suppressed on its own (the rule before: small rows, plus
 * the next-smallest when exactly one is small) recovers small cells exactly — it prints how
 * many — so the attack is real and the test would fail while it worked.
 *
 * Also: every report run is in the audit's write log (who, grouping, period, area).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../lib/reference.js';
import { DifferencingAttack } from './differencing.js';
import { cents, claims, codes } from './support/index.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

type Dimension = 'SERVICE_TYPE' | 'MUNICIPALITY' | 'PROVIDER' | 'MONTH';
const DIMENSIONS: Dimension[] = ['SERVICE_TYPE', 'MUNICIPALITY', 'PROVIDER', 'MONTH'];
const SYSTEM_NAME: Record<Dimension, string> = {
  SERVICE_TYPE: 'serviceType',
  MUNICIPALITY: 'municipality',
  PROVIDER: 'provider',
  MONTH: 'month',
};
const FIELD: Record<Dimension, 'serviceTypeCode' | 'municipalityCode' | 'providerId' | 'month'> = {
  SERVICE_TYPE: 'serviceTypeCode',
  MUNICIPALITY: 'municipalityCode',
  PROVIDER: 'providerId',
  MONTH: 'month',
};
const REPORT = `query($from: Date!, $to: Date!, $groupBy: [ReportDimension!]!, $mun: String) {
  spendingReport(from: $from, to: $to, groupBy: $groupBy, municipalityCode: $mun) {
    total { amount } rows { serviceTypeCode municipalityCode providerId month suppressed clients amount { amount } } } }`;

const M = '2026-09';
const NEXT = '2026-10';
const PERIODS = [
  { from: `${M}-01`, to: `${M}-30`, months: [M] },
  { from: `${NEXT}-01`, to: `${NEXT}-31`, months: [NEXT] },
  { from: `${M}-01`, to: `${NEXT}-31`, months: [M, NEXT] },
];
const GROUPINGS: Dimension[][] = Array.from({ length: 15 }, (_, i) => DIMENSIONS.filter((_, d) => (i + 1) & (1 << d)));

type Row = Partial<Record<'serviceTypeCode' | 'municipalityCode' | 'providerId' | 'month', string>> & {
  clients: number;
  amountCents: number;
};
/** What one report shows, and what the system holds for the same report. */
interface Asked {
  period: (typeof PERIODS)[number];
  groupBy: Dimension[];
  mun: string | null;
  published: { rows: (Row & { suppressed: boolean })[]; totalShown: boolean } | null;
  raw: { rows: Row[]; totalCents: number; totalClients: number };
}

async function raw(period: (typeof PERIODS)[number], groupBy: Dimension[], mun: string | null) {
  const query = new URLSearchParams({ from: period.from, to: period.to });
  for (const d of groupBy) query.append('groupBy', SYSTEM_NAME[d]);
  if (mun) query.set('municipality', mun);
  const res = await stack.systemFetch('vouchers', `/reports/spending?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { rows: Row[]; totalCents: number; totalClients: number };
}

/** The finest cell of a raw row of the finest report. */
const finestKey = (r: Row) => `${r.serviceTypeCode}|${r.municipalityCode}|${r.providerId}|${r.month}`;

let finest: Row[] = [];
const asked: Asked[] = [];

/** The finest cells under a row of a report (its values, its area, its months). */
function under(a: Pick<Asked, 'period' | 'groupBy' | 'mun'>, row: Partial<Row>): string[] {
  return finest
    .filter(
      (f) =>
        a.period.months.includes(f.month!) &&
        (!a.mun || f.municipalityCode === a.mun) &&
        a.groupBy.every((d) => f[FIELD[d]] === row[FIELD[d]]),
    )
    .map(finestKey);
}

describe('differencing the reports the API allows', () => {
  beforeAll(async () => {
    finest = (await raw(PERIODS[2]!, DIMENSIONS, null)).rows;
    const analyst = await stack.token(claims.analyst('attacker'));
    for (const period of PERIODS) {
      for (const groupBy of GROUPINGS) {
        const national = await stack.query(REPORT, { from: period.from, to: period.to, groupBy }, analyst);
        const areas = codes(national).includes('OPERATION_TOO_COMPLEX') ? MUNICIPALITIES.map((m) => m.code) : [null];
        for (const mun of areas) {
          const res = mun ? await stack.query(REPORT, { from: period.from, to: period.to, groupBy, mun }, analyst) : national;
          // Refused as not publishable (FORBIDDEN), or too costly even for one municipality: nothing seen.
          expect(codes(res).filter((c) => c !== 'FORBIDDEN' && c !== 'OPERATION_TOO_COMPLEX')).toEqual([]);
          const report = res.data?.spendingReport;
          asked.push({
            period,
            groupBy,
            mun,
            published: report
              ? { rows: report.rows.map((r: any) => ({ ...r, amountCents: r.amount ? cents(r.amount) : null })), totalShown: true }
              : null,
            raw: await raw(period, groupBy, mun),
          });
        }
      }
    }
  }, 300_000);

  /** The hidden small cells (of every report asked) that the attacker determines from what was visible. */
  function attack(visibleRowsOf: (a: Asked) => Row[], totalShown: (a: Asked) => boolean) {
    const attacker = new DifferencingAttack();
    for (const a of asked) {
      if (totalShown(a)) attacker.see(under(a, {}));
      for (const row of visibleRowsOf(a)) attacker.see(under(a, row));
    }
    const recovered: string[] = [];
    let small = 0;
    for (const a of asked) {
      for (const row of a.raw.rows) {
        if (row.clients >= 5) continue;
        small++;
        if (attacker.recovers(under(a, row)))
          recovered.push(
            `${a.period.months.join('..')} ${a.mun ?? 'all'} ${a.groupBy.join(',')}: ${a.groupBy.map((d) => row[FIELD[d]]).join('/')} (${row.clients} clients)`,
          );
      }
    }
    return { recovered, small };
  }

  it('asks what an attacker would, and gets answers', () => {
    expect(finest.length).toBeGreaterThan(100);
    expect(asked.filter((a) => a.published).length).toBeGreaterThan(40);
    // Adjacent periods and their union, by every grouping, are among them.
    for (const period of PERIODS)
      expect(asked.some((a) => a.period === period && a.published && a.groupBy.join() === 'SERVICE_TYPE')).toBe(true);
  });

  it('shows no figure of fewer than 5 clients, and publishes the raw figures where it shows them', () => {
    for (const a of asked.filter((x) => x.published)) {
      expect(a.published!.rows).toHaveLength(a.raw.rows.length);
      a.published!.rows.forEach((row, i) => {
        if (row.suppressed) return;
        expect(row.clients).toBeGreaterThanOrEqual(5);
        expect(row.amountCents).toBe(a.raw.rows[i]!.amountCents);
      });
    }
  });

  it('lets no combination of the visible figures recover a hidden cell of fewer than 5 clients', () => {
    const { recovered, small } = attack(
      (a) => (a.published ? a.raw.rows.filter((_, i) => !a.published!.rows[i]!.suppressed) : []),
      (a) => !!a.published,
    );
    expect(small).toBeGreaterThan(100);
    expect(recovered).toEqual([]);

    // Control: the same requests, each report suppressed on its own as before.
    const perReport = (a: Asked) => {
      const small = new Set(a.raw.rows.flatMap((r, i) => (r.clients < 5 ? [i] : [])));
      if (small.size === 1 && a.raw.rows.length > 1) {
        const next = a.raw.rows
          .map((r, i) => ({ r, i }))
          .filter(({ i }) => !small.has(i))
          .sort((x, y) => x.r.clients - y.r.clients || x.r.amountCents - y.r.amountCents)[0]!;
        small.add(next.i);
      }
      return a.raw.rows.filter((_, i) => !small.has(i));
    };
    // Before, a report was published (its total with it) unless it covered 1–4 clients in all.
    const before = attack(perReport, (a) => a.raw.totalClients === 0 || a.raw.totalClients >= 5);
    console.log(
      `\nDifferencing ${asked.length} reports (${M}, ${NEXT}, both; every grouping): ${small} hidden cells of fewer than 5 clients; recovered exactly — per-report suppression: ${before.recovered.length}, now: ${recovered.length}\n  e.g. ${before.recovered.slice(0, 3).join('\n       ')}\n`,
    );
    expect(before.recovered.length).toBeGreaterThan(0);
  });

  it('shows a cell of several months only when it is shown in each of its months', () => {
    const both = asked.filter((a) => a.period === PERIODS[2] && a.mun === null && a.published && !a.groupBy.includes('MONTH'));
    const monthly = (period: (typeof PERIODS)[number], groupBy: Dimension[]) =>
      asked.find((a) => a.period === period && a.mun === null && a.groupBy.join() === groupBy.join());
    let checked = 0;
    for (const a of both) {
      for (const row of a.published!.rows.filter((r) => !r.suppressed)) {
        for (const period of PERIODS.slice(0, 2)) {
          const single = monthly(period, a.groupBy);
          const same = single?.published?.rows.find((r) => a.groupBy.every((d) => r[FIELD[d]] === row[FIELD[d]]));
          if (same) expect(same.suppressed, `${a.groupBy} ${period.months}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('the audit of report runs', () => {
  const WRITE_LOG = 'query($s: String) { writeLog(subject: $s, first: 100) { edges { node { actorRole actorId subject dataWritten } } } }';
  const runs = async () => {
    const res = await stack.query(WRITE_LOG, { s: 'Report/spending' }, await stack.token(claims.admin('auditor')));
    expect(res.errors).toBeUndefined();
    return res.data.writeLog.edges.map((e: any) => e.node);
  };

  it('records who ran which report, grouped how, over which period and area — published or not', async () => {
    const national = await stack.token(claims.analyst('analyst-audited'));
    const kajaani = await stack.token(claims.analyst('analyst-205', '205'));
    expect(
      (await stack.query(REPORT, { from: '2026-09-01', to: '2026-10-31', groupBy: ['SERVICE_TYPE', 'MONTH'] }, national)).errors,
    ).toBeUndefined();
    await stack.query(REPORT, { from: '2026-06-01', to: '2026-10-31', groupBy: ['PROVIDER'] }, kajaani);
    // Not publishable (its first month covers too few clients), but run: recorded.
    const refused = await stack.query(REPORT, { from: '2025-01-01', to: '2025-12-31', groupBy: ['MONTH'] }, national);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    // Refused before running (not whole months): nothing to record.
    await stack.query(REPORT, { from: '2026-09-02', to: '2026-10-31', groupBy: ['MONTH'] }, national);

    const log = await runs();
    const of = (actorId: string) =>
      log.filter((e: any) => e.actorId === actorId).map((e: any) => ({ role: e.actorRole, subject: e.subject, what: e.dataWritten }));
    expect(of('analyst-audited')).toEqual(
      expect.arrayContaining([
        {
          role: 'ANALYST',
          subject: 'Report/spending',
          what: ['spendingReport groupBy=SERVICE_TYPE,MONTH from=2026-09-01 to=2026-10-31 municipality=all'],
        },
        {
          role: 'ANALYST',
          subject: 'Report/spending',
          what: ['spendingReport groupBy=MONTH from=2025-01-01 to=2025-12-31 municipality=all'],
        },
      ]),
    );
    expect(of('analyst-audited')).toHaveLength(2);
    expect(of('analyst-205')).toEqual([
      {
        role: 'ANALYST',
        subject: 'Report/spending',
        what: ['spendingReport groupBy=PROVIDER from=2026-06-01 to=2026-10-31 municipality=205'],
      },
    ]);
  });
});
