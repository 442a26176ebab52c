import { describe, expect, it } from 'vitest';
import { boardFigures, drillScore, progressBar } from '../../../src/domain/callups/figures.ts';
import type { Answer } from '../../../src/domain/callups/invitation.ts';

const inv = (specialty: string, answer: Answer, province = 'tehran', withdrawnAt: Date | null = null) => ({
  specialty,
  answer,
  province,
  withdrawnAt,
});
const withdrawn = (specialty: string) => inv(specialty, 'none', 'tehran', new Date());
const needs = [
  { specialty: 'gp', count: 2 },
  { specialty: 'nurse', count: 1 },
];

describe('call-up figures', () => {
  it('when answers come in, then the board counts seats per specialty, declines, waiting and silence, not the withdrawn', () => {
    const f = boardFigures({ needs }, [
      inv('gp', 'yes'),
      inv('gp', 'late'),
      inv('gp', 'waiting'),
      inv('nurse', 'no'),
      inv('nurse', 'none'),
      withdrawn('nurse'),
    ]);
    expect(f.needs).toEqual([
      { specialty: 'gp', need: 2, confirmed: 2, waiting: 1 },
      { specialty: 'nurse', need: 1, confirmed: 0, waiting: 0 },
    ]);
    expect(f).toMatchObject({ invited: 5, confirmed: 2, declined: 1, waiting: 1, noAnswer: 1 });
  });

  it('when the progress bar is drawn, then it has ten cells, rounded, and survives a zero total', () => {
    expect(progressBar(5, 10)).toBe('▰▰▰▰▰▱▱▱▱▱');
    expect(progressBar(0, 0)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(12, 10)).toBe('▰▰▰▰▰▰▰▰▰▰');
  });

  it('when a drill ends, then its score has time to fill per specialty, the answer rate and each province (withdrawn cards left out)', () => {
    const createdAt = new Date('2026-01-10T10:00:00Z');
    const score = drillScore(
      { needs, createdAt, specialtyFilledAt: [{ specialty: 'gp', at: new Date('2026-01-10T10:07:00Z') }] },
      [
        inv('gp', 'yes'),
        inv('gp', 'yes', 'alborz'),
        inv('nurse', 'none', 'alborz'),
        inv('nurse', 'no'),
        withdrawn('gp'),
      ],
    );
    expect(score.specialties).toEqual([
      { specialty: 'gp', need: 2, confirmed: 2, minutesToFill: 7 },
      { specialty: 'nurse', need: 1, confirmed: 0, minutesToFill: null },
    ]);
    expect(score.answerRate).toBe(0.75);
    expect(score.provinces).toEqual([
      { province: 'alborz', invited: 2, answered: 1, confirmed: 1 },
      { province: 'tehran', invited: 2, answered: 2, confirmed: 1 },
    ]);
  });
});
