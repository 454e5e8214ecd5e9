import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { StoredVersions, type StoredVersion } from './stored-versions.js';

const hashOf = (text: string) => createHash('sha1').update(text).digest('base64');
const version = (n: number, overrides: Partial<StoredVersion> = {}): StoredVersion => ({
  id: new ObjectId(),
  hash: hashOf(String(n)),
  writeDate: `2026-11-${String((n % 28) + 1).padStart(2, '0')} 10:${String(n % 60).padStart(2, '0')}:07`,
  active: true,
  ...overrides,
});

describe('StoredVersions', () => {
  it('gives back every version as it was set, past the first growth', () => {
    const stored = new StoredVersions();
    const versions = Array.from({ length: 3000 }, (_, n) => version(n, { active: n % 3 !== 0 }));
    versions.forEach((v, n) => stored.set(String(n), v));
    expect(stored.size).toBe(3000);
    versions.forEach((v, n) => expect(stored.get(String(n))).toEqual(v));
    expect(stored.get('3000')).toBeUndefined();
  });

  it('keeps versions whose hash or write_date is not in the usual form as they are', () => {
    const stored = new StoredVersions();
    const unusual = [
      version(1, { hash: undefined }),
      version(2, { writeDate: undefined }),
      version(3, { writeDate: 'false' }),
      version(4, { writeDate: '2026-11-29 10:00:00.123' }),
      version(5, { writeDate: '1969-12-31 23:59:59' }),
      version(6, { hash: 'not a digest' }),
    ];
    unusual.forEach((v, n) => stored.set(String(n), v));
    unusual.forEach((v, n) => expect(stored.get(String(n))).toEqual(v));
  });

  it('tells apart serving ids that are not Odoo ids from the Odoo id they resemble', () => {
    const stored = new StoredVersions();
    const [seven, padded, named] = [version(7), version(8), version(9)];
    stored.set('7', seven);
    stored.set('007', padded);
    stored.set('lead-7', named);
    expect([stored.get('7'), stored.get('007'), stored.get('lead-7')]).toEqual([seven, padded, named]);
    expect([...stored.liveIds()].sort()).toEqual(['007', '7', 'lead-7']);
  });

  it('replaces a version, from usual to unusual and back', () => {
    const stored = new StoredVersions();
    const usual = version(1);
    stored.set('7', usual);
    stored.set('7', { ...usual, writeDate: undefined });
    expect(stored.get('7')?.writeDate).toBeUndefined();
    const newer = version(2);
    stored.set('7', newer);
    expect(stored.get('7')).toEqual(newer);
    expect(stored.size).toBe(1);
  });

  it('counts and lists the live ones as records are deleted and restored', () => {
    const stored = new StoredVersions();
    for (const n of [1, 2, 3, 4]) stored.set(String(n), version(n));
    stored.set('5', version(5, { active: false }));
    stored.set('6', version(6, { hash: undefined }));
    stored.deactivate('2');
    stored.deactivate('6');
    stored.deactivate('404');
    stored.set('5', version(5));
    expect(stored.live).toBe(4);
    expect([...stored.liveIds()].sort()).toEqual(['1', '3', '4', '5']);
    expect(stored.isLive('2')).toBe(false);
    expect(stored.get('6')?.active).toBe(false);
    expect(stored.isLive('404')).toBe(false);
  });
});
