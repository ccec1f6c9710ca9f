/**
 * The CapabilityStatement (GET /fhir/metadata): what this server supports, generated from the
 * same search-parameter table the searches run on, so the statement cannot drift from the code.
 * Custom parameters (Patient `municipality`, CarePlan `activity`) carry their definition URL.
 */
import type { CapabilityStatement } from '../../lib/fhir-r4.js';
import { INCLUDES, SEARCH_PARAMS, SORTS } from './search.js';
import { RESOURCE_TYPES } from './store.js';

export function capabilityStatement(baseUrl: string, date: string): CapabilityStatement {
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
        documentation: `Searches page with _count (default 20, at most 500) and next links; ${'Prefer: handling=lenient'} ignores unknown parameters. Sort keys: ${RESOURCE_TYPES.map((t) => `${t} ${SORTS[t].join('/')}`).join('; ')}.`,
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          versioning: 'versioned' as const,
          readHistory: false,
          interaction: [{ code: 'read' as const }, { code: 'vread' as const }, { code: 'search-type' as const }],
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
