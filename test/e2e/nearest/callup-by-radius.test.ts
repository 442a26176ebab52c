import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boardData } from '../../../src/domain/callups/callback-data.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

/** Tehran's centre as cities.json has it; about 111 km to a degree of latitude. */
const TEHRAN = { lat: 35.6893, lon: 51.3896 };
const north = (km: number) => ({ lat: Number((TEHRAN.lat + km / 111.2).toFixed(4)), lon: TEHRAN.lon });

describe('call-up by radius: everyone within R km of the incident, nearest first', () => {
  let h: CallUpHarness;
  const people: Record<string, Volunteer> = {};

  beforeAll(async () => {
    // The in-process grid, as the app runs on the embedded FerretDB (no geo indexes there).
    h = await startCallUpBot({ matching: 'index' });
    // Seeded first and verified: the fairness rules alone would ask them before everyone else.
    people.at20km = await h.volunteer({ specialty: 'gp', location: north(20) }, { verified: true });
    people.at2km = await h.volunteer({ specialty: 'gp', location: north(2) });
    people.cityCentre = await h.volunteer({ specialty: 'gp', location: null }); // no pin: Tehran's centre
    people.at8km = await h.volunteer({ specialty: 'gp', location: north(8) });
    people.at40km = await h.volunteer({ specialty: 'gp', location: north(40) });
    // Seeded from outside the app, as another instance would: loaded with the index when the app starts again.
    await h.restart();
  }, 60_000);
  afterAll(() => h?.stop());

  it('when a coordinator asks for one doctor within 25 km, then the three nearest are invited and the rings are counted', async () => {
    const fa = h.t('fa');
    const { preview } = await createCallUpInChat(h.coordinator(), fa, {
      type: 'earthquake',
      title: 'آوار در شمال تهران',
      description: 'به پزشک عمومی نیاز است.',
      province: 'tehran',
      city: 'تهران',
      needs: [{ specialty: 'gp', count: 1 }],
      start: 'now',
      durationHours: 4,
      meetingPoint: 'ورودی پارک',
      contact: 'دفتر هلال احمر',
      location: { latitude: TEHRAN.lat, longitude: TEHRAN.lon },
      radiusKm: 25,
    });
    expect(preview.text).toContain(fa('callup:create.preview_radius', { km: 25 }));
    const ring = (band: string, count: number) =>
      fa('callup:create.preview_ring', { band: fa(`common:distance.band.${band}`), count });
    expect(preview.text).toContain(ring('under5', 2));
    expect(preview.text).toContain(ring('from5to10', 1));
    expect(preview.text).toContain(ring('from10to25', 1));

    const callUp = await h.latestCallUp();
    expect(callUp.target).toEqual({ kind: 'radius', center: TEHRAN, km: 25 });
    const invited = await h.invitations(callUp.id);
    // One seat: three invited, the nearest; 20 km waits for a later wave, 40 km is outside the circle.
    expect(invited.map((i) => i.volunteerKey).sort()).toEqual(
      [people.at2km!.key, people.cityCentre!.key, people.at8km!.key].sort(),
    );
    const bands = Object.fromEntries(invited.map((i) => [i.volunteerKey, i.distanceBand]));
    expect(bands).toEqual({
      [people.at2km!.key]: 'under5',
      [people.cityCentre!.key]: 'under5',
      [people.at8km!.key]: 'from5to10',
    });

    const board = h
      .coordinator()
      .messages()
      .find((m) => m.message_id === callUp.statusMessageId);
    expect(board?.text).toContain(fa('callup:board.radius', { km: 25 }));
    // A circle says whom it wants: no widening to the neighbouring provinces.
    expect(board && buttonsOf(board)).not.toContain(fa('callup:board.buttons.extend'));
  });

  it('when the radius is typed in Persian digits with its unit, then the call-up reaches that far only', async () => {
    const fa = h.t('fa');
    await createCallUpInChat(h.coordinator(), fa, {
      type: 'earthquake',
      title: 'آتش‌سوزی کارگاه',
      description: 'به پزشک عمومی نیاز است.',
      province: 'tehran',
      city: 'تهران',
      needs: [{ specialty: 'gp', count: 5 }],
      start: 'now',
      durationHours: 4,
      meetingPoint: 'درِ کارگاه',
      contact: 'دفتر هلال احمر',
      radiusKm: '۱۲ کیلومتر',
    });
    const callUp = await h.latestCallUp('آتش‌سوزی کارگاه');
    expect(callUp.target).toEqual({ kind: 'radius', center: TEHRAN, km: 12 });
    const invited = (await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort();
    expect(invited).toEqual([people.at2km!.key, people.cityCentre!.key, people.at8km!.key].sort());
  });

  it('when the nearest says «می‌آیم», then the status message and the confirmed list show their distance band', async () => {
    const fa = h.t('fa');
    const callUp = await h.latestCallUp('آوار در شمال تهران');
    const chat = h.chatOf(people.at2km!);
    const card = await chat.waitFor(
      (m) => buttonsOf(m).includes(fa('callup:card.yes')) && m.text?.includes('آوار') === true,
    );
    chat.press(fa('callup:card.yes'), card.message_id);
    await chat.waitForAlert();

    const band = (key: string) => fa(`common:distance.band.${key}`);
    const rings = [
      fa('callup:board.ring', { band: band('under5'), count: 1 }),
      fa('callup:board.ring', { band: band('from5to10'), count: 0 }),
      fa('callup:board.ring', { band: band('from10to25'), count: 0 }),
    ].join(' | ');
    const coordinator = h.coordinator();
    await vi.waitFor(
      () => {
        const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId);
        expect(board?.text).toContain(fa('callup:board.rings', { rings }));
      },
      { timeout: 10_000, interval: 100 },
    );

    coordinator.pressData(boardData(callUp.id, 'list'), callUp.statusMessageId!);
    const list = await coordinator.waitFor((m) => m.text?.includes(people.at2km!.name) === true);
    expect(list.text).toContain(fa('callup:board.person_distance', { band: band('under5') }));
  });
});
