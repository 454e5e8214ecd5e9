import { ConfigService } from '@nestjs/config';
import { SecretBox } from './secret-box.service.js';

const box = (key?: string) => new SecretBox(new ConfigService({ SECRETS_ENCRYPTION_KEY: key }) as never);
const KEY = 'a'.repeat(64);

describe('SecretBox', () => {
  it('round-trips a secret without storing it in clear', () => {
    const sealed = box(KEY).encrypt('odoo-api-key-123');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('odoo-api-key-123');
    expect(box(KEY).decrypt(sealed)).toBe('odoo-api-key-123');
  });

  it('seals the same secret differently each time', () => {
    expect(box(KEY).encrypt('same')).not.toBe(box(KEY).encrypt('same'));
  });

  it('refuses a tampered value or another key', () => {
    const sealed = box(KEY).encrypt('secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => box(KEY).decrypt(parts.join(':'))).toThrow();
    expect(() => box('b'.repeat(64)).decrypt(sealed)).toThrow();
    expect(() => box(KEY).decrypt('plain text')).toThrow('Not a sealed secret');
  });
});
