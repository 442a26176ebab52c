import { sign } from '@telegram-apps/init-data-node';
import { describe, expect, it } from 'vitest';
import { createDashboardSignIn, LINK_VALID_MS, SESSION_VALID_MS } from '../../../src/dashboard/sign-in.service.ts';
import type { AuditAction } from '../../../src/domain/roles/audit-action.ts';
import { createDashboardAccessRepository } from '../../../src/persistence/repositories/dashboard-access.repository.ts';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const TOKEN = '700001:telegram-test-token';
const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const access = createDashboardAccessRepository(database.models);
const signIn = createDashboardSignIn({
  access,
  authorization: bed.services.authorization,
  audit: bed.services.audit,
  localeOf: async () => 'en',
  telegramToken: TOKEN,
  now: bed.clock.now,
});
const coordinator = await bed.coordinator(['tehran']);
const volunteer = await bed.volunteer({ province: 'tehran' });
const auditOf = (actor: string, action: AuditAction) =>
  database.models.auditEntries.find({ actor, action }).lean<{ details?: Record<string, unknown> }[]>();

describe('dashboard sign-in (real database)', () => {
  it('when a link is opened twice at once, then exactly one browser gets a session', async () => {
    bed.clock.set(tehran('2026-12-07T10:00:00'));
    const token = (await signIn.issueLink(coordinator.key))!;
    const grants = await Promise.all(Array.from({ length: 5 }, () => signIn.redeemLink(token)));
    const sessions = grants.filter((grant) => grant !== undefined);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.maxAgeSeconds).toBe(12 * 3600);
    expect((await signIn.viewer(sessions[0]!.token))?.actor).toMatchObject({
      key: coordinator.key,
      role: 'coordinator',
    });
    expect(await auditOf(coordinator.key, 'dashboard.signed_in')).toEqual([
      expect.objectContaining({ details: { via: 'link' } }),
    ]);
  });

  it('when a link is opened after 10 minutes, then it is refused; just before, it works', async () => {
    bed.clock.set(tehran('2026-12-07T11:00:00'));
    const late = (await signIn.issueLink(coordinator.key))!;
    const inTime = (await signIn.issueLink(coordinator.key))!;
    bed.clock.advance(LINK_VALID_MS - 1000);
    expect(await signIn.redeemLink(inTime)).toBeDefined();
    bed.clock.advance(1000);
    expect(await signIn.redeemLink(late)).toBeUndefined();
  });

  it('when a volunteer asks for a link, then none is made and the attempt is audited', async () => {
    expect(await signIn.issueLink(volunteer.key)).toBeUndefined();
    expect(await auditOf(volunteer.key, 'access.refused')).toEqual([
      expect.objectContaining({ details: { attempt: 'dashboard.link', reason: 'forbidden' } }),
    ]);
  });

  it('when a session is 12 hours old or its coordinator was removed, then it signs nobody in', async () => {
    bed.clock.set(tehran('2026-12-07T12:00:00'));
    const grant = (await signIn.redeemLink((await signIn.issueLink(coordinator.key))!))!;
    bed.clock.advance(SESSION_VALID_MS - 1000);
    expect(await signIn.viewer(grant.token)).toBeDefined();
    bed.clock.advance(1000);
    expect(await signIn.viewer(grant.token)).toBeUndefined();

    const other = await bed.coordinator(['fars']);
    const session = (await signIn.redeemLink((await signIn.issueLink(other.key))!))!;
    expect(await signIn.viewer(session.token)).toBeDefined();
    await bed.services.coordinators.remove(bed.admin, other.key);
    expect(await signIn.viewer(session.token)).toBeUndefined();
  });

  it('when initData is signed with the bot token and fresh, then its staff user is in; otherwise nobody', async () => {
    const admin = Number(bed.admin.key.split(':')[1]);
    const signed = (id: number, at = new Date(), key = TOKEN) => sign({ user: { id, first_name: 'A' } }, key, at);
    // ADMIN is a Bale key: a Telegram user with the same number is somebody else, and no staff.
    expect(await signIn.signInTelegram(signed(admin))).toBeUndefined();
    const telegramCoordinator = await bed.coordinator(['tehran'], 'telegram:5551');
    expect(telegramCoordinator.role).toBe('coordinator');
    expect(await signIn.signInTelegram(signed(5551))).toBeDefined();
    expect(await signIn.signInTelegram(signed(5551, new Date(Date.now() - 2 * 3_600_000)))).toBeUndefined();
    expect(await signIn.signInTelegram(signed(5551, new Date(), '700001:another-bot'))).toBeUndefined();
    expect(await signIn.signInTelegram(signed(5551).replace('5551', '5552'))).toBeUndefined();
    expect(await signIn.signInTelegram('user=%7B%22id%22%3A5551%7D&auth_date=1')).toBeUndefined();
  });
});
