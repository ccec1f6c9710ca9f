/**
 * The GraphQL-over-HTTP spec: graphql-http's audit suite against a running gateway, as a case
 * worker (every audit request carries the token; without one the gateway answers
 * UNAUTHENTICATED before any GraphQL rule applies). No audit may fail with `error`; each `warn`
 * must be one the README's "GraphQL over HTTP" section explains by its id — a new warning, or
 * an explained one that has gone, fails this test until the README says why.
 */
import { readFileSync } from 'node:fs';
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';

/** The audit ids the README's "GraphQL over HTTP" section explains (`572B` and the like). */
function explainedWarnings(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = /^## GraphQL over HTTP\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## GraphQL over HTTP" section');
  return [...section.matchAll(/^\| `([0-9A-Z]{4})` \|/gm)].map((m) => m[1]!).sort();
}

describe('GraphQL over HTTP (graphql-http audits)', () => {
  let stack: Stack;
  let results: AuditResult[];
  let asCaseWorker: typeof fetch;
  beforeAll(async () => {
    stack = await startStack();
    const token = await stack.token({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
    asCaseWorker = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    results = await auditServer({ url: stack.gateway.url, fetchFn: asCaseWorker });
    const count = (status: string) => results.filter((r) => r.status === status).length;
    console.log(
      `graphql-http audits: ${results.length} run, ${count('ok')} ok, ${count('notice')} notice, ${count('warn')} warn, ${count('error')} error`,
    );
    for (const r of results.filter((r) => r.status !== 'ok'))
      console.log(`  ${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
  }, 120_000);
  afterAll(() => stack?.close());

  it('fails no audit the spec makes a MUST (no error)', () => {
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}`)).toEqual([]);
  });

  it('warns only where the README\'s "GraphQL over HTTP" section explains why', () => {
    const warned = results
      .filter((r) => r.status === 'warn')
      .map((r) => r.id)
      .sort();
    expect(warned).toEqual(explainedWarnings());
  });

  it("the audits ran as a case worker: the same requests read the graph, in the spec's own media type too", async () => {
    const res = await asCaseWorker(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { me: { role: 'CASE_WORKER' } } });
  });

  it("no server serves a landing page: a browser's GET of a subgraph's /graphql gets nothing from Apollo's CDN", async () => {
    for (const [name, url] of Object.entries(stack.subgraphUrls)) {
      const res = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
      const body = await res.text();
      expect(res.headers.get('content-type'), name).not.toMatch(/html/);
      expect(body, name).not.toMatch(/apollographql\.com|cdn|<script/i);
    }
  });

  it('every server answers with nosniff and without X-Powered-By: gateway, subgraphs, stand-ins', async () => {
    const urls = {
      gateway: stack.gateway.url,
      ...stack.subgraphUrls,
      'client-record-system': `${stack.systems.clientRecords.url}/metadata`,
      'voucher-system': `${stack.systems.vouchers.url}/openapi.json`,
    };
    for (const [name, url] of Object.entries(urls)) {
      const res = await fetch(url);
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), name).toBeNull();
    }
  });
});
