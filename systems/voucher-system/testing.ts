/**
 * For the voucher system's tests: calls over real HTTP whose every answer is checked against
 * the OpenAPI document (body schema and declared headers) before the test looks at it. Why a
 * module of its own: the read and the write suites (and anyone pointing them at the real
 * system) must hold every answer to the same contract.
 */
import { expect } from 'vitest';
import { contractValidator } from './contract.js';

const contract = contractValidator();

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface ContractCalls {
  /** Calls the system and checks the answer against the document's schema for the operation. */
  call(method: string, template: string, path: string, init?: RequestInit): Promise<Answer>;
  get(template: string, path: string, headers?: Record<string, string>): Promise<Answer>;
  /** A JSON body with the given method and headers. */
  send(method: string, template: string, path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Every page of a list, following nextCursor. */
  pageAll(template: string, path: string): Promise<{ items: Answer['body'][]; totals: number[]; calls: number }>;
}

/** `baseUrl` is read at each call, so a suite may point it at another running stand-in. */
export function contractCalls(baseUrl: () => string): ContractCalls {
  async function call(method: string, template: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const res = await fetch(`${baseUrl()}${path}`, { method, ...init });
    const text = await res.text();
    const type = (res.headers.get('content-type') ?? '').split(';')[0];
    const body = text && type.endsWith('json') ? JSON.parse(text) : text;
    const errors = [...contract.check(method, template, res.status, type || 'none', text ? body : undefined), ...contract.checkHeaders(method, template, res.status, res.headers)];
    expect(errors, `${method} ${path} → ${res.status} against the OpenAPI document`).toEqual([]);
    return { status: res.status, headers: res.headers, body };
  }
  const get = (template: string, path: string, headers: Record<string, string> = {}) => call('GET', template, path, { headers });
  const send = (method: string, template: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(method, template, path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function pageAll(template: string, path: string) {
    const items: Answer['body'][] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const { status, body }: Answer = await get(template, cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
      expect(status).toBe(200);
      items.push(...body.items);
      totals.push(body.total);
      cursor = body.nextCursor;
      calls++;
    } while (cursor && calls < 1000);
    return { items, totals, calls };
  }

  return { call, get, send, pageAll };
}
