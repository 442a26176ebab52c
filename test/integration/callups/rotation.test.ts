import { describe, expect, it } from 'vitest';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import { createInvitationRotation, SYNC_EVERY_MS } from '../../../src/services/callups/rotation.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const clock = new TestClock();
const started = clock.now().getTime();
const hoursAgo = (hours: number) => new Date(started - hours * 3_600_000);

describe('fair rotation: when each volunteer was last invited', () => {
  it('when invitations are stored by this instance or another, then each volunteer has their latest one once synced again a while later, and nobody else any', async () => {
    const here = createCallUpAnswerRepository(database.models);
    const elsewhere = createCallUpAnswerRepository(database.models);
    await here.invite([
      anInvitation('rot00001', 'telegram:501', { invitedAt: hoursAgo(72) }),
      anInvitation('rot00002', 'telegram:501', { invitedAt: hoursAgo(24) }),
      anInvitation('rot00002', 'telegram:502', { invitedAt: hoursAgo(24) }),
    ]);
    const rotation = createInvitationRotation(here, clock.now);

    await rotation.sync();
    expect(rotation.lastInvitedAt('telegram:501')).toEqual(hoursAgo(24));
    expect(rotation.lastInvitedAt('telegram:503')).toBeNull();

    const justNow = clock.now();
    await elsewhere.invite([anInvitation('rot00003', 'telegram:502', { invitedAt: justNow })]);
    await rotation.sync();
    // A sync right after the last keeps what that one read; one a while later reads again.
    expect(rotation.lastInvitedAt('telegram:502')).toEqual(hoursAgo(24));
    clock.advance(SYNC_EVERY_MS);
    await rotation.sync();
    expect(rotation.lastInvitedAt('telegram:502')).toEqual(justNow);
  });

  it('when this instance notes a wave, then it counts at once, and an older invitation read later does not undo it', async () => {
    const answers = createCallUpAnswerRepository(database.models);
    const rotation = createInvitationRotation(answers, clock.now);
    const at = clock.now();

    rotation.noteInvited(['telegram:601'], at);
    await answers.invite([anInvitation('rot00004', 'telegram:601', { invitedAt: hoursAgo(5) })]);
    await rotation.sync();

    expect(rotation.lastInvitedAt('telegram:601')).toEqual(at);
  });
});
