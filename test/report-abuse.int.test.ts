/**
 * Issue 10, attack 4: report abuse, performed through the running stack over real HTTP.
 *
 * - One request of 30 aliased five-year reports by every dimension (what got through: 2.8–4.7 s
 *   of server time, a 15 MB answer): refused at the gateway before any subgraph is called.
 * - A report's period is bounded: refused in the vouchers subgraph before the system is asked.
 * - A caller who gives up (disconnects, or the gateway's time for a subgraph runs out) stops the
 *   report's work in the voucher system: the stand-in sees its request closed, and the
 *   report's remaining reads are never made.
 * - Many parties' reports at once (the voucher system serving a few requests at a time, reports
 *   holding theirs): a case worker's shared plan still answers quickly; the reports beyond what
 *   a party may run or queue get RATE_LIMITED with a retryAfter.
 *
 * It prints what it measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authFromDevIssuer } from '../gateway/auth/index.js';
import { startGateway } from '../gateway/server.js';
import { claims, codes } from './support/index.js';
import { SHARED_PLAN, SPENDING } from './queries.js';
import { TEST_RATE_LIMITS, startStack, type Stack } from './stack.js';

let stack: Stack;
const measured: string[] = [];
// A report's read of the voucher system: its catch-up with the change feed (the reporting read
// model, subgraphs/vouchers/reporting-model.ts, answers the rest in the vouchers subgraph).
const REPORT_PATH = '/changes';

beforeAll(async () => {
  // Reports of one role: two at a time, two waiting (production: two and four), so a burst
  // settles well within the gateway's time for a subgraph.
  stack = await startStack({ reportGate: { perRole: 2, queuePerRole: 2 } });
});

afterAll(async () => {
  console.log(`\nReport abuse (trial scale):\n${measured.map((m) => `  ${m}`).join('\n')}\n`);
  await stack?.close();
});

const analyst = (subject?: string) => stack.token(claims.analyst(subject));
const reportCalls = () => stack.systems.vouchers.requests.count((r) => r.path === REPORT_PATH);

async function post(query: string, variables: Record<string, unknown>, token: string, signal?: AbortSignal) {
  const started = performance.now();
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), bytes: text.length, ms: Math.round(performance.now() - started) };
}

const everyDimension = (alias: string, from: string, to: string) =>
  `${alias}: spendingReport(from: "${from}", to: "${to}", groupBy: [SERVICE_TYPE, MUNICIPALITY, PROVIDER, MONTH]) {
    total { amount } rows { serviceTypeCode municipalityCode providerId month suppressed clients orders amount { amount currency } } }`;

describe('one request of many reports', () => {
  it('30 aliased five-year reports are refused at the gateway, before any subgraph is called', async () => {
    stack.systems.vouchers.requests.reset();
    const query = `{ ${Array.from({ length: 30 }, (_, i) => everyDimension(`r${i}`, '2021-12-01', '2026-11-30')).join('\n')} }`;
    const res = await post(query, {}, await analyst());
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(res.body.errors[0].message).toMatch(/reports 30 exceeds the limit of 1/);
    expect(res.body.errors[0].message).toMatch(/cost \d+ exceeds the limit of 20000/);
    expect(reportCalls()).toBe(0);
    measured.push(
      `30 aliased five-year reports by every dimension: refused in ${res.ms} ms, ${res.bytes} bytes (before: 2.8–4.7 s, 15 353 371 bytes)`,
    );
  });

  it('two reports in one operation are refused, through fragments too', async () => {
    const one = 'spendingReport(from: "2026-09-01", to: "2026-09-30", groupBy: [SERVICE_TYPE]) { total { amount } }';
    for (const query of [`{ a: ${one} b: ${one} }`, `{ ...R ...R } fragment R on Query { ${one} }`]) {
      const res = await post(query, {}, await analyst());
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({
        message: expect.stringMatching(/reports 2 exceeds the limit of 1/),
        extensions: { code: 'OPERATION_TOO_COMPLEX' },
      });
    }
  });

  it('a report that could return more rows than an operation may cost is refused', async () => {
    // By provider (counted up to 1 000) and month over 24 months: 24 000 rows.
    const res = await post(
      '{ spendingReport(from: "2024-11-01", to: "2026-10-31", groupBy: [PROVIDER, MONTH]) { rows { amount { amount } } } }',
      {},
      await analyst(),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/cost 2400\d exceeds the limit of 20000/);
  });

  it('a period longer than 24 months, or not of whole months, is BAD_USER_INPUT before the system is asked', async () => {
    stack.systems.vouchers.requests.reset();
    const token = await analyst();
    for (const [from, to, argumentName] of [
      ['2021-12-01', '2026-10-31', 'to'],
      ['2026-09-02', '2026-10-31', 'from'],
      ['2026-09-01', '2026-10-30', 'to'],
    ]) {
      const res = await post(SPENDING, { from, to, groupBy: ['SERVICE_TYPE'] }, token);
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].extensions.argumentName).toBe(argumentName);
    }
    expect(reportCalls()).toBe(0);
  });

  it('the heaviest report an operation may hold costs a bounded time and answer', async () => {
    // Every service type × municipality × month of the longest period: 3 600 rows at most.
    const variables = { from: '2025-03-01', to: '2026-10-31', groupBy: ['SERVICE_TYPE', 'MUNICIPALITY', 'MONTH'] };
    const token = await analyst('heaviest');
    const first = await post(SPENDING, variables, token);
    const again = await post(SPENDING, variables, token);
    expect(first.body.errors).toBeUndefined();
    expect(first.bytes).toBeLessThan(1_000_000);
    measured.push(
      `heaviest report allowed (${variables.groupBy.join(', ')}, 20 months, ${first.body.data.spendingReport.rows.length} rows): ${first.ms} ms first, ${again.ms} ms with the months' patterns known, ${first.bytes} bytes`,
    );
  });
});

describe('a caller who gives up stops the work', () => {
  const slowReports = (waitMs: number) => stack.systems.vouchers.setFaults({ heavy: { path: REPORT_PATH, waitMs } });
  const variables = { from: '2026-09-01', to: '2026-10-31', groupBy: ['SERVICE_TYPE'] };

  afterAll(() => slowReports(0));

  async function until(condition: () => boolean, ms: number) {
    for (const end = Date.now() + ms; Date.now() < end && !condition();) await new Promise((r) => setTimeout(r, 25));
    return condition();
  }

  it('when the caller disconnects, the voucher system sees its report request closed and no further reads', async () => {
    const token = await analyst('leaves');
    await post(SPENDING, variables, token); // the subgraph's access token to the system is fresh, so only the report is slow
    slowReports(2000);
    stack.systems.vouchers.requests.reset();
    const leaving = new AbortController();
    const asked = post(SPENDING, variables, token, leaving.signal).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 300));
    leaving.abort();
    expect(await asked).toBeInstanceOf(Error);
    expect(await until(() => stack.systems.vouchers.requests.closedEarly.some((r) => r.path === REPORT_PATH), 1500)).toBe(true);
    // Past the time the system would have answered: nothing of the report was answered or asked after.
    await new Promise((r) => setTimeout(r, 2300));
    expect(reportCalls()).toBe(0);
    expect(stack.systems.vouchers.requests.closedEarly.filter((r) => r.path === REPORT_PATH)).toHaveLength(1);
    measured.push(
      'caller disconnected 0.3 s into a 2 s report: the system saw its request closed, 0 report reads answered, none made after',
    );
  });

  it("when the gateway's time for the subgraph runs out, the report's work stops too", async () => {
    const impatient = await startGateway({
      auth: authFromDevIssuer(stack.issuer),
      signingSecret: stack.signingSecret,
      subgraphUrls: stack.subgraphUrls,
      rateLimits: TEST_RATE_LIMITS,
      subgraphTimeoutMs: 400,
    });
    try {
      const token = await analyst('impatient');
      slowReports(2000);
      stack.systems.vouchers.requests.reset();
      const started = performance.now();
      const res = await fetch(impatient.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SPENDING, variables }),
      });
      const body = await res.json();
      expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(await until(() => stack.systems.vouchers.requests.closedEarly.some((r) => r.path === REPORT_PATH), 1500)).toBe(true);
      await new Promise((r) => setTimeout(r, 2300));
      expect(reportCalls()).toBe(0);
      measured.push("gateway gave up after 0.4 s: the system saw the report's request closed, 0 report reads answered");
    } finally {
      await impatient.close();
    }
  });
});

describe("one party's heavy reads do not starve the others", () => {
  afterAll(() => stack.systems.vouchers.setFaults({ capacity: null, heavy: null }));

  it("30 analysts' reports at once: the case worker's shared plan answers quickly, the excess is RATE_LIMITED", async () => {
    const caseWorker = await stack.token(claims.caseWorker());
    const analysts = await Promise.all(Array.from({ length: 30 }, (_, i) => analyst(`burst-${i}`)));
    const variables = { from: '2026-06-01', to: '2026-10-31', groupBy: ['SERVICE_TYPE', 'MONTH'] };
    await post(SPENDING, variables, analysts[0]!);
    const alone = await post(SHARED_PLAN, { id: 'cl-00002' }, caseWorker);
    // The voucher system serves four requests at a time; each report read holds its turn 1 s (a
    // report reads the system once now, so its one read is made slow enough to outlast the burst).
    stack.systems.vouchers.setFaults({ capacity: 4, heavy: { path: REPORT_PATH, waitMs: 1000 } });
    const burst = analysts.map((token) => post(SPENDING, variables, token));
    await new Promise((r) => setTimeout(r, 300));
    const during = await post(SHARED_PLAN, { id: 'cl-00002' }, caseWorker);
    const reports = await Promise.all(burst);
    stack.systems.vouchers.setFaults({ capacity: null, heavy: null });

    expect(during.body.errors).toBeUndefined();
    expect(during.body.data.client.currentPlan.budget).not.toBeNull();
    // While 30 reports were asked for: with every one let through, each of the plan's voucher
    // reads waited behind ~26 report reads (about 1.6 s each, some seconds in all).
    expect(during.ms).toBeLessThan(1500);
    const outcome = (r: (typeof reports)[number]) => codes(r.body)[0] ?? 'ok';
    const ok = reports.filter((r) => outcome(r) === 'ok');
    const limited = reports.filter((r) => outcome(r) === 'RATE_LIMITED');
    // Two running and two waiting for the role; the rest told at once when to come back.
    expect(ok).toHaveLength(4);
    expect(limited).toHaveLength(26);
    for (const r of limited) {
      expect(r.body.errors[0].extensions.retryAfter).toBeGreaterThanOrEqual(1);
      expect(r.ms).toBeLessThan(1500);
    }
    measured.push(
      `30 analysts' reports at once (system: 4 requests at a time, report reads 1 s): shared plan ${during.ms} ms (alone ${alone.ms} ms; before the gate, 10 such requests made it take 8.4 s and fail); ` +
        `4 reports answered in ${ok.map((r) => r.ms).join(', ')} ms, 26 RATE_LIMITED in at most ${Math.max(...limited.map((r) => r.ms))} ms`,
    );
  });

  it('one caller runs one report at a time, with one waiting', async () => {
    const token = await analyst('many-tabs');
    stack.systems.vouchers.setFaults({ heavy: { path: REPORT_PATH, waitMs: 200 } });
    const tabs = await Promise.all(
      Array.from({ length: 3 }, () => post(SPENDING, { from: '2026-09-01', to: '2026-10-31', groupBy: ['MONTH'] }, token)),
    );
    stack.systems.vouchers.setFaults({ heavy: null });
    expect(tabs.map((t) => codes(t.body)[0] ?? 'ok').sort()).toEqual(['RATE_LIMITED', 'ok', 'ok']);
  });
});
