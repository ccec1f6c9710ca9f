/**
 * Contract checking for tests: validates an answer of the voucher system against the response
 * schema its OpenAPI document declares for that operation and status (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1, with ajv-formats), and its headers against the declared ones (a
 * required ETag or Location missing is a broken contract too). Why here: the document is the source of truth, so
 * the stand-in's tests — and anyone pointing them at the real system — check answers against it.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from './server.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const DOC_ID = 'urn:voucher-system:openapi';
type Json = Record<string, unknown>;

const pointer = (parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export interface ContractValidator {
  /** Every component schema, compiled (throws if one is not valid JSON Schema 2020-12). */
  compileAll(): string[];
  /** Errors of `body` against the schema of (method, path template, status, content type); [] when valid. */
  check(method: string, pathTemplate: string, status: number, contentType: string, body: unknown): string[];
  /** Errors of the response headers: every header the response declares required is present and matches its schema. */
  checkHeaders(method: string, pathTemplate: string, status: number, headers: Headers): string[];
}

export function contractValidator(): ContractValidator {
  const doc = openApiDocument().json as Json;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'security']);
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const components = (doc.components as Json).schemas as Json;
  const describe = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);

  /** The response object of (method, path template, status), references resolved, and its JSON pointer. */
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

  return {
    compileAll() {
      return Object.keys(components).map((name) => {
        if (!ajv.getSchema(`${DOC_ID}#/components/schemas/${pointer([name])}`)) throw new Error(`schema ${name} does not compile`);
        return name;
      });
    },
    check(method, pathTemplate, status, contentType, body) {
      const found = responseOf(method, pathTemplate, status);
      if (typeof found === 'string') return [found];
      const { response, base } = found;
      const media = (response.content as Json | undefined)?.[contentType];
      if (!media) return body === undefined || body === '' ? [] : [`${method} ${pathTemplate} ${status} declares no ${contentType} content`];
      const validate = ajv.getSchema(`${DOC_ID}#/${pointer([...base, 'content', contentType, 'schema'])}`);
      if (!validate) return ['schema not found'];
      return validate(body) ? [] : describe(validate.errors);
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
        const validate = ajv.getSchema(`${DOC_ID}#/${pointer([...pointerTo, 'schema'])}`);
        if (validate && !validate(value)) errors.push(...describe(validate.errors).map((e) => `header ${name}: ${e}`));
      }
      return errors;
    },
  };
}
