export type OdooVersion = '16.0' | '17.0' | '18.0' | '19.0';

/** The versions the fake models: 16.0 to 18.0 over JSON-RPC, 19.0 over JSON-2 and JSON-RPC. */
export const ODOO_VERSIONS: readonly OdooVersion[] = ['16.0', '17.0', '18.0', '19.0'];

export function isOdooVersion(value: string): value is OdooVersion {
  return (ODOO_VERSIONS as readonly string[]).includes(value);
}

export function majorOf(version: OdooVersion): number {
  return Number(version.split('.')[0]);
}

/** odoo/release.py version_info: (17, 0, 0, 'final', 0, '') for community, 'e' for enterprise. */
export function versionInfo(version: OdooVersion, enterprise: boolean): [number, number, number, string, number, string] {
  return [majorOf(version), 0, 0, 'final', 0, enterprise ? 'e' : ''];
}

/** odoo/release.py version: "17.0", or "17.0+e" for enterprise. */
export function versionString(version: OdooVersion, enterprise: boolean): string {
  return enterprise ? `${version}+e` : version;
}

/** odoo/service/common.py RPC_VERSION_1, what common.version() answers. */
export function rpcVersion(version: OdooVersion, enterprise: boolean) {
  return {
    server_version: versionString(version, enterprise),
    server_version_info: versionInfo(version, enterprise),
    server_serie: version,
    protocol_version: 1,
  };
}
