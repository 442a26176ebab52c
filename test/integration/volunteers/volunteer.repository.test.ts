import { describe, expect, it } from 'vitest';
import { matchesCallUp } from '../../../src/domain/callups/matching.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { serverKind } from '../../../src/persistence/server-kind.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const onFerretdb = (await serverKind(database.connection)) === 'ferretdb';
const volunteers = createVolunteerRepository(database.models);
const now = tehran('2026-11-23T12:00:00');
const past = tehran('2026-11-01T00:00:00');
const future = tehran('2026-12-15T00:00:00');

let nextId = 10_000;
const freshKey = () => {
  nextId += 1;
  return { key: `telegram:${nextId}`, chatId: String(nextId) };
};

describe('volunteer repository (real FerretDB or MongoDB)', () => {
  it('when a volunteer is created and read back, then every field round-trips, nulls and dates included', async () => {
    const v = aVolunteer({
      ...freshKey(),
      note: null,
      hoursPerMonth: null,
      licence: null,
      specialty: 'relief_worker',
      group: 'relief_support',
    });
    expect(await volunteers.create(v)).toBe(true);
    expect(await volunteers.get(v.key)).toEqual(v);
    expect(await volunteers.isRegistered(v.key)).toBe(true);
  });

  it('when the same user is created twice, then the second is refused and the first is untouched', async () => {
    const v = aVolunteer(freshKey());
    await volunteers.create(v);
    expect(await volunteers.create({ ...v, name: 'دیگری' })).toBe(false);
    expect((await volunteers.get(v.key))?.name).toBe(v.name);
  });

  it('when an invalid volunteer is created, then zod refuses it before the database sees it', async () => {
    const v = aVolunteer({ ...freshKey(), hoursPerMonth: 500 });
    await expect(volunteers.create(v)).rejects.toThrow();
    expect(await database.models.volunteers.findById(v.key).lean()).toBeNull();
  });

  it('when a draft exists, then it is not a registration, and registering replaces it', async () => {
    const { key, chatId } = freshKey();
    await volunteers.startDraft({ key, chatId, platform: 'telegram', locale: 'fa', startedAt: past, remindedAt: null });
    expect(await volunteers.get(key)).toBeUndefined();
    expect(await volunteers.isRegistered(key)).toBe(false);
    expect(await volunteers.getDraft(key)).toMatchObject({ key, startedAt: past, remindedAt: null });
    expect(await volunteers.create(aVolunteer({ key, chatId }))).toBe(true);
    expect(await volunteers.getDraft(key)).toBeUndefined();
    expect((await volunteers.get(key))?.status).toBe('active');
  });

  it('when a draft is registered, then the volunteers are selected by _id alone, which FerretDB does not scan for', async () => {
    const { key, chatId } = freshKey();
    await volunteers.startDraft({ key, chatId, platform: 'telegram', locale: 'fa', startedAt: past, remindedAt: null });
    const filters: unknown[] = [];
    const record = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.command[event.commandName] !== 'volunteers') return;
      if (event.commandName === 'update') filters.push(...(event.command.updates as { q: unknown }[]).map((u) => u.q));
      if (event.commandName === 'find') filters.push(event.command.filter);
    };
    const client = database.connection.getClient();
    client.on('commandStarted', record);
    try {
      expect(await volunteers.create(aVolunteer({ key, chatId }))).toBe(true);
    } finally {
      client.off('commandStarted', record);
    }
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) expect(filter).toEqual({ _id: key });
  });

  it('when a draft is started again or for a registered volunteer, then nothing already stored changes', async () => {
    const { key, chatId } = freshKey();
    await volunteers.startDraft({ key, chatId, platform: 'telegram', locale: 'fa', startedAt: past, remindedAt: null });
    await volunteers.startDraft({ key, chatId, platform: 'telegram', locale: 'fa', startedAt: now, remindedAt: null });
    expect((await volunteers.getDraft(key))?.startedAt).toEqual(past);
    const registered = aVolunteer(freshKey());
    await volunteers.create(registered);
    await volunteers.startDraft({ ...registered, startedAt: now, remindedAt: null });
    expect(await volunteers.get(registered.key)).toEqual(registered);
  });

  it('when an update would break the record, then it is refused and nothing is written', async () => {
    const v = aVolunteer(freshKey());
    await volunteers.create(v);
    await expect(volunteers.update(v.key, () => ({ status: 'paused' }))).rejects.toThrow();
    expect((await volunteers.get(v.key))?.status).toBe('active');
    const updated = await volunteers.update(v.key, () => ({ status: 'paused', pausedUntil: future }));
    expect(updated).toMatchObject({ status: 'paused', pausedUntil: future });
    expect(await volunteers.get(v.key)).toEqual(updated);
  });

  it('when 20 updates of one volunteer run at once, then none is lost', async () => {
    const v = aVolunteer(freshKey());
    await volunteers.create(v);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        volunteers.update(v.key, (current) => ({ hoursServed: current.hoursServed + 1 })),
      ),
    );
    expect((await volunteers.get(v.key))?.hoursServed).toBe(20);
  });
});

describe('call-up matching: one indexed query', () => {
  it('when volunteers differ in one condition each, then the query and the rule together keep exactly the fitting ones', async () => {
    await database.models.volunteers.deleteMany({});
    const base = {
      province: 'qom',
      reachProvinces: ['qom'],
      specialty: 'emergency_medicine',
      modes: ['crisis' as const],
    };
    const fit = [
      aVolunteer({ ...freshKey(), ...base }),
      aVolunteer({
        ...freshKey(),
        ...base,
        licence: { body: 'irimc', number: '54321', digits: '54321', status: 'verified' },
      }),
      aVolunteer({ ...freshKey(), ...base, province: 'tehran', reachProvinces: ['tehran', 'qom'], reach: 'neighbors' }),
      aVolunteer({
        ...freshKey(),
        ...base,
        province: 'fars',
        reachProvinces: ['fars'],
        reachAnywhere: true,
        reach: 'anywhere',
      }),
      aVolunteer({ ...freshKey(), ...base, unavailableUntil: past }),
      aVolunteer({ ...freshKey(), ...base, validUntil: future }),
    ];
    const misfit = [
      aVolunteer({ ...freshKey(), ...base, specialty: 'pediatrics' }),
      aVolunteer({ ...freshKey(), ...base, modes: ['in_person'] }),
      aVolunteer({ ...freshKey(), ...base, province: 'fars', reachProvinces: ['fars'] }),
      aVolunteer({ ...freshKey(), ...base, status: 'paused', pausedUntil: future }),
      aVolunteer({ ...freshKey(), ...base, status: 'withdrawn' }),
      aVolunteer({ ...freshKey(), ...base, unavailableUntil: future }),
      aVolunteer({ ...freshKey(), ...base, validUntil: past }),
      aVolunteer({ ...freshKey(), ...base, reachable: false }),
    ];
    for (const v of [...fit, ...misfit]) await volunteers.create(v);
    const criteria = { specialties: ['emergency_medicine', 'gp'], provinces: ['qom'], urgency: 'immediate' as const };
    const found = (await volunteers.findCallUpMatches(criteria)).filter((v) =>
      matchesCallUp(v, { ...criteria, startsAt: now }, now),
    );
    expect(found.map((v) => v.key).sort()).toEqual(fit.map((v) => v.key).sort());
  });

  it('when indexes are ensured, then the matching and lifecycle indexes exist (on MongoDB; FerretDB reads through none)', async () => {
    const indexes = await database.models.volunteers.listIndexes();
    const keys = indexes.map((index) => Object.keys(index.key).join(','));
    if (onFerretdb) return expect(keys).toEqual(['_id']);
    expect(keys).toEqual(
      expect.arrayContaining([
        'status,specialty,reachProvinces',
        'status,specialty,reachAnywhere',
        'status,nextCheckInAt',
        'status,validUntil',
        'status,pausedUntil',
        'status,startedAt',
        'licence.status,province',
      ]),
    );
  });
});

describe('lifecycle queries', () => {
  it('when check-ins, end dates and pauses fall due, then each query finds only its own', async () => {
    await database.models.volunteers.deleteMany({});
    const due = aVolunteer({ ...freshKey(), nextCheckInAt: past });
    const notDue = aVolunteer({ ...freshKey(), nextCheckInAt: future });
    const pausedDue = aVolunteer({ ...freshKey(), status: 'paused', pausedUntil: future, nextCheckInAt: past });
    const ended = aVolunteer({ ...freshKey(), validUntil: past, nextCheckInAt: future });
    const endedWhilePaused = aVolunteer({
      ...freshKey(),
      status: 'paused',
      pausedUntil: future,
      validUntil: past,
      nextCheckInAt: future,
    });
    const pauseOver = aVolunteer({ ...freshKey(), status: 'paused', pausedUntil: past, nextCheckInAt: future });
    for (const v of [due, notDue, pausedDue, ended, endedWhilePaused, pauseOver]) await volunteers.create(v);
    expect((await volunteers.findDueForCheckIn(now, 10)).map((v) => v.key)).toEqual([due.key]);
    expect((await volunteers.findEnded(now, 10)).map((v) => v.key).sort()).toEqual(
      [ended.key, endedWhilePaused.key].sort(),
    );
    expect((await volunteers.findPauseOver(now, 10)).map((v) => v.key)).toEqual([pauseOver.key]);
  });

  it('when drafts are old enough, then they are found once; marking one reminded works only the first time', async () => {
    const old = freshKey();
    const young = freshKey();
    await volunteers.startDraft({ ...old, platform: 'bale', locale: 'en', startedAt: past, remindedAt: null });
    await volunteers.startDraft({ ...young, platform: 'bale', locale: 'en', startedAt: now, remindedAt: null });
    const found = await volunteers.findDraftsToRemind(tehran('2026-11-22T12:00:00'), 10);
    expect(found.map((d) => d.key)).toEqual([old.key]);
    expect(await volunteers.markDraftReminded(old.key, now)).toBe(true);
    expect(await volunteers.markDraftReminded(old.key, now)).toBe(false);
    expect(await volunteers.findDraftsToRemind(tehran('2026-11-22T12:00:00'), 10)).toEqual([]);
    await volunteers.deleteDraft(young.key);
    expect(await volunteers.getDraft(young.key)).toBeUndefined();
  });
});

describe('erasure', () => {
  it('when a volunteer is erased, then only an anonymous remainder with the hours served is left', async () => {
    const v = aVolunteer({ ...freshKey(), hoursServed: 7 });
    await volunteers.create(v);
    const before = (await volunteers.countByStatus()).erased ?? 0;
    expect(await volunteers.erase(v.key, 'erased:remainder-7')).toBe(true);
    expect(await database.models.volunteers.findById(v.key).lean()).toBeNull();
    expect((await volunteers.countByStatus()).erased).toBe(before + 1);
    const remainders = await database.models.volunteers.find({ status: 'erased' }).lean();
    const mine = await database.models.volunteers.findById('erased:remainder-7').lean();
    expect(mine).toEqual({ _id: 'erased:remainder-7', status: 'erased', hoursServed: 7 });
    expect(JSON.stringify(remainders)).not.toContain(v.chatId);
    expect(await volunteers.erase(v.key, 'erased:remainder-8')).toBe(false);
  });

  it('when a draft is erased, then it goes without a remainder', async () => {
    const draft = freshKey();
    await volunteers.startDraft({ ...draft, platform: 'telegram', locale: 'fa', startedAt: now, remindedAt: null });
    const before = (await volunteers.countByStatus()).erased ?? 0;
    expect(await volunteers.erase(draft.key, 'erased:remainder-9')).toBe(true);
    expect((await volunteers.countByStatus()).erased ?? 0).toBe(before);
  });
});
