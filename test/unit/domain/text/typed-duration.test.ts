import { describe, expect, it } from 'vitest';
import { readCardReply } from '../../../../src/domain/callups/card-reply.ts';
import { parseTypedMinutes } from '../../../../src/domain/text/typed-duration.ts';

describe('a typed duration', () => {
  it('when minutes are typed in any digits, with or without the unit, then they are read', () => {
    for (const typed of ['45', '۴۵', '٤٥', '۴۵ دقیقه', '۴۵دقیقه', '45 min', 'حدود ۴۵ دقیقه دیگه']) {
      expect(parseTypedMinutes(typed), typed).toBe(45);
    }
  });

  it('when hours, halves, quarters or a clock are typed, then they are turned into minutes', () => {
    const cases: [string, number][] = [
      ['یک ساعت', 60],
      ['یه ساعت', 60],
      ['an hour', 60],
      ['۱:۳۰', 90],
      ['۱٫۵ ساعت', 90],
      ['۱/۵ ساعت', 90],
      ['یک ساعت و نیم', 90],
      ['یک و نیم ساعت', 90],
      ['نیم ساعت', 30],
      ['ربع ساعت', 15],
      ['سه ربع', 45],
      ['چهل و پنج دقیقه', 45],
      ['۲ ساعت و ۱۵ دقیقه', 135],
      ['یک ساعت و ۲۰', 80],
    ];
    for (const [typed, minutes] of cases) expect(parseTypedMinutes(typed), typed).toBe(minutes);
  });

  it('when the text is not a duration, then nothing is read (a bare «نه» is "no", «ساعت ۵» a time of day)', () => {
    for (const typed of ['نه', 'نیم', 'سلام', '۰۹۱۲ ۱۲۳ ۴۵۶۷', 'ساعت ۵', '', '45 تا']) {
      expect(parseTypedMinutes(typed), typed).toBeUndefined();
    }
  });

  it('when «۱/۲/۰» is typed after a card, then it is a choice; other numbers are minutes', () => {
    expect(readCardReply('۱')).toEqual({ kind: 'choice', choice: 'yes' });
    expect(readCardReply('٢')).toEqual({ kind: 'choice', choice: 'late' });
    expect(readCardReply('0')).toEqual({ kind: 'choice', choice: 'no' });
    expect(readCardReply('۵')).toEqual({ kind: 'minutes', minutes: 5 });
    expect(readCardReply('ممنون')).toBeUndefined();
  });
});
