/**
 * Valid Finnish identifiers for synthetic records: personal identity codes (HETU), business IDs
 * (Y-tunnus), IBANs and payment references. Each is built deterministically from the world's
 * random stream and then checked by the library that the graph itself validates with, so a
 * seeded record never fails the checks a real one must pass.
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { FinnishSSN } from 'finnish-ssn';
import FinnishBankUtils from 'finnish-bank-utils';
import { pad } from './calendar.js';
import type { Random } from './random.js';

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/**
 * A valid HETU for a birth date: the check character is the remainder of DDMMYYNNN by 31 (the
 * code's own rule), and the library accepts the whole code. Why not let the library find it by
 * trying each character: that is ~15 parses a client, most of the national clients' build time.
 */
export function hetuFor(birthDate: string, individual: number): string {
  const [y, mo, d] = birthDate.split('-');
  const century = y.startsWith('18') ? '+' : y.startsWith('19') ? (individual % 2 ? '-' : 'Y') : 'A';
  const number = `${d}${mo}${y.slice(2)}${pad(individual, 3)}`;
  const hetu = `${d}${mo}${y.slice(2)}${century}${pad(individual, 3)}${HETU_CHECK[Number(number) % 31]}`;
  if (!FinnishSSN.validate(hetu)) throw new Error(`no check character for ${hetu.slice(0, -1)}`);
  return hetu;
}

/** A valid Y-tunnus (business ID) from seven digits, or null when the checksum is impossible. */
export function businessIdFor(digits: string): string | null {
  const id = `${digits}-${FinnishBusinessIds.calculateChecksum(digits)}`;
  return FinnishBusinessIds.isValidBusinessId(id) ? id : null;
}

/**
 * A deterministic Finnish IBAN (the library's generator draws from Math.random): a bank code and
 * account number, the account's own check digit chosen so the library accepts the whole IBAN.
 */
export function ibanFor(rnd: Random): string {
  const account = `${rnd.pick(['800026', '100745', '157230', '570360', '470010'])}${pad(rnd.int(0, 9_999_999), 7)}`;
  for (let digit = 0; digit <= 9; digit++) {
    const bban = `${account}${digit}`;
    const check = pad(Number(98n - (BigInt(`${bban}151800`) % 97n)), 2); // "FI00" → F=15, I=18, 00
    if (FinnishBankUtils.isValidFinnishIBAN(`FI${check}${bban}`)) return `FI${check}${bban}`;
  }
  throw new Error(`no valid IBAN for account ${account}`);
}

/** A Finnish payment reference (viitenumero): the base and its 7-3-1 check digit. */
export function referenceFor(base: string): string {
  const weights = [7, 3, 1];
  const sum = [...base].reverse().reduce((s, c, i) => s + Number(c) * weights[i % 3], 0);
  const ref = `${base}${(10 - (sum % 10)) % 10}`;
  if (!FinnishBankUtils.isValidFinnishRefNumber(ref)) throw new Error(`generated an invalid reference ${ref}`);
  return ref;
}

/** Lower-case ASCII letters and digits of a name, for synthetic e-mail addresses. */
export function ascii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');
}
