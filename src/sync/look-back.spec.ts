import { lookBackStart } from './look-back.js';

describe('where an incremental run starts (the look-back window)', () => {
  const cursor = { writeDate: '2026-11-20 10:00:00', id: 42 };

  it('starts at the cursor itself once the window lies past it: nothing written since, nothing read again', () => {
    expect(lookBackStart({ cursor, readFrom: '2026-11-20 10:05:01' }, 300)).toEqual(cursor);
    expect(lookBackStart({ cursor, readFrom: '2026-11-20 10:01:01' }, 60)).toEqual(cursor);
    expect(lookBackStart({ cursor, readFrom: '2026-11-29 09:00:00' }, 300)).toEqual(cursor);
  });

  it('reads again from the overlap before the previous read when the cursor is inside that window', () => {
    expect(lookBackStart({ cursor, readFrom: '2026-11-20 10:04:59' }, 300)).toEqual({ writeDate: '2026-11-20 09:59:59', id: 0 });
    // The window's first second is the cursor's: that whole second is read again, whatever the ids.
    expect(lookBackStart({ cursor, readFrom: '2026-11-20 10:01:00' }, 60)).toEqual({ writeDate: '2026-11-20 10:00:00', id: 0 });
    expect(lookBackStart({ cursor, readFrom: '2026-11-20 10:00:59' }, 60)).toEqual({ writeDate: '2026-11-20 09:59:59', id: 0 });
  });

  it('without the time of the previous read (a state from before it was kept), starts the overlap before the cursor', () => {
    expect(lookBackStart({ cursor, readFrom: null }, 300)).toEqual({ writeDate: '2026-11-20 09:55:00', id: 0 });
  });
});
