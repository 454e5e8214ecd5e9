import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

const BCRYPT = /^\$2[aby]\$/;

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash is from the previous backend (bcrypt) and should be replaced by an argon2id one. */
  needsRehash: boolean;
}

/** argon2id for new hashes; bcrypt hashes migrated from the previous backend still verify. */
@Injectable()
export class PasswordService {
  // Verified when the account is unknown, so a wrong email costs as long as a wrong password.
  private readonly dummyHash = hash('timing-equalizer', { algorithm: Algorithm.Argon2id });

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id });
  }

  async check(password: string, storedHash: string | null | undefined): Promise<PasswordCheck> {
    if (storedHash && BCRYPT.test(storedHash)) {
      const valid = await bcrypt.compare(password, storedHash);
      return { valid, needsRehash: valid };
    }
    if (storedHash?.startsWith('$argon2')) {
      return { valid: await verify(storedHash, password), needsRehash: false };
    }
    await verify(await this.dummyHash, password);
    return { valid: false, needsRehash: false };
  }
}
