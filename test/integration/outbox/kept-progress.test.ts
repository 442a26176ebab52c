import { beforeEach, describe, expect, it } from 'vitest';
import {
  createDeliveryRepository,
  type NewDelivery,
  type NewResult,
} from '../../../src/persistence/repositories/delivery.repository.ts';
import { createTestDatabase } from '../../support/database.ts';
import { resetOutbox } from '../../support/outbox-harness.ts';

const database = await createTestDatabase();
const clock = new Date('2026-03-01T08:00:00Z');
const now = () => clock;
/** The repository of a process alone on the database, and a reader that always reads (as another instance would). */
const alone = createDeliveryRepository(database.models, { now, exclusiveEpoch: () => 1 });
const fresh = createDeliveryRepository(database.models, { now });

function delivery(recipient: number, group: string, notBefore?: Date): NewDelivery {
  return {
    campaignId: 'c1',
    campaignKind: 'callup',
    priority: 0,
    platform: 'telegram',
    chatId: recipient,
    recipientKey: `telegram:${recipient}`,
    group,
    message: { text: `card ${recipient}` },
    ...(notBefore && { notBefore }),
  };
}

const result = (recipient: number, group: string, state: NewResult['state']): NewResult => ({
  id: `c1:telegram:${recipient}`,
  campaignId: 'c1',
  group,
  recipientKey: `telegram:${recipient}`,
  state,
  attempt: 1,
});

describe('campaign progress kept by a process alone on the database', () => {
  beforeEach(async () => {
    await resetOutbox(database);
  });

  it('when cards are stored, sent, refused and cancelled after a first read, then it equals a fresh read each time', async () => {
    await alone.enqueue([delivery(1, 'nurse'), delivery(2, 'nurse')]);
    expect(await alone.progress('c1')).toEqual(await fresh.progress('c1'));

    // One of them waits for the morning: stored all the same, and counted.
    await alone.enqueue([delivery(3, 'doctor'), delivery(4, 'doctor', new Date(clock.getTime() + 3_600_000))]);
    await alone.recordResults([result(1, 'nurse', 'sent'), result(3, 'doctor', 'blocked')]);
    // Recorded again (a second sender's late result): the first one stands.
    await alone.recordResults([result(1, 'nurse', 'failed')]);
    const midway = await alone.progress('c1');
    expect(midway).toEqual(await fresh.progress('c1'));
    expect(midway.counts).toMatchObject({ queued: 2, sent: 1, blocked: 1, failed: 0 });

    await alone.cancel({ campaignId: 'c1', group: 'nurse' });
    const cancelled = await alone.progress('c1');
    expect(cancelled).toEqual(await fresh.progress('c1'));
    expect(cancelled.groups.nurse?.counts).toMatchObject({ sent: 1, cancelled: 1 });
  });
});
