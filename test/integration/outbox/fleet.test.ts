import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from 'bot-api-sandbox';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { budgetedSends } from '../../../src/messaging/api/send-budget.transformer.ts';
import { createTestDatabase, withDatabaseName } from '../../support/database.ts';
import {
  accepted,
  countByText,
  createTestSender,
  deliveriesFor,
  type HarnessSender,
  logger,
  resetOutbox,
  startedUsers,
  startOutboxSandbox,
  TOKENS,
  until,
} from '../../support/outbox-harness.ts';

const database = await createTestDatabase();
const SENDER_PROCESS = fileURLToPath(new URL('./sender-process.ts', import.meta.url));
const LIMIT = 30;

type Accepted = ReturnType<typeof accepted>;

/** The most messages the sandbox accepted within one calendar second, and within any 1,000 ms. */
function peaks(list: Accepted): { perSecond: number; anyWindow: number } {
  const bySecond = new Map<number, number>();
  for (const d of list) bySecond.set(Math.floor(d.at / 1000), (bySecond.get(Math.floor(d.at / 1000)) ?? 0) + 1);
  let anyWindow = 0;
  for (let start = 0, end = 0; start < list.length; start += 1) {
    while (end < list.length && list[end]!.at < list[start]!.at + 1000) end += 1;
    anyWindow = Math.max(anyWindow, end - start);
  }
  return { perSecond: Math.max(0, ...bySecond.values()), anyWindow };
}

/** The shortest time between two messages to one chat. */
function closestInOneChat(list: Accepted): number {
  const last = new Map<number, number>();
  let closest = Number.POSITIVE_INFINITY;
  for (const d of list) {
    const previous = last.get(d.chatId);
    if (previous !== undefined) closest = Math.min(closest, d.at - previous);
    last.set(d.chatId, d.at);
  }
  return closest;
}

/** Sent per second over the span of the sends, as a share of the limit. */
const ratioOf = (list: Accepted) => (list.length - 1) / ((list.at(-1)!.at - list[0]!.at) / 1000) / LIMIT;
const duplicatesIn = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n - 1, 0);

describe('a fleet of senders on one outbox and one bot', () => {
  let sandbox: Sandbox;
  const senders: HarnessSender[] = [];
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    await resetOutbox(database);
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.sender.stop()));
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
    await sandbox.close();
  });

  it('when three instances enqueue and send by turns, busy and idle, then no second exceeds the limits and together they reach the limit', async () => {
    sandbox = await startOutboxSandbox();
    const users = startedUsers(sandbox, 'telegram', 120, 5000);
    for (const owner of ['a', 'b', 'c']) {
      const instance = createTestSender(database, sandbox, {
        owner,
        messagesPerSecond: { telegram: LIMIT },
        concurrency: 8,
      });
      instance.sender.start();
      senders.push(instance);
    }
    const [a, b, c] = senders as [HarnessSender, HarnessSender, HarnessSender];
    // Two call-ups to the same chats from two instances, and a third one's later, while the first two go out.
    await a.sender.enqueue(deliveriesFor(users, { campaignId: 'first' }));
    await b.sender.enqueue(deliveriesFor(users, { campaignId: 'second' }));
    await until(() => accepted(sandbox).length >= 100, 30_000);
    await c.sender.enqueue(deliveriesFor(users.slice(0, 60), { campaignId: 'third' }));
    await until(() => accepted(sandbox).length >= 300, 30_000);

    const got = accepted(sandbox);
    const { perSecond, anyWindow } = peaks(got);
    if (process.env.OUTBOX_FIGURES) {
      console.log({ perSecond, anyWindow, ratio: ratioOf(got), closestInOneChat: closestInOneChat(got) });
    }
    expect(countByText(got).size).toBe(300);
    expect(duplicatesIn(countByText(got))).toBe(0);
    expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBe(0);
    expect(perSecond).toBeLessThanOrEqual(LIMIT);
    // Any 1,000 ms, not only calendar seconds: each send holds its slot until a second after its answer, however late
    // the sandbox stamps it; the shares rest on heartbeats, whose timers a loaded machine runs late.
    expect(anyWindow).toBeLessThanOrEqual(LIMIT + 3);
    // At most about 0.995 (30 per second after each answer; see the README); a 2-core machine loaded by other processes
    // stalls every event loop now and then, so here only: the instances kept the limit busy, not one share of it.
    expect(ratioOf(got)).toBeGreaterThanOrEqual(0.6);
    // Per chat: one a second, across the instances too (a little under 1,000 ms for the network's jitter).
    expect(closestInOneChat(got)).toBeGreaterThanOrEqual(950);
  });

  it('when three instances each answer a burst of people directly while the outbox sends, then all their sends together keep the limit and none is refused', async () => {
    sandbox = await startOutboxSandbox();
    const users = startedUsers(sandbox, 'telegram', 150, 7000);
    const askers = startedUsers(sandbox, 'telegram', 90, 8000);
    const apis: Api[] = [];
    for (const owner of ['a', 'b', 'c']) {
      const instance = createTestSender(database, sandbox, { owner, messagesPerSecond: { telegram: LIMIT } });
      instance.sender.start();
      senders.push(instance);
      // The bot's own API on that instance, spending the instance's share as the app installs it.
      const api = new Api(TOKENS.telegram, { apiRoot: sandbox.apiRoot });
      api.config.use(budgetedSends(instance.sender.sendBudget('telegram')!, logger));
      apis.push(api);
    }
    await senders[0]!.sender.enqueue(deliveriesFor(users, { campaignId: 'bulk' }));
    await until(() => accepted(sandbox).length >= 40, 30_000);
    // 90 people waiting for an answer at once, 30 on each instance (three times what one second allows).
    const answered = await Promise.all(
      askers.map((asker, i) => apis[i % apis.length]!.sendMessage(asker.chatId, `answer ${asker.id}`)),
    );
    await until(() => countByText(accepted(sandbox)).size === 240, 60_000);

    const got = accepted(sandbox);
    const { perSecond, anyWindow } = peaks(got);
    if (process.env.OUTBOX_FIGURES) console.log({ perSecond, anyWindow, ratio: ratioOf(got) });
    expect(answered).toHaveLength(90);
    expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBe(0);
    expect(perSecond).toBeLessThanOrEqual(LIMIT);
    // As in the test above.
    expect(anyWindow).toBeLessThanOrEqual(LIMIT + 3);
    expect(duplicatesIn(countByText(got))).toBe(0);
  });

  it('when the sending process of two is killed mid-send, then the other takes over within seconds and the limit holds throughout', async () => {
    sandbox = await startOutboxSandbox();
    const users = startedUsers(sandbox, 'telegram', 240, 6000);
    const setup = createTestSender(database, sandbox);
    await setup.deliveries.enqueue(deliveriesFor(users, { campaignId: 'fleet' }));
    const uri = withDatabaseName(inject('mongoUri'), database.connection.name);
    const byOwner = new Map<string, ChildProcess>();
    for (const owner of ['p1', 'p2']) {
      const child = spawn(process.execPath, [SENDER_PROCESS, uri, sandbox.apiRoot, String(LIMIT), owner], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      byOwner.set(owner, child);
    }
    await until(() => accepted(sandbox).length >= 80, 30_000);
    const term = await database.models.deliverySenderTerms.findOne({ platform: 'telegram' }).sort({ term: -1 }).lean();
    const holder = byOwner.get(term!.owner)!;
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const killedAt = Date.now();
    const atKill = accepted(sandbox).length;
    const lastSecond = accepted(sandbox).filter((d) => d.at > killedAt - 1000).length;
    await until(() => countByText(accepted(sandbox)).size === 240, 40_000);

    const got = accepted(sandbox);
    const takeoverMs = got[atKill]!.at - killedAt;
    const { perSecond, anyWindow } = peaks(got);
    if (process.env.OUTBOX_FIGURES) console.log({ perSecond, anyWindow, takeoverMs, lastSecond, got: got.length });
    expect(duplicatesIn(countByText(got))).toBeLessThanOrEqual(lastSecond);
    expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBe(0);
    expect(perSecond).toBeLessThanOrEqual(LIMIT);
    expect(anyWindow).toBeLessThanOrEqual(LIMIT + 3);
    // 2.3–3.1 s on a quiet machine: the heartbeat's 3 s, not the claims' 60 s lease.
    expect(takeoverMs).toBeLessThan(8000);
    // Before the kill and after the takeover, one sender at a time kept the limit busy (see the first test).
    expect(ratioOf(got.slice(0, atKill))).toBeGreaterThanOrEqual(0.6);
    expect(ratioOf(got.slice(atKill))).toBeGreaterThanOrEqual(0.6);
  });
});
