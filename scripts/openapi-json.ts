/**
 * Writes the voucher system's OpenAPI document as JSON into lib/__generated__/, where the
 * voucher client reads it at run time to check every answer against the contract. Why a
 * generated copy: production code must not read the stand-in's folder, nor need a YAML parser.
 * Part of `npm run codegen`; test/codegen.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url);
export const OPENAPI_JSON = 'lib/__generated__/voucher-system.openapi.json';

export function openApiJson(): string {
  const doc = parse(readFileSync(new URL('systems/voucher-system/openapi.yaml', root), 'utf8'));
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL(OPENAPI_JSON, root), openApiJson());
  console.log(`wrote ${OPENAPI_JSON}`);
}
