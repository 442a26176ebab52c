import { describe, expect, it } from 'vitest';
import {
  addReachPoint,
  nextReachPoint,
  preferReachPoint,
  type ReachPoint,
  reachPointsOf,
  removeReachPoint,
  withReachPoints,
} from '../../../src/domain/identity/reach-point.ts';

const bale: ReachPoint = { kind: 'messenger', platform: 'bale', key: 'bale:1', chatId: '1' };
const telegram: ReachPoint = { kind: 'messenger', platform: 'telegram', key: 'telegram:2', chatId: '2' };
const sms: ReachPoint = { kind: 'sms', mobile: '+989121234567' };
const person = { key: 'bale:1', platform: 'bale' as const, chatId: '1' };

describe('reach points', () => {
  it('when a record has none stored, then its own account is the one reach point', () => {
    expect(reachPointsOf(person)).toEqual([bale]);
  });

  it('when an account is added twice, then it is listed once, after the others', () => {
    const once = addReachPoint(person, telegram);
    expect(addReachPoint({ ...person, reachPoints: once }, telegram)).toEqual([bale, telegram]);
  });

  it('when another point is preferred, then it comes first and the record’s chat follows the first messenger', () => {
    const points = preferReachPoint({ ...person, reachPoints: [bale, telegram] }, 'telegram:2');
    expect(points).toEqual([telegram, bale]);
    expect(withReachPoints(points!)).toMatchObject({ platform: 'telegram', chatId: '2' });
    // SMS first: cards still need a messenger chat, the first one listed.
    expect(withReachPoints([sms, bale])).toMatchObject({ platform: 'bale', chatId: '1' });
    expect(preferReachPoint(person, 'telegram:9')).toBeUndefined();
  });

  it('when a point is removed, then never the last, never the last messenger, never the account the key names', () => {
    const both = { ...person, reachPoints: [bale, telegram, sms] };
    expect(removeReachPoint(both, 'telegram:2')).toEqual([bale, sms]);
    expect(removeReachPoint(both, 'sms:+989121234567')).toEqual([bale, telegram]);
    expect(removeReachPoint(both, 'bale:1')).toBeUndefined();
    expect(removeReachPoint({ ...person, reachPoints: [bale] }, 'bale:1')).toBeUndefined();
    expect(
      removeReachPoint(
        { key: 'telegram:2', platform: 'telegram', chatId: '2', reachPoints: [telegram, sms] },
        'sms:+989121234567',
      ),
    ).toEqual([telegram]);
  });

  it('when reach points were tried, then the next is the first of the rest in order, and none when all were', () => {
    const all = { ...person, reachPoints: [telegram, bale, sms] };
    expect(nextReachPoint(all, new Set())).toEqual(telegram);
    expect(nextReachPoint(all, new Set(['telegram:2']))).toEqual(bale);
    expect(nextReachPoint(all, new Set(['telegram:2', 'bale:1']))).toEqual(sms);
    expect(nextReachPoint(all, new Set(['telegram:2', 'bale:1', 'sms:+989121234567']))).toBeUndefined();
  });
});
