/**
 * Types are written once: the checked-in generated files are what `npm run codegen` makes
 * from the SDL (resolver types, the tests' operation types, the enumeration lists) and the
 * voucher system's OpenAPI document. CI fails when they are stale.
 */
import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import config from '../codegen.js';
import { OPENAPI_JSON, openApiJson } from '../scripts/openapi-json.js';

const root = new URL('..', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('generated types', () => {
  it('resolver types, enumeration lists and test operation types match the SDL (run `npm run codegen`)', async () => {
    const outputs = await generate({ ...config, cwd: root.pathname, silent: true, hooks: {} }, false);
    expect(outputs.map((o: { filename: string }) => o.filename.replace(root.pathname, '')).sort()).toEqual([
      'lib/__generated__/enums.ts',
      'subgraphs/audit/__generated__/resolvers-types.ts',
      'subgraphs/client-records/__generated__/resolvers-types.ts',
      'subgraphs/providers/__generated__/resolvers-types.ts',
      'subgraphs/vouchers/__generated__/resolvers-types.ts',
      'test/__generated__/operations.ts',
    ]);
    for (const { filename, content } of outputs) expect(read(filename.replace(root.pathname, '')), filename).toBe(content);
  }, 60_000);

  it('every generated file lives under a __generated__/ folder', () => {
    expect(Object.keys(config.generates).filter((path) => !path.includes('/__generated__/'))).toEqual([]);
  });

  it('voucher-system client types match openapi.yaml (run `npm run codegen`)', async () => {
    const ast = await openapiTS(new URL('systems/voucher-system/openapi.yaml', root));
    const checkedIn = read('lib/__generated__/voucher-system.d.ts');
    // openapi-typescript's CLI adds a header comment; compare the generated body.
    expect(checkedIn.endsWith(astToString(ast)) || checkedIn.includes(astToString(ast).trim())).toBe(true);
  }, 60_000);

  it("the voucher client's copy of the contract matches openapi.yaml (run `npm run codegen`)", () => {
    expect(read(OPENAPI_JSON)).toBe(openApiJson());
  });
});
