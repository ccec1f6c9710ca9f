/**
 * The `clients(search:)` argument as FHIR Patient search parameters: an exact, valid identity
 * code (HETU, checked with finnish-ssn) or the start of names. Why strict: bad input gets a
 * clear error (docs/architecture.md principle 8) — a string shaped like a HETU with a wrong check
 * character is a typo, not a name, and partial identity codes are not a search the graph
 * offers (they would let anyone probe which codes are clients).
 */
import { FinnishSSN } from 'finnish-ssn';
import { badUserInput } from '../../lib/errors.js';
import { HETU_SYSTEM } from '../../lib/reference.js';
import type { SearchValue } from '../../lib/fhir-client.js';

/** Six digits, a century sign (+ - Y X W V U A B C D E F), three digits and a check character. */
const HETU_SHAPE = /^\d{6}[-+A-FU-Y]\d{3}[0-9A-Z]$/i;
/** Letters with spaces, hyphens, apostrophes and dots between. */
const NAME = /^\p{L}[\p{L}\p{M}' .-]*$/u;
const MAX_LENGTH = 100;

export function clientSearchParams(search: string | null | undefined): [string, SearchValue][] {
  const text = search?.trim().replace(/\s+/g, ' ') ?? '';
  if (!text) return [];
  const invalid = (why: string) => badUserInput(`search ${why}`, { argumentName: 'search' });
  if (text.length > MAX_LENGTH) throw invalid(`is longer than ${MAX_LENGTH} characters`);
  if (HETU_SHAPE.test(text)) {
    const hetu = text.toUpperCase();
    if (!FinnishSSN.validate(hetu)) throw invalid('is not a valid personal identity code (check the check character)');
    return [['identifier', `${HETU_SYSTEM}|${hetu}`]];
  }
  if (/\d/.test(text)) throw invalid('must be the start of a name or a complete personal identity code');
  if (!NAME.test(text)) throw invalid('may contain only letters, spaces, hyphens, apostrophes and dots');
  // Every word must start some part of the name ("anne kem" finds Anneli Kemppainen).
  return text.split(' ').map((word) => ['name', word.replace(/^[.'-]+|[.'-]+$/g, '') || word] as [string, SearchValue]);
}
