import { describe, expect, it } from 'vitest';
import { createListMatcher, editDistance } from '../../../../src/domain/text/list-matcher.ts';

const match = createListMatcher([
  { code: 'general_surgery', shown: ['متخصص جراحی عمومی', 'General surgeon'] },
  { code: 'neurosurgery', shown: ['متخصص جراحی مغز و اعصاب', 'Neurosurgeon'] },
  { code: 'neurology', shown: ['متخصص مغز و اعصاب (نورولوژی)', 'Neurologist'] },
  { code: 'gp', shown: ['پزشک عمومی', 'General practitioner (GP)'], names: ['جی‌پی'] },
]);

describe('the list matcher', () => {
  it('when a shown name is typed with other letters, spaces or ZWNJ, then it is the one, exactly', () => {
    expect(match('متخصص جراحي  عمومي')).toEqual({ kind: 'one', code: 'general_surgery', exact: true, close: false });
    expect(match('general SURGEON')).toEqual({ kind: 'one', code: 'general_surgery', exact: true, close: false });
  });

  it('when a name without its title, its bracketed part, an alias or a typo is typed, then it is found, not exact', () => {
    expect(match('جراحی عمومی')).toEqual({ kind: 'one', code: 'general_surgery', exact: false, close: false });
    expect(match('نورولوژی')).toEqual({ kind: 'one', code: 'neurology', exact: false, close: false });
    expect(match('جی پی')).toEqual({ kind: 'one', code: 'gp', exact: false, close: false });
    expect(match('نورولوزی')).toEqual({ kind: 'one', code: 'neurology', exact: false, close: true });
  });

  it('when the start of several names is typed, then all of them come back, in the list’s order; a whole name wins', () => {
    expect(match('جراح')).toEqual({ kind: 'several', codes: ['general_surgery', 'neurosurgery'], close: true });
    // A whole name (less its title) wins over the start of another: «مغز و اعصاب» is the neurologist.
    expect(match('مغز و اعصاب')).toEqual({ kind: 'one', code: 'neurology', exact: false, close: false });
  });

  it('when nothing fits, or a single letter is typed, then nothing is guessed', () => {
    expect(match('خلبان')).toEqual({ kind: 'none' });
    expect(match('ج')).toEqual({ kind: 'none' });
    expect(match('')).toEqual({ kind: 'none' });
  });

  it('when two words differ, then the edit distance counts the changes and stops past the limit', () => {
    expect(editDistance('اصفان', 'اصفهان', 2)).toBe(1);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
