import { describe, expect, it } from 'vitest';
import { ROSTER_DATA, type RosterPress, rosterData, rosterPress } from '../../../../src/domain/bases/roster.ts';

describe('roster card buttons', () => {
  it('when each press is written as button data, then reading it back gives the same press', () => {
    const presses: RosterPress[] = [
      { kind: 'yes' },
      { kind: 'no' },
      { kind: 'ask_eta' },
      { kind: 'late', minutes: 120 },
    ];
    for (const press of presses) {
      const data = rosterData(press, 'abcd1234', 'x_Y-9zQ1');
      expect(data.length).toBeLessThanOrEqual(64);
      const [, code = '', callUpId, offlineId] = ROSTER_DATA.exec(data) ?? [];
      expect([rosterPress(code), callUpId, offlineId]).toEqual([press, 'abcd1234', 'x_Y-9zQ1']);
    }
  });

  it('when a forged button names a delay outside the allowed range, then it is no press', () => {
    expect(rosterPress('0')).toBeUndefined();
    expect(rosterPress('999')).toBeUndefined();
    expect(ROSTER_DATA.test('br:x:abcd1234:someone')).toBe(false);
  });
});
