import type { FakeDatabase } from './fake-database.js';
import { accessDenied, operationalError, unknownDatabase } from './odoo-errors.js';
import { majorOf, type OdooVersion } from './odoo-version.js';

export interface Credentials {
  readonly login: string;
  readonly password: string;
  readonly apiKey: string;
}

/** The user the credentials belong to: base.user_admin. */
export const ADMIN_UID = 2;

/**
 * One Odoo server with one database and one API user. Passwords and API keys are interchangeable over RPC
 * (res.users.apikeys _check_credentials for non-interactive logins); JSON-2 takes API keys only.
 */
export class OdooInstance {
  readonly version: OdooVersion;
  readonly major: number;
  readonly enterprise: boolean;
  readonly db: FakeDatabase;
  readonly credentials: Credentials;
  /** Set by the fault knobs: every authentication fails, as after a password change or a revoked key. */
  authFailure = false;
  /** Set by the fault knobs: the next call fails with Odoo's answer to a dropped database connection. */
  private pendingTransientFailure = false;
  private pendingAuthFailure = false;

  constructor(version: OdooVersion, enterprise: boolean, db: FakeDatabase, credentials: Credentials) {
    this.version = version;
    this.major = majorOf(version);
    this.enterprise = enterprise;
    this.db = db;
    this.credentials = credentials;
  }

  /** Arms a one-shot failure for the call being served. */
  armFailure(kind: 'error' | 'auth'): void {
    if (kind === 'error') this.pendingTransientFailure = true;
    else this.pendingAuthFailure = true;
  }

  disarm(): void {
    this.pendingTransientFailure = false;
    this.pendingAuthFailure = false;
  }

  /** odoo.registry(db): another database name fails the way PostgreSQL refuses the connection. */
  openDatabase(name: unknown): FakeDatabase {
    if (name !== this.db.name) throw unknownDatabase(String(name));
    this.throwArmedFailure();
    return this.db;
  }

  /** The armed one-shot failure: what Odoo answers when its connection to PostgreSQL drops. */
  throwArmedFailure(): void {
    if (!this.pendingTransientFailure) return;
    this.pendingTransientFailure = false;
    throw operationalError(
      'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n' +
        '\tbefore or while processing the request.\n',
    );
  }

  private authFails(): boolean {
    const failing = this.authFailure || this.pendingAuthFailure;
    this.pendingAuthFailure = false;
    return failing;
  }

  private secretMatches(secret: unknown): boolean {
    return secret === this.credentials.password || secret === this.credentials.apiKey;
  }

  /** res.users.authenticate: the uid, or false for wrong credentials (common.login/authenticate). */
  authenticate(login: unknown, secret: unknown): number | false {
    if (this.authFails()) return false;
    return login === this.credentials.login && this.secretMatches(secret) ? ADMIN_UID : false;
  }

  /** res.users.check(db, uid, passwd) before every object call. */
  checkUser(uid: number, secret: unknown): void {
    if (this.authFails() || uid !== ADMIN_UID || !this.secretMatches(secret)) throw accessDenied();
  }

  /** res.users.apikeys._check_credentials(scope='rpc', key): JSON-2 bearer tokens. */
  apiKeyUser(token: string): number | false {
    if (this.authFails()) return false;
    return token === this.credentials.apiKey ? ADMIN_UID : false;
  }
}
