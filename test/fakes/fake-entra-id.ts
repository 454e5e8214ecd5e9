import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** Microsoft Graph's application id, the `aud` of a v1 Graph token. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An RSA signing key; `kid` is 27 base64url characters like Entra ID's (a SHA-1 thumbprint). */
export interface FakeSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Claims to set on a minted token; `undefined` removes a default claim. */
export type ClaimOverrides = Record<string, unknown>;

export interface MintOptions {
  tenantId: string;
  /** The `aud`: this API's client id (v2.0) or the App ID URI `api://<client id>` (v1.0 default). */
  audience: string;
  version?: '1.0' | '2.0';
  claims?: ClaimOverrides;
  /** Signs with this key instead of the current published one (e.g. a key not in the JWKS). */
  key?: FakeSigningKey;
  /** Puts this `kid` in the header instead of the signing key's. */
  kid?: string;
  /** Extra protected header parameters (Graph tokens carry a `nonce`). */
  header?: Record<string, unknown>;
}

/**
 * A fake Microsoft Entra ID OpenID provider on loopback (node:http), faithful to what an API that validates
 * access tokens reads from the real one (Microsoft identity platform docs, "Access tokens" and "Access token
 * claims reference"; the discovery documents of login.microsoftonline.com):
 * - `/<tenant>/v2.0/.well-known/openid-configuration` (issuer `<host>/<tid>/v2.0`) and
 *   `/<tenant>/.well-known/openid-configuration` (v1.0: issuer `https://sts.windows.net/<tid>/`), each naming
 *   its key set (`/<tenant>/discovery/v2.0/keys`, `/<tenant>/discovery/keys`);
 * - the same signing keys for every tenant, as Entra ID does, so only the issuer and `tid` tell tenants apart;
 * - key rotation (a new `kid` served, the old one dropped) and a count of key set fetches.
 * Unlike Microsoft, the JWKs carry no `x5c` certificate chain (jose does not need one).
 */
export class FakeEntraId {
  /** `http://127.0.0.1:<port>`, for MS_AUTHORITY_HOST. */
  host = '';
  /** Key set (JWKS) requests served, v1.0 and v2.0 together. */
  jwksFetches = 0;
  discoveryFetches = 0;
  /** While true every endpoint answers 503, as during an outage. */
  down = false;
  /** Every token minted, so a test can prove none of them leaks into a response or the log. */
  readonly minted: string[] = [];
  private published: FakeSigningKey[] = [];
  private server!: Server;

  static async start(): Promise<FakeEntraId> {
    const fake = new FakeEntraId();
    fake.published = [await FakeEntraId.newKey()];
    fake.server = createServer((request, response) => fake.handle(request, response));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.host = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** A fresh RSA key pair; not published until `rotateKeys` makes it current. */
  static async newKey(): Promise<FakeSigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomBytes(20).toString('base64url');
    return { kid, privateKey, publicJwk: await exportJWK(publicKey) };
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  get currentKey(): FakeSigningKey {
    return this.published[0];
  }

  /** Publishes a new key and drops the old one, as Entra ID does at a key rollover. Returns the new key. */
  async rotateKeys(): Promise<FakeSigningKey> {
    this.published = [await FakeEntraId.newKey()];
    return this.currentKey;
  }

  issuer(tenantId: string, version: '1.0' | '2.0' = '2.0'): string {
    return version === '2.0' ? `${this.host}/${tenantId}/v2.0` : `https://sts.windows.net/${tenantId}/`;
  }

  /**
   * An access token for a user, shaped like Entra ID's for a registered API with a delegated scope
   * (`scp`), by default v2.0 with the claims of Microsoft's documented example.
   */
  async accessToken(options: MintOptions): Promise<string> {
    const version = options.version ?? '2.0';
    const now = Math.floor(Date.now() / 1000);
    const oid = randomUUID();
    const common = {
      aud: options.audience,
      iss: this.issuer(options.tenantId, version),
      iat: now,
      nbf: now,
      exp: now + 3600 + Math.floor(Math.random() * 1800),
      aio: opaque(),
      name: 'Abe Lincoln',
      oid,
      rh: `0.${opaque()}.`,
      scp: 'access_as_user',
      sub: opaque(),
      tid: options.tenantId,
      uti: opaque(16),
      ver: version,
    };
    const claims =
      version === '2.0'
        ? { ...common, azp: randomUUID(), azpacr: '0', preferred_username: 'abeli@example.com' }
        : {
            ...common,
            acr: '1',
            amr: ['pwd'],
            appid: randomUUID(),
            appidacr: '0',
            family_name: 'Lincoln',
            given_name: 'Abe',
            ipaddr: '203.0.113.7',
            unique_name: 'abeli@example.com',
            upn: 'abeli@example.com',
          };
    return this.sign(claims, options, version === '1.0');
  }

  /** A v2.0 id token, as a client receives at sign-in: for the client's own app (`aud`), with no `scp`. */
  async idToken(options: Omit<MintOptions, 'version'>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: options.audience,
      iss: this.issuer(options.tenantId),
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: 'Abe Lincoln',
      nonce: opaque(),
      oid: randomUUID(),
      preferred_username: 'abeli@example.com',
      rh: `0.${opaque()}.`,
      sub: opaque(),
      tid: options.tenantId,
      uti: opaque(16),
      ver: '2.0',
    };
    return this.sign(claims, options, false);
  }

  private async sign(defaults: JWTPayload, options: MintOptions, withX5t: boolean): Promise<string> {
    const payload: JWTPayload = { ...defaults };
    for (const [claim, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete payload[claim];
      else payload[claim] = value;
    }
    const key = options.key ?? this.currentKey;
    const kid = options.kid ?? key.kid;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', ...(withX5t ? { x5t: kid } : {}), kid, ...options.header })
      .sign(key.privateKey);
    this.minted.push(token);
    return token;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (this.down) return send(503, { error: 'temporarily_unavailable' });
    const url = new URL(request.url ?? '/', this.host);
    const match = /^\/([^/]+)(\/v2\.0)?\/(\.well-known\/openid-configuration|discovery(?:\/v2\.0)?\/keys)$/.exec(url.pathname);
    if (request.method !== 'GET' || !match) return send(404, { error: 'not_found' });
    const [, tenant, v2Prefix, resource] = match;
    if (!GUID.test(tenant)) {
      return send(400, { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found.` });
    }
    if (resource.startsWith('discovery')) {
      if (v2Prefix) return send(404, { error: 'not_found' });
      this.jwksFetches++;
      const v2 = resource === 'discovery/v2.0/keys';
      return send(200, { keys: this.published.map((key) => this.jwk(key, v2 ? this.issuer(tenant) : undefined)) });
    }
    this.discoveryFetches++;
    return send(200, v2Prefix ? this.discoveryV2(tenant) : this.discoveryV1(tenant));
  }

  private jwk(key: FakeSigningKey, issuer: string | undefined): JWK {
    const { n, e } = key.publicJwk;
    return { kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n, e, ...(issuer ? { issuer } : {}) };
  }

  /** The shape of `https://login.microsoftonline.com/<tid>/v2.0/.well-known/openid-configuration`. */
  private discoveryV2(tenant: string) {
    const base = `${this.host}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.issuer(tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud',
        'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  /** The shape of `https://login.microsoftonline.com/<tid>/.well-known/openid-configuration` (v1.0). */
  private discoveryV1(tenant: string) {
    const base = `${this.host}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${this.host}/${tenant}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: this.issuer(tenant, '1.0'),
      microsoft_multi_refresh_token: true,
      authorization_endpoint: `${base}/oauth2/authorize`,
      device_authorization_endpoint: `${base}/oauth2/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/logout`,
      claims_supported: [
        'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud',
        'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname',
      ],
      check_session_iframe: `${base}/oauth2/checksession`,
      userinfo_endpoint: `${base}/openid/userinfo`,
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }
}

/** Base64url noise, like Entra ID's opaque `aio`, `rh` and `uti` values. */
function opaque(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}
