import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '../../src/auth/tokens/token.service.js';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user.js';
import { PasswordService } from '../../src/users/passwords/password.service.js';
import { UsersService, type NewUser } from '../../src/users/users.service.js';

export const PASSWORD = 'correct horse battery';

let counter = 0;

/** A user stored through the real service, with PASSWORD unless another hash is given. */
export async function createUser(app: NestFastifyApplication, user: Partial<NewUser> = {}): Promise<AuthenticatedUser> {
  const n = ++counter;
  const password_hash = user.password_hash ?? (await app.get(PasswordService).hash(PASSWORD));
  return app.get(UsersService).create({ email: `user${n}@example.com`, name: `User ${n}`, ...user, password_hash });
}

export const createAdmin = (app: NestFastifyApplication, user: Partial<NewUser> = {}) =>
  createUser(app, { role: 'admin', ...user });

export const createSuperAdmin = (app: NestFastifyApplication, user: Partial<NewUser> = {}) =>
  createUser(app, { role: 'admin', is_super_admin: true, ...user });

export async function bearer(app: NestFastifyApplication, user: AuthenticatedUser): Promise<{ authorization: string }> {
  const { access_token } = await app.get(TokenService).issue(user);
  return { authorization: `Bearer ${access_token}` };
}
