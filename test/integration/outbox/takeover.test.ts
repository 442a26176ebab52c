import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../../src/domain/platform.ts';
import { BUDGET_WINDOW_MS } from '../../../src/messaging/budget/send-budget.ts';
import { THIS_PROCESS } from '../../../src/persistence/process-identity.ts';
import type { DeliveryRepository } from '../../../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../../../src/persistence/repositories/delivery-sender.repository.ts';
import {
  accepted,
  createTestSender,
  deliveriesFor,
  type HarnessSender,
  startedUsers,
  until,
  useOutboxTestbed,
} from '../../support/outbox-harness.ts';

const outbox = await useOutboxTestbed();
const { database } = outbox;

/** The outbox as a sender sees it, counting the scans of each platform and holding every scan after the first. */
function watchedOutbox(deliveries: DeliveryRepository) {
  const scans: Platform[] = [];
  let openGate = () => {};
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  let holding = false;
  const watched: DeliveryRepository = {
    ...deliveries,
    async scanReady(platform, limit, owner) {
      scans.push(platform);
      if (holding && platform === 'telegram') await gate;
      return deliveries.scanReady(platform, limit, owner);
    },
  };
  return {
    watched,
    scansOf: (platform: Platform) => scans.filter((p) => p === platform).length,
    /** Every later scan of Telegram waits until `release()`. */
    holdLaterScans: () => {
      holding = true;
    },
    release: () => openGate(),
  };
}

/**
 * A real process standing for a sender that holds Telegram's term, with a heartbeat a minute long; killed later. On
 * `elsewhere` (another machine: its death is not seen) its heartbeat runs out after `heartbeatMs` instead.
 */
async function doomedSender(children: ChildProcess[], handover: string[] = [], elsewhere?: { heartbeatMs: number }) {
  const doomed = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(doomed);
  const place = elsewhere ? 'another-machine' : THIS_PROCESS.split('/')[0];
  const owner = `${place}/${doomed.pid}/doomed-run/sender`;
  const senders = createDeliverySenderRepository(database.models);
  const until = new Date(Date.now() + (elsewhere?.heartbeatMs ?? 60_000));
  await senders.beat(owner, until, new Date(), { handover: { telegram: handover } });
  await senders.takeTerm({ platform: 'telegram', term: 1, owner }, new Date());
  return {
    owner,
    async kill() {
      doomed.kill('SIGKILL');
      await once(doomed, 'exit');
    },
  };
}

/** Waits up to `timeoutMs` for `count` messages at the sandbox; returns how many arrived. */
async function acceptedWithin(sandbox: Parameters<typeof accepted>[0], count: number, timeoutMs: number) {
  await until(() => accepted(sandbox).length >= count, timeoutMs).catch(() => undefined);
  return accepted(sandbox).length;
}

describe('an outbox sender taking over and scanning', () => {
  const senders: HarnessSender[] = [];
  const children: ChildProcess[] = [];
  const releases: (() => void)[] = [];
  /** A sender over a watched outbox (scans counted, later ones held on demand) that scans only when told to. */
  const watchedSender = (
    sandbox: Parameters<typeof createTestSender>[1],
    base: ReturnType<typeof createTestSender>,
    options: { pollIntervalMs?: number } = {},
  ) => {
    const outboxView = watchedOutbox(base.deliveries);
    releases.push(outboxView.release);
    const { sender } = createTestSender(database, sandbox, {
      repositories: { deliveries: outboxView.watched, senders: createDeliverySenderRepository(database.models) },
      rescanIntervalMs: 60_000,
      ...options,
    });
    senders.push({ sender, deliveries: outboxView.watched });
    return { sender, outboxView };
  };
  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    await Promise.all(senders.splice(0).map((s) => s.sender.stop()));
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
  });

  it('when a scan of the outbox takes long, then the sender goes on claiming and sending the deliveries it knows', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 150, 3000);
    const base = createTestSender(database, sandbox);
    const { sender, outboxView } = watchedSender(sandbox, base);
    await base.deliveries.enqueue(deliveriesFor(users, { campaignId: 'slow-scan' }));
    sender.start();
    await until(() => accepted(sandbox).length >= 1);
    // Something asks for a new scan (another instance enqueued, or one died), and that scan hangs.
    outboxView.holdLaterScans();
    sender.kick();

    const arrived = await acceptedWithin(sandbox, 150, 20_000);
    expect(outboxView.scansOf('telegram')).toBeGreaterThanOrEqual(2);
    expect(arrived).toBe(150);
  });

  it('when the sending process is killed, then the next sender scans once and waits out the platform window before sending', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 300, 4000);
    const doomed = await doomedSender(children);
    const base = createTestSender(database, sandbox);
    await base.deliveries.enqueue(deliveriesFor(users, { campaignId: 'takeover' }));
    const { sender, outboxView } = watchedSender(sandbox, base, { pollIntervalMs: 60_000 });
    sender.start();
    // It sees the doomed process alive, so it waits as standby.
    await until(async () => (await database.models.deliverySenders.countDocuments()) === 2);
    expect(outboxView.scansOf('telegram')).toBe(0);

    await doomed.kill();
    const killedAt = Date.now();
    await until(() => accepted(sandbox).length >= 20, 20_000);

    const term = await database.models.deliverySenderTerms.findOne({ platform: 'telegram', term: 2 }).lean();
    const firstAt = accepted(sandbox)[0]!.at;
    expect(term).not.toBeNull();
    // One scan found everything: a second, asked for in the same heartbeat, held the first claims back.
    expect(outboxView.scansOf('telegram')).toBe(1);
    // The dead one may have sent until its end: nothing within a window of the takeover.
    expect(firstAt - term!.at.getTime()).toBeGreaterThanOrEqual(BUDGET_WINDOW_MS);
    expect(firstAt - killedAt).toBeLessThan(5000);
  });

  it.each([
    ['is killed on this machine', undefined],
    ['falls silent on another machine', { heartbeatMs: 2000 }],
  ])(
    'when a sender holding claims it named in its heartbeat %s, then the next sender sends those before any scan of the outbox',
    async (_, elsewhere) => {
      const sandbox = await outbox.sandbox();
      const users = startedUsers(sandbox, 'telegram', 80, 5000);
      const base = createTestSender(database, sandbox);
      await base.deliveries.enqueue(deliveriesFor(users, { campaignId: 'handover' }));
      const { ready } = await base.deliveries.scanReady('telegram', 1000);
      const held = ready.slice(0, 40);
      const doomed = await doomedSender(
        children,
        held.map((d) => `${d.id}#1`),
        elsewhere,
      );
      const leaseUntil = new Date(Date.now() + 60_000);
      await base.deliveries.claim(
        held.map((d) => ({ ...d, attempt: 1 })),
        doomed.owner,
        leaseUntil,
      );
      // One of them went out and was recorded just before the end: it is not sent again.
      const [sentBefore] = held;
      await base.deliveries.recordResults([
        { ...sentBefore!, state: 'sent', attempt: 1, sentAt: new Date(), sentMessageId: 1 },
      ]);
      const { sender, outboxView } = watchedSender(sandbox, base, { pollIntervalMs: 60_000 });
      outboxView.holdLaterScans();
      sender.start();
      await until(async () => (await database.models.deliverySenders.countDocuments()) === 2);

      await doomed.kill();
      // Every scan of Telegram hangs: only the hand-over can bring these.
      const arrived = await acceptedWithin(sandbox, 39, 20_000);
      const texts = new Set(accepted(sandbox).map((d) => d.text));
      expect(arrived).toBe(39);
      expect(held.slice(1).every((d) => texts.has(d.message.text))).toBe(true);
      expect(texts.has(sentBefore!.message.text)).toBe(false);
    },
  );

  it('when another instance stores a few deliveries, then the sender reads them by id within a heartbeat and scans nothing', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 3, 6000);
    const base = createTestSender(database, sandbox);
    const { sender, outboxView } = watchedSender(sandbox, base, { pollIntervalMs: 60_000 });
    sender.start();
    await until(async () => (await database.models.deliverySenderTerms.countDocuments({ platform: 'telegram' })) === 1);
    const other = createTestSender(database, sandbox, { pollIntervalMs: 60_000 });
    senders.push(other);
    other.sender.start();
    await until(async () => (await database.models.deliverySenders.countDocuments()) === 2);
    const scansBefore = outboxView.scansOf('telegram');

    // Answers' follow-ups, say: stored by an instance that is not the sender.
    const storedAt = Date.now();
    await other.sender.enqueue(deliveriesFor(users, { campaignId: 'follow-ups', priority: -10 }));
    const arrived = await acceptedWithin(sandbox, 3, 10_000);
    expect(arrived).toBe(3);
    expect(accepted(sandbox).at(-1)!.at - storedAt).toBeLessThan(5000);
    expect(outboxView.scansOf('telegram')).toBe(scansBefore);
  });

  it('when an instance that is not the sender stores a few deliveries at once, then a beat or two tells them all, not one each', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 10, 6100);
    const base = createTestSender(database, sandbox);
    const { sender } = watchedSender(sandbox, base, { pollIntervalMs: 60_000 });
    sender.start();
    await until(async () => (await database.models.deliverySenderTerms.countDocuments({ platform: 'telegram' })) === 1);
    const heartbeats = createDeliverySenderRepository(database.models);
    let beats = 0;
    const counted = {
      ...heartbeats,
      beat(...args: Parameters<typeof heartbeats.beat>) {
        beats += 1;
        return heartbeats.beat(...args);
      },
    };
    const other = createTestSender(database, sandbox, {
      pollIntervalMs: 60_000,
      repositories: { deliveries: base.deliveries, senders: counted },
    });
    senders.push(other);
    other.sender.start();
    await until(async () => (await database.models.deliverySenders.countDocuments()) === 2);

    // Ten answers' follow-ups at once, say.
    const beatsBefore = beats;
    await Promise.all(
      users.map((user, i) =>
        other.sender.enqueue(deliveriesFor([user], { campaignId: `follow-up-${i}`, priority: -10 })),
      ),
    );
    expect(await acceptedWithin(sandbox, 10, 10_000)).toBe(10);
    // Besides its beat each second: at most one for the first enqueue and one for all that came during it.
    expect(beats - beatsBefore).toBeLessThanOrEqual(6);
  });
});
