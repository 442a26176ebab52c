import { describe, expect, it } from 'vitest';
import type { Platform } from '../../../src/domain/platform.ts';
import { INVITE_LIFETIME_MS } from '../../../src/domain/roles/invite.ts';
import { RoleError } from '../../../src/domain/roles/role-error.ts';
import { createTestDatabase } from '../../support/database.ts';
import { ADMIN, createStaffTestbed } from '../../support/staff.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const { services, admin, clock } = bed;
const start = new Date('2026-11-23T08:00:00Z');

const candidate = (id: number, platform: Platform = 'bale') => ({
  key: `${platform}:${id}`,
  platform,
  chatId: String(id),
  name: `نفر ${id}`,
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RoleError)) throw new Error(`expected a RoleError, got ${String(error)}`);
  return error.code;
}

describe('coordinators: invites, requests, changes (real database)', () => {
  it('when an invite is opened within 48 hours on its platform, then the person coordinates its provinces', async () => {
    clock.set(start);
    const { invite, payload } = await services.coordinators.createInvite(admin, ['fars', 'bushehr'], 'bale');
    expect(payload).toBe(`inv_${invite.token}`);
    clock.advance(INVITE_LIFETIME_MS - 60_000);
    await services.coordinators.redeemInvite(candidate(101), invite.token);
    expect(await services.authorization.actorOf('bale:101')).toEqual({
      key: 'bale:101',
      role: 'coordinator',
      provinces: ['fars', 'bushehr'],
    });
    const [appointed] = await services.audit.recent(1, { action: 'coordinator.appointed' });
    expect(appointed).toMatchObject({ actor: 'bale:101', target: 'bale:101', details: { invitedBy: ADMIN } });
    expect(bed.sent.at(-1)?.to).toEqual({ platform: 'bale', chatId: '900' });
  });

  it('when an invite is opened 48 hours after it was made, then it is refused as expired and nobody is appointed', async () => {
    clock.set(start);
    const { invite } = await services.coordinators.createInvite(admin, ['qom'], 'bale');
    clock.advance(INVITE_LIFETIME_MS);
    expect(await refusal(services.coordinators.redeemInvite(candidate(102), invite.token))).toBe('invite_expired');
    expect((await services.authorization.actorOf('bale:102')).role).toBe('volunteer');
  });

  it('when an invite is opened a second time, then the second person is refused', async () => {
    clock.set(start);
    const { invite } = await services.coordinators.createInvite(admin, ['gilan'], 'bale');
    await services.coordinators.redeemInvite(candidate(103), invite.token);
    expect(await refusal(services.coordinators.redeemInvite(candidate(104), invite.token))).toBe('invite_used');
    expect((await services.authorization.actorOf('bale:104')).role).toBe('volunteer');
  });

  it('when two people open the same invite at the same moment, then exactly one becomes coordinator', async () => {
    clock.set(start);
    const { invite } = await services.coordinators.createInvite(admin, ['yazd'], 'bale');
    const people = [105, 106, 107, 108].map((id) => candidate(id));
    const results = await Promise.allSettled(people.map((p) => services.coordinators.redeemInvite(p, invite.token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const roles = await Promise.all(people.map((p) => services.authorization.actorOf(p.key)));
    expect(roles.filter((a) => a.role === 'coordinator')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as RoleError).code).toBe('invite_used');
  });

  it('when an invite is opened on the other platform, then it is refused and stays usable on its own', async () => {
    clock.set(start);
    const { invite } = await services.coordinators.createInvite(admin, ['semnan'], 'bale');
    expect(await refusal(services.coordinators.redeemInvite(candidate(109, 'telegram'), invite.token))).toBe(
      'invite_wrong_platform',
    );
    await services.coordinators.redeemInvite(candidate(109, 'bale'), invite.token);
    expect((await services.authorization.actorOf('bale:109')).provinces).toEqual(['semnan']);
  });

  it('when a non-admin tries to make an invite, then it is refused and the attempt is logged', async () => {
    const coordinator = await bed.coordinator(['kerman']);
    expect(await refusal(services.coordinators.createInvite(coordinator, ['kerman'], 'bale'))).toBe('forbidden');
    const [entry] = await services.audit.recent(1, { action: 'access.refused' });
    expect(entry).toMatchObject({ actor: coordinator.key, details: { attempt: 'invite.create', reason: 'forbidden' } });
  });

  it('when a person asks to coordinate and an admin approves, then they coordinate and are told', async () => {
    await services.coordinators.request(candidate(110), ['khuzestan'], 'هلال‌احمر اهواز');
    const notice = bed.sent.at(-1)!;
    expect(notice.to).toEqual({ platform: 'bale', chatId: '900' });
    expect(notice.message.buttons?.[0]?.map((b) => b.data)).toEqual(['cr:ok:bale:110', 'cr:no:bale:110']);
    expect(await refusal(services.coordinators.request(candidate(110), ['khuzestan'], null))).toBe('request_pending');
    expect((await services.authorization.actorOf('bale:110')).role).toBe('volunteer');

    await services.coordinators.approve(admin, 'bale:110');
    expect(await services.authorization.actorOf('bale:110')).toMatchObject({
      role: 'coordinator',
      provinces: ['khuzestan'],
    });
    expect(bed.sent.at(-1)?.message.text).toContain('خوزستان');
  });

  it('when an admin changes and then removes a coordinator, then the provinces follow and the role goes', async () => {
    const coordinator = await bed.coordinator(['ilam']);
    await services.coordinators.changeProvinces(admin, coordinator.key, ['ilam', 'lorestan']);
    expect((await services.authorization.actorOf(coordinator.key)).provinces).toEqual(['ilam', 'lorestan']);
    expect((await services.coordinators.list(admin)).map((c) => c.key)).toContain(coordinator.key);
    await services.coordinators.remove(admin, coordinator.key);
    expect((await services.authorization.actorOf(coordinator.key)).role).toBe('volunteer');
    const actions = (await services.audit.recent(3, { target: coordinator.key })).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['coordinator.removed', 'coordinator.changed']);
  });

  it('when a coordinator tries to change or remove coordinators, then both are refused', async () => {
    const coordinator = await bed.coordinator(['zanjan']);
    const other = await bed.coordinator(['qazvin']);
    expect(await refusal(services.coordinators.changeProvinces(coordinator, other.key, ['zanjan']))).toBe('forbidden');
    expect(await refusal(services.coordinators.remove(coordinator, other.key))).toBe('forbidden');
    expect((await services.authorization.actorOf(other.key)).provinces).toEqual(['qazvin']);
  });
});
