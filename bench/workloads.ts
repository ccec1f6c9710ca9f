/**
 * Each party's main query (test/queries.ts, the documents the front ends send), as the
 * benchmark asks them: one workload a party.
 */
import type { TokenClaims } from '../gateway/auth/index.js';
import { ASSIGNED_ORDERS, PROVIDERS, SHARED_PLAN, SPENDING } from '../test/queries.js';

export interface Workload {
  name: string;
  description: string;
  /** The claims of the i-th concurrent caller (the same party for all, unless the workload is many parties). */
  claims: (i: number) => TokenClaims;
  query: string;
  variables: Record<string, unknown>;
}

export const WORKLOADS: Workload[] = [
  {
    name: 'shared-plan',
    description: 'case worker: the shared plan of cl-00002 (30 services)',
    claims: () => ({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' }),
    query: SHARED_PLAN,
    variables: { id: 'cl-00002' },
  },
  {
    name: 'own-plan',
    description: 'client cl-00002: their own plan',
    claims: () => ({ role: 'CLIENT', subject: 'cl-00002', clientId: 'cl-00002' }),
    query: SHARED_PLAN,
    variables: { id: 'cl-00002' },
  },
  {
    name: 'assigned-orders',
    description: "provider pr-0001's system: its assigned orders, 50",
    claims: () => ({ role: 'PROVIDER', subject: 'system-pr-0001', providerId: 'pr-0001' }),
    query: ASSIGNED_ORDERS,
    variables: { first: 50 },
  },
  {
    name: 'providers',
    description: 'client cl-00001: browsing providers in Kajaani, 20',
    claims: () => ({ role: 'CLIENT', subject: 'cl-00001', clientId: 'cl-00001' }),
    query: PROVIDERS,
    variables: { first: 20, filter: { municipalityCode: '205' } },
  },
  {
    name: 'spending',
    description: 'analyst: the spending report, Jan–Oct by municipality and service type',
    // One analyst per connection: the report gate lets each caller have one report running and one waiting.
    claims: (i) => ({ role: 'ANALYST', subject: `analyst-${i + 1}` }),
    query: SPENDING,
    variables: { from: '2026-01-01', to: '2026-10-31', groupBy: ['MUNICIPALITY', 'SERVICE_TYPE'] },
  },
];
