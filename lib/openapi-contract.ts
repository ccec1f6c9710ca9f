/**
 * Checks an answer of a REST system against the response schema its OpenAPI 3.1 document
 * declares for that operation and status (JSON Schema 2020-12, ajv with ajv-formats), and its
 * headers against the declared ones. Why: what a system sends back is data from outside —
 * `{}` where a page was promised, a status the enum does not know, a missing ETag — and must be
 * refused at the border as that system failing, not travel on into resolvers and surface as an
 * INTERNAL_SERVER_ERROR. The stand-in's tests use the same checker, so both sides hold the
 * same document to account.
 *
 * Schemas compile lazily, once per (operation, status): the first answer of each kind pays.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

type Json = Record<string, unknown>;
/** Checks kept per validator: far more than the operations × statuses × content types a system answers. */
const MAX_CHECKERS = 1000;
const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export interface ContractValidator {
  /** Every component schema, compiled (throws if one is not valid JSON Schema 2020-12). */
  compileAll(): string[];
  /** The path template of a concrete path, e.g. /orders/or-1 → /orders/{id}; null when the document has none. */
  templateOf(path: string): string | null;
  /** Errors of `body` against the schema of (method, path template, status, content type); [] when valid. */
  check(method: string, pathTemplate: string, status: number, contentType: string, body: unknown): string[];
  /** Errors of the response headers: every header the response declares required is present and matches its schema. */
  checkHeaders(method: string, pathTemplate: string, status: number, headers: Headers): string[];
}

export function contractValidator(doc: Json, id = 'urn:openapi'): ContractValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary([
    'openapi',
    'info',
    'servers',
    'tags',
    'paths',
    'components',
    'security',
    'webhooks',
    'jsonSchemaDialect',
    'externalDocs',
  ]);
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: id });
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  const describe = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);

  // Templates, most specific (fewest parameters) first, so /unit-costs/x/y matches before /unit-costs/{m}/{s}.
  const templates = Object.keys(doc.paths as Json)
    .map((t) => ({
      t,
      re: new RegExp(`^${t.replace(/[.*+?^$()|\\]/g, '\\$&').replace(/\{[^}/]+\}/g, '[^/]+')}$`),
      params: (t.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);

  function responseOf(method: string, pathTemplate: string, status: number): { response: Json; base: string[] } | string {
    const operation = ((doc.paths as Json)[pathTemplate] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
    if (!operation) return `no operation ${method} ${pathTemplate} in the document`;
    let response = (operation.responses as Json)[String(status)] as Json | undefined;
    let base = ['paths', pathTemplate, method.toLowerCase(), 'responses', String(status)];
    if (!response) return `${method} ${pathTemplate} declares no ${status} response`;
    if (typeof response.$ref === 'string') {
      const name = response.$ref.split('/').pop()!;
      response = ((doc.components as Json).responses as Json)[name] as Json;
      base = ['components', 'responses', name];
    }
    return { response, base };
  }

  /**
   * The check of one (method, template, status, content type), looked up once: a client asks the
   * same few every second, and finding the response and its schema by pointer cost more than
   * validating most answers.
   */
  function checkerOf(method: string, pathTemplate: string, status: number, contentType: string): (body: unknown) => string[] {
    const found = responseOf(method, pathTemplate, status);
    if (typeof found === 'string') return () => [found];
    const { response, base } = found;
    const media = (response.content as Json | undefined)?.[contentType];
    if (!media)
      return (body) =>
        body === undefined || body === '' ? [] : [`${method} ${pathTemplate} ${status} declares no ${contentType} content`];
    const validate = ajv.getSchema(`${id}#/${pointer([...base, 'content', contentType, 'schema'])}`);
    if (!validate) return () => ['schema not found'];
    return (body) => (validate(body) ? [] : describe(validate.errors));
  }
  const checkers = new Map<string, (body: unknown) => string[]>();

  return {
    compileAll() {
      return Object.keys(components).map((name) => {
        if (!ajv.getSchema(`${id}#/components/schemas/${pointer([name])}`)) throw new Error(`schema ${name} does not compile`);
        return name;
      });
    },
    templateOf(path) {
      return templates.find((x) => x.re.test(path))?.t ?? null;
    },
    check(method, pathTemplate, status, contentType, body) {
      const key = `${method} ${pathTemplate} ${status} ${contentType}`;
      let checker = checkers.get(key);
      if (!checker) {
        checker = checkerOf(method, pathTemplate, status, contentType);
        // Bounded: statuses and content types are the system's to choose.
        if (checkers.size < MAX_CHECKERS) checkers.set(key, checker);
      }
      return checker(body);
    },
    checkHeaders(method, pathTemplate, status, headers) {
      const found = responseOf(method, pathTemplate, status);
      if (typeof found === 'string') return [found];
      const declared = (found.response.headers ?? {}) as Json;
      const errors: string[] = [];
      for (const [name, raw] of Object.entries(declared)) {
        let header = raw as Json;
        let pointerTo = [...found.base, 'headers', name];
        if (typeof header.$ref === 'string') {
          const ref = header.$ref.split('/').pop()!;
          header = ((doc.components as Json).headers as Json)[ref] as Json;
          pointerTo = ['components', 'headers', ref];
        }
        const value = headers.get(name);
        if (value === null) {
          if (header.required) errors.push(`${method} ${pathTemplate} ${status}: required header ${name} is missing`);
          continue;
        }
        const validate = ajv.getSchema(`${id}#/${pointer([...pointerTo, 'schema'])}`);
        if (validate && !validate(value)) errors.push(...describe(validate.errors).map((e) => `header ${name}: ${e}`));
      }
      return errors;
    },
  };
}
