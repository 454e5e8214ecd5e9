import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-odoo-signature';
export const TIMESTAMP_HEADER = 'x-odoo-timestamp';
/** Requests signed longer ago (or further ahead) than this are refused as replays. */
export const TOLERANCE_SECONDS = 300;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * `X-Odoo-Signature: sha256=<hex>` must be HMAC-SHA256 with the shared secret over `<X-Odoo-Timestamp>.<raw body>`,
 * the timestamp (unix seconds) within five minutes of now; compared in constant time.
 */
export function checkSignature(
  secret: string,
  rawBody: Buffer,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { valid: false, reason: 'missing X-Odoo-Timestamp or X-Odoo-Signature' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { valid: false, reason: 'X-Odoo-Timestamp is not unix seconds' };
  if (Math.abs(nowSeconds - Number(timestampHeader)) > TOLERANCE_SECONDS) {
    return { valid: false, reason: 'X-Odoo-Timestamp is more than five minutes away from now' };
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader);
  if (!match) return { valid: false, reason: 'X-Odoo-Signature is not sha256=<64 hex digits>' };
  const expected = sign(secret, timestampHeader, rawBody);
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  return timingSafeEqual(expected, given) ? { valid: true } : { valid: false, reason: 'signature does not match' };
}

export function sign(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}
