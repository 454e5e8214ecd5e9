import { loginClientOf } from './client-address.js';

describe('loginClientOf', () => {
  it('keeps an IPv4 address as it is, also when it comes IPv4-mapped', () => {
    expect(loginClientOf('203.0.113.7')).toBe('203.0.113.7');
    expect(loginClientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(loginClientOf('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 network as one client, however it is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const ip of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2:a:b:c:d', '2001:db8:1:2::5%eth0']) {
      expect({ ip, client: loginClientOf(ip) }).toEqual({ ip, client: network });
    }
    expect(loginClientOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(loginClientOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginClientOf('::1')).toBe('0:0:0:0::/64');
    expect(loginClientOf('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
    expect(loginClientOf('64:ff9b::198.51.100.1')).toBe('64:ff9b:0:0::/64');
  });

  it('leaves anything else alone', () => {
    expect(loginClientOf('unknown')).toBe('unknown');
  });
});
