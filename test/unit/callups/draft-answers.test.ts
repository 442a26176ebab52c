import { describe, expect, it } from 'vitest';
import { parseDuration, parseNeedCount, parseTitle } from '../../../src/domain/callups/draft-answers.ts';

describe('reading what a coordinator types', () => {
  it('when a count is typed in Persian digits or with «نفر», then it is read', () => {
    expect(parseNeedCount('۱۲')).toEqual({ ok: true, value: 12 });
    expect(parseNeedCount('5 نفر')).toEqual({ ok: true, value: 5 });
    expect(parseNeedCount('۰')).toMatchObject({ ok: false, reason: 'count_range' });
    expect(parseNeedCount('چند')).toMatchObject({ ok: false, reason: 'not_a_number' });
  });

  it('when a duration is typed in hours or days, then it is hours', () => {
    expect(parseDuration('۶')).toEqual({ ok: true, value: 6 });
    expect(parseDuration('۳ روز')).toEqual({ ok: true, value: 72 });
    expect(parseDuration('2 days')).toEqual({ ok: true, value: 48 });
    expect(parseDuration('۱۰۰ روز')).toMatchObject({ ok: false, reason: 'duration_range' });
  });

  it('when a title is only emoji or too long, then it is refused with the reason', () => {
    expect(parseTitle('🚑🚑')).toMatchObject({ ok: false, reason: 'emoji_only' });
    expect(parseTitle('ا'.repeat(81))).toMatchObject({ ok: false, reason: 'too_long' });
    expect(parseTitle('  زلزله\nکرمانشاه ')).toEqual({ ok: true, value: 'زلزله کرمانشاه' });
  });
});
