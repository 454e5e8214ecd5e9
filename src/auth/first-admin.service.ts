import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../config/environment.js';
import { DuplicateEmailError, UsersService } from '../users/users.service.js';
import { PasswordService } from '../users/passwords/password.service.js';

/** With self-registration off, ADMIN_EMAIL/ADMIN_PASSWORD give a fresh deployment its first way in. */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!email || !password || (await this.users.count()) > 0) return;
    try {
      await this.createSuperAdmin(email, password, 'Administrator');
      this.logger.log(`No users yet: created super admin ${email} from ADMIN_EMAIL`);
    } catch (error) {
      // Another instance starting at the same moment created it.
      if (!(error instanceof DuplicateEmailError)) throw error;
    }
  }

  async createSuperAdmin(email: string, password: string, name: string) {
    return this.users.create({
      email,
      name,
      password_hash: await this.passwords.hash(password),
      role: 'admin',
      is_super_admin: true,
      is_active: true,
      approval_status: 'approved',
      auth_provider: 'local',
    });
  }
}
