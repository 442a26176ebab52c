import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { typeStep } from '../../../src/bot/features/callups/what-where.steps.ts';
import { MAX_NEEDS } from '../../../src/domain/callups/callup.ts';
import { CRISIS_TYPES } from '../../../src/domain/reference/crisis-types.ts';

describe('the crisis type step of /callup', () => {
  it('when any type is chosen, then its usual specialties are pre-selected, most needed first, no more than a call-up takes', async () => {
    const ctx = { locale: 'fa' } as BotContext;
    for (const type of CRISIS_TYPES) {
      const outcome = await typeStep.handle(ctx, { kind: 'choice', value: `t:${type.code}` }, {});
      const chosen = outcome.type === 'next' ? (outcome.data.specialties ?? []) : [];
      expect(chosen, type.code).toEqual(type.typicalSpecialties.slice(0, MAX_NEEDS));
      expect(chosen.length, type.code).toBeGreaterThan(0);
      expect(chosen.length, type.code).toBeLessThanOrEqual(MAX_NEEDS);
    }
  });
});
