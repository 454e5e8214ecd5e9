import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../config/environment.js';

const VERSION = 'v1';

/** Encrypts secrets at rest (AES-256-GCM, SECRETS_ENCRYPTION_KEY), as `v1:<iv>:<tag>:<ciphertext>` in base64. */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    const configured = config.get('SECRETS_ENCRYPTION_KEY', { infer: true });
    if (configured) {
      this.key = Buffer.from(configured, 'hex');
    } else {
      new Logger('Secrets').warn('SECRETS_ENCRYPTION_KEY is not set: integration secrets use a fixed development key');
      this.key = createHash('sha256').update('sales-backend development key, never for production').digest();
    }
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64'))).join(':');
  }

  /** Throws when the value was tampered with or encrypted under another key. */
  decrypt(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
