/**
 * graphql-codegen's client preset works on schema/api.graphql with the README's configuration:
 * over the README's example operations it generates typed documents, the custom scalars mapped
 * to `string` (`strictScalars` fails on an unmapped one), and the result compiles with tsc in
 * strict mode together with code that reads the answers through those types.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

// Inside node_modules/.cache so the generated code resolves its imports from the project.
let dir: string;
beforeAll(() => {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  dir = mkdtempSync(join(root, 'node_modules/.cache/client-codegen-'));
  mkdirSync(join(dir, 'operations'));
  operations.forEach((text, i) => writeFileSync(join(dir, 'operations', `${i}.graphql`), text));
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

/** The README's codegen configuration, pointed at this temporary app. */
const config = (scalars: Record<string, string>) => ({
  cwd: root,
  schema: join(root, 'schema/api.graphql'),
  documents: [join(dir, 'operations/*.graphql')],
  silent: true,
  generates: {
    [join(dir, 'gql/')]: {
      preset: 'client' as const,
      config: { strictScalars: true, scalars, enumsAsTypes: true, useTypeImports: true },
    },
  },
});

describe('the client preset over schema/api.graphql', () => {
  it('generates typed documents of the README operations with the scalars as strings, and they compile', async () => {
    const files = await generate(config({ Date: 'string', DateTime: 'string', Decimal: 'string' }), true);
    const graphqlTs = readFileSync(join(dir, 'gql/graphql.ts'), 'utf8');
    expect(files.map((f: { filename: string }) => f.filename.replace(`${dir}/`, '')).sort()).toEqual(
      expect.arrayContaining(['gql/graphql.ts', 'gql/gql.ts', 'gql/index.ts']),
    );
    // Date, DateTime and Decimal fields are typed `string`, nowhere `any`.
    const sharedPlan = /export type SharedPlanQuery = (.*);/.exec(graphqlTs)?.[1] ?? '';
    for (const field of ['validFrom: string', 'validTo: string | null', 'quantity: string', 'amount: string', 'date: string'])
      expect(sharedPlan).toContain(field);
    expect(/export type AssignedOrdersQuery = (.*);/.exec(graphqlTs)?.[1]).toContain('unitPrice: { amount: string }');
    expect(graphqlTs).not.toMatch(/:\s*any\b/);
    for (const name of ['SharedPlan', 'MyPlan', 'AssignedOrders', 'Spending', 'CreatePlan', 'OrderService']) {
      expect(graphqlTs).toContain(`export const ${name}Document = `);
    }

    writeFileSync(
      join(dir, 'use.ts'),
      `import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SharedPlanDocument, AssignedOrdersDocument, type SharedPlanQuery } from './gql/graphql.js';

type DataOf<D> = D extends TypedDocumentNode<infer R, any> ? R : never;
export function remaining(data: DataOf<typeof SharedPlanDocument>): string | undefined {
  return data.client?.currentPlan?.budget?.remaining.amount;
}
export function validFrom(data: SharedPlanQuery): string | undefined {
  return data.client?.currentPlan?.validFrom;
}
export function statuses(data: DataOf<typeof AssignedOrdersDocument>): ('REQUESTED' | 'ACCEPTED' | 'DECLINED' | 'COMPLETED' | 'CANCELLED')[] {
  return data.assignedOrders.edges.map((e) => e.node.status);
}
`,
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target',
        'ES2022',
        '--module',
        'NodeNext',
        '--moduleResolution',
        'NodeNext',
        join(dir, 'use.ts'),
      ],
      { cwd: dirname(join(dir, 'use.ts')), encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });

  it('fails when a custom scalar is left unmapped (strictScalars)', async () => {
    await expect(generate(config({ Date: 'string', DateTime: 'string' }), false)).rejects.toThrow(/Decimal/);
  });
});
