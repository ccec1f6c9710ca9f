/**
 * Signing per the Standard Webhooks convention, with its reference library (standardwebhooks):
 * a `whsec_` secret, and the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers
 * (HMAC-SHA256 over "id.timestamp.body"). Why the library and not our own HMAC: receivers
 * verify with the same library in their language, and the two must agree byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the convention's format). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The id of a new delivery (the webhook-id header): `msg_` and 120 random bits. */
export function newMessageId(): string {
  return `msg_${randomBytes(15).toString('base64url')}`;
}

/**
 * The headers of one attempt. The timestamp is the attempt's own, so a receiver's replay
 * window (five minutes in the libraries) holds for a retry a day later; the id and the body
 * stay the same across attempts.
 */
export function signedHeaders(secret: string, messageId: string, body: string, at: Date = new Date()): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}
