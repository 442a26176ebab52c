import { describe, expect, it } from 'vitest';
import { createDashboardViews } from '../../../src/dashboard/dashboard-views.ts';
import type { Actor } from '../../../src/domain/roles/actor.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';

describe('the Now page’s data', () => {
  it('when fifty viewers ask at once, then one read serves them all and each sees only their provinces', async () => {
    const i18n = await createI18n({ defaultLocale: 'fa' });
    const now = new Date();
    const reads = { callUps: 0, invitations: 0 };
    const views = createDashboardViews({
      liveCallUps: async () => {
        reads.callUps += 1;
        return [
          aCallUp({ id: 'tehran01', province: 'tehran', startsAt: now }),
          aCallUp({ id: 'isfahan1', province: 'isfahan', startsAt: now }),
        ];
      },
      recentCallUps: async () => [],
      invitations: async () => {
        reads.invitations += 1;
        return [];
      },
      read: { readiness: async () => [], results: async () => [] },
      tr: (locale) => i18n.fixedT(locale),
      now: () => now,
    });
    const coordinator = (n: number, province: string): Actor => ({
      key: `telegram:${n}`,
      role: 'coordinator',
      provinces: [province],
    });
    const viewers = Array.from({ length: 50 }, (_, n) => coordinator(n, n % 2 === 0 ? 'tehran' : 'isfahan'));

    const seen = await Promise.all(viewers.map((actor) => views.now(actor, 'fa')));

    expect(reads).toEqual({ callUps: 1, invitations: 2 });
    seen.forEach((view, n) => {
      expect(view.callUps.map((c) => c.id)).toEqual([n % 2 === 0 ? 'tehran01' : 'isfahan1']);
    });
    const admin = await views.now({ key: 'telegram:9001', role: 'admin', provinces: [] }, 'fa');
    expect(admin.callUps.map((c) => c.id).sort()).toEqual(['isfahan1', 'tehran01']);
  });
});
