import { checkSignature, sign } from './webhook-signature.js';

const secret = 'shared-webhook-secret';
const body = Buffer.from('{"_model":"crm.lead","_id":42,"_action":"Send Webhook Notification(#3)"}');
const now = 1_800_000_000;
const header = (timestamp: string, payload = body, key = secret) => `sha256=${sign(key, timestamp, payload).toString('hex')}`;

describe('checkSignature', () => {
  it('accepts the HMAC of "<timestamp>.<raw body>" within five minutes', () => {
    expect(checkSignature(secret, body, String(now - 299), header(String(now - 299)), now)).toEqual({ valid: true });
    expect(checkSignature(secret, body, String(now + 299), header(String(now + 299)).toUpperCase().replace('SHA256', 'sha256'), now)).toEqual({ valid: true });
  });

  it.each([
    ['a tampered body', () => checkSignature(secret, Buffer.from(body.toString().replace('42', '43')), String(now), header(String(now)), now)],
    ['another secret', () => checkSignature(secret, body, String(now), header(String(now), body, 'other'), now)],
    ['a stale timestamp', () => checkSignature(secret, body, String(now - 301), header(String(now - 301)), now)],
    ['a future timestamp', () => checkSignature(secret, body, String(now + 301), header(String(now + 301)), now)],
    ['a timestamp not signed', () => checkSignature(secret, body, String(now), header(String(now - 1)), now)],
    ['no signature', () => checkSignature(secret, body, String(now), undefined, now)],
    ['no timestamp', () => checkSignature(secret, body, undefined, header(String(now)), now)],
    ['a malformed signature', () => checkSignature(secret, body, String(now), 'sha1=abc', now)],
    ['a malformed timestamp', () => checkSignature(secret, body, '2026-11-24T10:00:00Z', header(String(now)), now)],
  ])('refuses %s', (_case, check) => {
    expect(check()).toMatchObject({ valid: false, reason: expect.any(String) });
  });
});
