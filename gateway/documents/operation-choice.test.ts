/**
 * The documents concern on its own, without a server: the operation-choice plugin and the
 * validation rules, called through Apollo Server's pipeline (plugin-harness.ts) with the
 * gateway's API schema and error formatter. Whatever the graph does not serve is refused with
 * 400 and BAD_USER_INPUT before anything runs, naming what was wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPipeline, type PipelineOptions } from '../plugin-harness.js';
import { documentValidationRules, operationChoicePlugin } from './index.js';

const supergraphSdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const gateway: PipelineOptions = { plugins: [operationChoicePlugin()], validationRules: documentValidationRules(supergraphSdl) };

describe('operationChoicePlugin', () => {
  it('refuses an operation name the document does not hold, naming what it holds', async () => {
    const out = await runPipeline(gateway, { query: 'query Types { serviceTypes { code } }', operationName: 'Nope' });
    expect(out.executed).toBe(false);
    expect(out.status).toBe(400);
    expect(out.body.errors).toEqual([
      {
        message: 'the document has no operation named "Nope"; it holds "Types"',
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'operationName' },
      },
    ]);
  });

  it('refuses several operations with none named, and runs the one named', async () => {
    const query = 'query A { me { role } } query B { me { subject } }';
    const out = await runPipeline(gateway, { query });
    expect(out.status).toBe(400);
    expect(out.body.errors?.[0]).toEqual({
      message: 'the document holds 2 operations: name the one to run in operationName; it holds "A", "B"',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'operationName' },
    });
    const picked = await runPipeline(gateway, { query, operationName: 'B', result: { data: { me: { subject: 'x' } } } });
    expect(picked.status).toBe(200);
    expect(picked.body).toEqual({ data: { me: { subject: 'x' } } });
  });

  it('refuses a NUL character in the variables, naming where it is', async () => {
    const query = 'query P($id: ID!) { client(id: $id) { id } }';
    const out = await runPipeline(gateway, { query, variables: { id: 'cl-\u00001' } });
    expect(out.status).toBe(400);
    expect(out.body.errors).toEqual([
      { message: 'id must not contain the NUL character (U+0000)', extensions: { code: 'BAD_USER_INPUT', argumentName: 'id' } },
    ]);
  });

  it('echoes a long operation name only in part', async () => {
    const out = await runPipeline(gateway, { query: '{ me { role } }', operationName: 'N'.repeat(5000) });
    expect(out.status).toBe(400);
    expect(out.body.errors?.[0]?.message.length).toBeLessThan(300);
  });
});

describe('documentValidationRules', () => {
  it('refuses a subscription as bad input, saying how to hear of changes', async () => {
    const out = await runPipeline(gateway, { query: 'subscription { me { role } }' });
    expect(out.status).toBe(400);
    expect(out.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('This graph does not serve subscription operations: poll with a query'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses an alias that takes another field’s name, and NUL in the document', async () => {
    const shadow = await runPipeline(gateway, { query: '{ client(id: "x") { firstName: lastName } }' });
    expect(shadow.body.errors?.[0]?.message).toBe('the alias "firstName" is the name of another field of Client: choose another alias');
    const nul = await runPipeline(gateway, { query: '{ client(id: "a\\u0000b") { id } }' });
    expect(nul.body.errors?.[0]?.message).toBe('strings must not contain the NUL character (U+0000)');
    expect([shadow.status, nul.status]).toEqual([400, 400]);
  });
});
