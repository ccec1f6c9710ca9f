/**
 * The CapabilityStatement (GET /fhir/metadata): what this server supports, generated from the
 * same tables the searches and writes run on, so the statement cannot drift from the code.
 * Custom parameters (Patient `municipality`, CarePlan `activity`) carry their definition URL.
 * Writable types (CarePlan, Goal, Organization) declare `versioned-update`: an update must name
 * the version it changes in If-Match. Organization alone declares `updateCreate`: it is written
 * to the writer's id (the provider id), so a PUT to an id not yet known creates it. `security`
 * names SMART-on-FHIR and the token endpoint.
 */
import type { CapabilityStatement } from '../../lib/fhir-r4.js';
import { BUSINESS_ID_SYSTEM } from '../../lib/reference.js';
import { INCLUDES, SEARCH_PARAMS, SORTS } from './search.js';
import { RESOURCE_TYPES } from './store.js';
import { createsOnUpdate, isCreatable, isWritable, MAX_BODY_BYTES } from './writes.js';

export function capabilityStatement(baseUrl: string, date: string, tokenUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Client-plan graph (stand-in)',
    kind: 'instance',
    software: { name: 'client-record-system stand-in', version: '0.1.0' },
    implementation: { description: 'Municipal client-record system (asiakastietojärjestelmä) stand-in', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        // SMART on FHIR: where to get a token (SMART Backend Services; details at .well-known/smart-configuration).
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: tokenUrl }],
            },
          ],
          description:
            'Every interaction but metadata and .well-known/smart-configuration needs a bearer token: SMART Backend Services (client credentials with a private_key_jwt assertion, ES384 or RS384), scopes system/<Type|*>.<read|write|*>.',
        },
        documentation:
          `Searches page with _count (default 20, at most 500) and next links; ${'Prefer: handling=lenient'} ignores unknown parameters. Sort keys: ${RESOURCE_TYPES.map((t) => `${t} ${SORTS[t].join('/')}`).join('; ')}. ` +
          `CarePlan and Goal are written by create (POST; conditional with If-None-Exist, e.g. identifier=system|value: one match answers 200 with it, several 412) ` +
          `and update (PUT with If-Match: W/"<versionId>"; 428 without it, 412 when stale, 404 for an unknown id). The server assigns their ids, and activity ids the writer leaves out; ` +
          `an activity id belongs to one plan for good. Organization (a service provider, its id the provider id) is written by PUT Organization/{id} only: without If-Match to an unknown id it is created (201), ` +
          `an existing one is updated with If-Match like the others; it needs its business ID (${BUSINESS_ID_SYSTEM}|Y-tunnus), a name and active, and is a known performer of planned services at once; none is deleted. ` +
          `Bodies are FHIR JSON of at most ${MAX_BODY_BYTES / 1024} kB. Every version is kept from the first kept one (a seeded resource's seeded state).`,
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          versioning: isWritable(type) ? ('versioned-update' as const) : ('versioned' as const),
          readHistory: true,
          ...(isWritable(type)
            ? {
                updateCreate: createsOnUpdate(type),
                conditionalCreate: isCreatable(type),
                conditionalUpdate: false,
                conditionalDelete: 'not-supported' as const,
              }
            : {}),
          interaction: [
            { code: 'read' as const },
            { code: 'vread' as const },
            ...(isWritable(type) ? [{ code: 'update' as const }] : []),
            ...(isCreatable(type) ? [{ code: 'create' as const }] : []),
            { code: 'history-instance' as const },
            { code: 'search-type' as const },
          ],
          ...(INCLUDES[type].length ? { searchInclude: [...INCLUDES[type]] } : {}),
          searchParam: Object.entries(SEARCH_PARAMS[type]).map(([name, def]) => ({
            name,
            type: def.type,
            ...(def.definition ? { definition: def.definition } : {}),
            documentation: def.documentation,
          })),
        })),
      },
    ],
  } as CapabilityStatement;
}
