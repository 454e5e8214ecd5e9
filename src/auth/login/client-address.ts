import { isIPv6 } from 'node:net';

/**
 * What a login attempt is counted against as its client: an IPv4 address as it is (also when written IPv4-mapped),
 * an IPv6 address by its /64 network, which one subscriber usually holds whole: taking a new address from it for
 * every guess gains nothing.
 */
export function loginClientOf(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${ipv6Groups(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded, without leading zeros (an IPv4 tail counts as two). */
function ipv6Groups(ip: string): string[] {
  const [left, right] = ip.split('%')[0].toLowerCase().split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const zeros = right === undefined ? [] : Array<string>(8 - width(head) - width(tail)).fill('0');
  return [...head, ...zeros, ...tail].map((group) => (group.includes('.') ? group : parseInt(group, 16).toString(16)));
}
