/**
 * The parties tests act as, from the seed's facts (trial scale, seed 2026): client cl-00001
 * of Kajaani (205), its case worker cw-0001 of 205, approved provider pr-0001 (whose system
 * is the subject system-pr-0001), a national analyst and an administrator. `claims` builds a
 * party's token claims (the standard one by default, another client, municipality or subject
 * when a test needs it), `viewerOf` the viewer the gateway passes to subgraphs for them, and
 * `roleTokens` signs one token per role for a stack in one go.
 */
import type { TokenClaims } from '../../gateway/auth/index.js';
import type { Role, Viewer } from '../../lib/viewer.js';

export type { TokenClaims };

export const claims = {
  client: (clientId = 'cl-00001', subject = clientId): TokenClaims => ({ role: 'CLIENT', subject, clientId }),
  caseWorker: (municipalityCode = '205', subject = 'cw-0001'): TokenClaims => ({ role: 'CASE_WORKER', subject, municipalityCode }),
  provider: (providerId = 'pr-0001', subject = `system-${providerId}`): TokenClaims => ({ role: 'PROVIDER', subject, providerId }),
  analyst: (subject = 'analyst', municipalityCode?: string): TokenClaims => ({
    role: 'ANALYST',
    subject,
    ...(municipalityCode ? { municipalityCode } : {}),
  }),
  admin: (subject = 'admin'): TokenClaims => ({ role: 'ADMIN', subject }),
};

export type StandardParty = keyof typeof claims;
export const STANDARD_PARTIES = Object.keys(claims) as StandardParty[];

/** The viewer a subgraph sees for these claims (absent claims are null, as the gateway sends them). */
export function viewerOf({ subject, role, municipalityCode, providerId, clientId }: TokenClaims): Viewer {
  return { subject, role, municipalityCode: municipalityCode ?? null, providerId: providerId ?? null, clientId: clientId ?? null };
}

/** A viewer of this role with only the claims given; its subject defaults to `<role>-1`. */
export const viewer = (role: Role, extra: Partial<Viewer> = {}): Viewer => ({
  subject: `${role.toLowerCase()}-1`,
  role,
  municipalityCode: null,
  providerId: null,
  clientId: null,
  ...extra,
});

/**
 * One token per standard party, plus any `extra` parties (or replacements of standard ones),
 * signed by the stack's dev issuer: `const tokens = await roleTokens(stack, { vaasaWorker: claims.caseWorker('905', 'cw-vaasa') })`.
 */
export async function roleTokens<Extra extends Record<string, TokenClaims> = Record<never, TokenClaims>>(
  stack: { token(claims: TokenClaims): Promise<string> },
  extra?: Extra,
): Promise<Record<StandardParty | keyof Extra, string>> {
  const parties: Record<string, TokenClaims> = { ...Object.fromEntries(STANDARD_PARTIES.map((p) => [p, claims[p]()])), ...extra };
  const signed = await Promise.all(Object.entries(parties).map(async ([name, c]) => [name, await stack.token(c)] as const));
  return Object.fromEntries(signed) as Record<StandardParty | keyof Extra, string>;
}
