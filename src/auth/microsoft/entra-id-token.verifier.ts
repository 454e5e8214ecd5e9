import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { EnvironmentVariables } from '../../config/environment.js';
import type { MicrosoftIdentityKey } from '../../users/users.service.js';

/** Only what Entra ID signs access tokens with. */
const ALGORITHMS = ['RS256'];
/** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** How long a discovery document is trusted before it is read again. */
const DISCOVERY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 5_000;
/**
 * A key set is read again at most this often because of an unknown `kid` (jose's cooldown), so that random
 * `kid`s cannot make us hammer Microsoft; a rotated key is picked up by the first token after that.
 */
export const JWKS_COOLDOWN_MS = 30_000;
/** Microsoft Graph's audiences: a Graph token is never accepted here (confused deputy). */
const GRAPH_AUDIENCES = new Set(['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', 'https://graph.microsoft.com/']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One @, and no spaces or control characters (the address is stored, shown to admins and logged). */
const EMAIL = /^[^\s@\p{C}]+@[^\s@\p{C}]+$/u;
/** How a token may say true (`xms_edov`). */
const VERIFIED: unknown[] = [true, 1, '1', 'true'];

/**
 * Access tokens come in two formats, chosen by the API's app registration (`accessTokenAcceptedVersion` /
 * `requestedAccessTokenVersion`: null or 1 -> v1.0, the default for Entra-only apps; 2 -> v2.0), whatever endpoint
 * the client used. Each is validated against its own discovery document (Microsoft: "Access tokens in the
 * Microsoft identity platform", v1.0 and v2.0 tokens): v2.0 issuer `https://login.microsoftonline.com/<tid>/v2.0`,
 * v1.0 issuer `https://sts.windows.net/<tid>/`.
 */
type TokenVersion = '1.0' | '2.0';

/** Microsoft sign-in as configured; null when MS_CLIENT_ID is unset. */
export interface MicrosoftSettings {
  clientId: string;
  tenantId: string;
  authorityHost: string;
  /** `<host>/<tenant>`, for MSAL. */
  authority: string;
  redirectUri: string | null;
  scope: string;
  audiences: string[];
  autoApproveOdooMatch: boolean;
}

/**
 * Who a verified token names. The identity is `tenantId` + `objectId` (`tid` + `oid`: the object id is immutable and
 * unique in its tenant, the key Microsoft recommends); the email is a mutable label, never a key and never a reason
 * to grant access.
 */
export interface EntraIdIdentity extends MicrosoftIdentityKey {
  /**
   * The account's sign-in name, lower-cased: `upn`, else `preferred_username`, else `email` only when its domain is
   * verified (`xms_edov`); null when none looks like an email.
   */
  email: string | null;
  name: string;
  /** False for a guest (B2B) account, whose `idp` is another tenant or provider. */
  homeAccount: boolean;
  version: TokenVersion;
}

/** The token is not one this API accepts; `reason` is for the log, never for the caller. */
export class MicrosoftTokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`Microsoft token rejected: ${reason}`);
    this.name = 'MicrosoftTokenRejectedError';
  }
}

/** Microsoft's discovery document or key set could not be read, or the configuration cannot work. */
export class MicrosoftUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MicrosoftUnavailableError';
  }
}

interface Issuer {
  issuer: string;
  tenantId: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

interface CachedIssuer {
  issuer: Promise<Issuer>;
  readAt: number;
}

/**
 * Verifies Microsoft Entra ID access tokens issued for this API, with `jose`: signature against the configured
 * tenant's key set (read through OpenID discovery, read again on an unknown `kid`), RS256 only, the tenant's
 * issuer, audience = client id or `api://<client id>`, `exp`/`nbf` with a small skew, `tid` = the configured
 * tenant, and the configured scope in `scp`. Every rejection is logged with its reason, never with the token.
 */
@Injectable()
export class EntraIdTokenVerifier {
  private readonly logger = new Logger('MicrosoftSignIn');
  readonly settings: MicrosoftSettings | null;
  private readonly issuers = new Map<TokenVersion, CachedIssuer>();
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.settings = readSettings(config);
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** The identity in a valid token; throws MicrosoftTokenRejectedError (logged) or MicrosoftUnavailableError. */
  async verify(token: string): Promise<EntraIdIdentity> {
    try {
      return await this.verifyOrThrow(token);
    } catch (error) {
      if (error instanceof MicrosoftTokenRejectedError) {
        this.logger.warn(error.message);
      } else if (error instanceof MicrosoftUnavailableError) {
        this.logger.error(`${error.message}${error.cause instanceof Error ? `: ${clip(error.cause.message)}` : ''}`);
      }
      throw error;
    }
  }

  private async verifyOrThrow(token: string): Promise<EntraIdIdentity> {
    const settings = this.settings;
    if (!settings) throw new MicrosoftUnavailableError('Microsoft sign-in is not configured (MS_CLIENT_ID is unset)');
    const unverified = decodeUnverified(token);
    const version: TokenVersion = unverified.ver === '1.0' ? '1.0' : '2.0';
    const issuer = await this.issuer(version);

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, issuer.keys, {
        algorithms: ALGORITHMS,
        issuer: issuer.issuer,
        audience: settings.audiences,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'nbf', 'tid', 'oid'],
      }));
    } catch (error) {
      throw this.explain(error, unverified, issuer);
    }

    const tid = stringClaim(payload, 'tid');
    if (tid?.toLowerCase() !== issuer.tenantId) {
      throw new MicrosoftTokenRejectedError(`token of another tenant (tid "${clip(tid)}"; this API accepts tenant ${issuer.tenantId})`);
    }
    if (payload.ver !== version) {
      throw new MicrosoftTokenRejectedError(`unexpected token version "${clip(payload.ver)}"`);
    }
    const oid = stringClaim(payload, 'oid');
    if (!oid || !GUID.test(oid)) throw new MicrosoftTokenRejectedError(`"oid" claim is not an object id ("${clip(oid)}")`);
    const scopes = (stringClaim(payload, 'scp') ?? '').split(' ').filter(Boolean);
    if (!scopes.includes(settings.scope)) {
      throw new MicrosoftTokenRejectedError(
        scopes.length === 0
          ? `no "scp" claim (an app-only token or an id token), scope "${settings.scope}" required`
          : `scope "${settings.scope}" missing from scp "${clip(scopes.join(' '))}"`,
      );
    }

    const idp = stringClaim(payload, 'idp');
    return {
      tenantId: issuer.tenantId,
      objectId: oid.toLowerCase(),
      email: emailOf(payload),
      name: stringClaim(payload, 'name') ?? '',
      homeAccount: idp === undefined || idp === payload.iss,
      version,
    };
  }

  /** The issuer and key set of the configured tenant for this token version, from its discovery document (cached). */
  private issuer(version: TokenVersion): Promise<Issuer> {
    const cached = this.issuers.get(version);
    if (cached && Date.now() - cached.readAt < DISCOVERY_MAX_AGE_MS) return cached.issuer;
    const issuer = this.discover(version);
    this.issuers.set(version, { issuer, readAt: Date.now() });
    // A failed read is not cached: the next sign-in tries again.
    issuer.catch(() => this.issuers.delete(version));
    return issuer;
  }

  private async discover(version: TokenVersion): Promise<Issuer> {
    const { authority } = this.settings!;
    const url = `${authority}${version === '2.0' ? '/v2.0' : ''}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (cause) {
      throw new MicrosoftUnavailableError(`Microsoft OpenID discovery failed at ${url}`, { cause });
    }
    if (typeof document.issuer !== 'string' || typeof document.jwks_uri !== 'string') {
      throw new MicrosoftUnavailableError(`Microsoft OpenID discovery at ${url} has no issuer or jwks_uri`);
    }
    const tenantId = tenantOf(document.issuer);
    if (!tenantId) {
      throw new MicrosoftUnavailableError(
        `MS_TENANT_ID must name one tenant, not a multi-tenant alias: discovery issuer is ${clip(document.issuer)}`,
      );
    }
    const configured = this.settings!.tenantId.toLowerCase();
    if (GUID.test(configured) && configured !== tenantId) {
      throw new MicrosoftUnavailableError(`Discovery issuer ${clip(document.issuer)} is not for tenant ${configured}`);
    }
    const jwksUri = new URL(document.jwks_uri);
    if (new URL(authority).protocol === 'https:' && jwksUri.protocol !== 'https:') {
      throw new MicrosoftUnavailableError(`Microsoft jwks_uri ${jwksUri.href} is not https`);
    }
    return { issuer: document.issuer, tenantId, keys: this.keySet(jwksUri) };
  }

  /** One remote key set per URI, kept across discovery refreshes so its cache survives them. */
  private keySet(uri: URL): ReturnType<typeof createRemoteJWKSet> {
    let keys = this.keySets.get(uri.href);
    if (!keys) {
      keys = createRemoteJWKSet(uri, { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: JWKS_COOLDOWN_MS });
      this.keySets.set(uri.href, keys);
    }
    return keys;
  }

  /** Turns a jose failure into a clear, loggable reason; Microsoft being unreachable is not the token's fault. */
  private explain(error: unknown, unverified: JWTPayload & { kid?: string }, issuer: Issuer): Error {
    const { audiences } = this.settings!;
    if (error instanceof errors.JWTExpired) {
      return new MicrosoftTokenRejectedError(`expired at ${isoOf(error.payload.exp)} (clock tolerance ${CLOCK_TOLERANCE_SECONDS} s)`);
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      const claims = error.payload;
      switch (error.claim) {
        case 'nbf':
          return new MicrosoftTokenRejectedError(`not valid before ${isoOf(claims.nbf)} (clock tolerance ${CLOCK_TOLERANCE_SECONDS} s)`);
        case 'iss': {
          const tid = stringClaim(claims, 'tid');
          return new MicrosoftTokenRejectedError(
            tid && tid.toLowerCase() !== issuer.tenantId
              ? `token of another tenant (tid "${clip(tid)}", issuer "${clip(claims.iss)}"; this API accepts tenant ${issuer.tenantId})`
              : `issuer "${clip(claims.iss)}" is not the configured tenant's issuer "${issuer.issuer}"`,
          );
        }
        case 'aud':
          return new MicrosoftTokenRejectedError(audienceReason(claims, audiences));
        default:
          return new MicrosoftTokenRejectedError(`claim "${error.claim}" ${error.reason}: ${clip(error.message)}`);
      }
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new MicrosoftTokenRejectedError('signature does not verify with the tenant key named by "kid"');
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return new MicrosoftTokenRejectedError(`no key with kid "${clip(unverified.kid)}" in the tenant's key set`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return new MicrosoftTokenRejectedError(`algorithm not allowed (${ALGORITHMS.join(', ')} only)`);
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
      return new MicrosoftTokenRejectedError(`malformed token: ${clip(error.message)}`);
    }
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      return new MicrosoftTokenRejectedError('the token header matches several keys of the key set');
    }
    // Timeouts, network failures, a key set that is not JSON or not 200: Microsoft is unavailable.
    return new MicrosoftUnavailableError('Microsoft signing keys could not be read', { cause: error });
  }
}

function readSettings(config: ConfigService<EnvironmentVariables, true>): MicrosoftSettings | null {
  const clientId = config.get('MS_CLIENT_ID', { infer: true });
  const tenantId = config.get('MS_TENANT_ID', { infer: true });
  if (!clientId || !tenantId) return null;
  const authorityHost = config.get('MS_AUTHORITY_HOST', { infer: true }).replace(/\/+$/, '');
  return {
    clientId,
    tenantId,
    authorityHost,
    authority: `${authorityHost}/${tenantId}`,
    redirectUri: config.get('MS_REDIRECT_URI', { infer: true }) ?? null,
    scope: config.get('MS_API_SCOPE', { infer: true }),
    audiences: [clientId, `api://${clientId}`],
    autoApproveOdooMatch: config.get('MS_AUTO_APPROVE_ODOO_MATCH', { infer: true }),
  };
}

/** The claims before verification, only to choose the discovery document and to explain a rejection. */
function decodeUnverified(token: string): JWTPayload & { kid?: string } {
  try {
    return { ...decodeJwt(token), kid: decodeProtectedHeader(token).kid };
  } catch {
    throw new MicrosoftTokenRejectedError('not a signed JWT');
  }
}

/** The tenant id in an issuer (`https://login.microsoftonline.com/<tid>/v2.0`, `https://sts.windows.net/<tid>/`). */
function tenantOf(issuer: string): string | null {
  try {
    const segment = new URL(issuer).pathname.split('/')[1] ?? '';
    return GUID.test(segment) ? segment.toLowerCase() : null;
  } catch {
    return null;
  }
}

function audienceReason(claims: JWTPayload, audiences: string[]): string {
  const audience = Array.isArray(claims.aud) ? claims.aud.join(', ') : String(claims.aud);
  const list = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (list.some((aud) => typeof aud === 'string' && GRAPH_AUDIENCES.has(aud.toLowerCase()))) {
    return `audience "${clip(audience)}" is Microsoft Graph: a Graph access token, not one issued for this API`;
  }
  const what = stringClaim(claims, 'scp') === undefined ? ' (no scp: an id token or app token of another application)' : '';
  return `audience "${clip(audience)}" is not this API${what}; expected ${audiences.join(' or ')}`;
}

/**
 * `upn` and `preferred_username` are set by the tenant's administrators, in its verified domains for members;
 * `email` may be any address unless `xms_edov` says its domain is verified (Microsoft, optional claims reference).
 * Addresses under `.invalid` are refused: that reserved domain marks the addresses this service makes up.
 */
function emailOf(payload: JWTPayload): string | null {
  const claims = ['upn', 'preferred_username', ...(VERIFIED.includes(payload.xms_edov) ? ['email'] : [])];
  for (const claim of claims) {
    const value = stringClaim(payload, claim)?.trim().toLowerCase();
    if (value && EMAIL.test(value) && value.length <= 254 && !value.endsWith('.invalid')) return value;
  }
  return null;
}

function stringClaim(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' ? value : undefined;
}

function isoOf(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : String(seconds);
}

/** Claim values come from the caller: printable ASCII only and short, so they cannot forge log lines. */
function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value) ?? '';
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}
