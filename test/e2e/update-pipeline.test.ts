import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../support/bot-harness.ts';
import { RegistrationDriver } from '../support/registration-driver.ts';

interface Metrics {
  updates: number;
  dbWrites: number;
  byUpdateType: Record<string, { updates: number; writes: number; writesPerUpdate: number }>;
  handlers: { count: number; p50Ms: number; p95Ms: number; p99Ms: number };
  rssMb: number;
}

describe('the update pipeline (bot ↔ sandbox over HTTP, real database)', () => {
  let h: BotHarness;
  const metrics = async (): Promise<Metrics> =>
    (await fetch(`http://127.0.0.1:${h.app.port}/metrics`)).json() as Promise<Metrics>;

  beforeAll(async () => {
    h = await startTestBot({ platforms: ['telegram'] });
    // Nothing but the bot writes in between (no scheduler, no outbox work), so the counts below are the updates'.
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when updates are handled, then GET /metrics counts them and the database writes they made', async () => {
    const before = await metrics();
    const user = h.user({ firstName: 'Nava', userId: 901 });
    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true);

    const after = await metrics();
    expect(after.updates).toBe(before.updates + 1);
    expect(after.byUpdateType.message?.updates).toBe((before.byUpdateType.message?.updates ?? 0) + 1);
    expect(after.dbWrites).toBeGreaterThan(before.dbWrites);
    // The handling time is recorded once the update is done, which is after its reply.
    await expect
      .poll(async () => (await metrics()).handlers.count, { timeout: 30_000 })
      .toBe(before.handlers.count + 1);
    expect((await metrics()).handlers.p99Ms).toBeGreaterThan(0);
    expect(after.rssMb).toBeGreaterThan(0);
  });

  /** The database writes made while handling the one update `act` causes, read from /metrics. */
  const writesOf = async (act: () => Promise<void>): Promise<{ updates: number; writes: number }> => {
    const before = await metrics();
    await act();
    const after = await metrics();
    const handled = (m: Metrics) => Object.values(m.byUpdateType).reduce((sum, t) => sum + t.writes, 0);
    return { updates: after.updates - before.updates, writes: handled(after) - handled(before) };
  };

  it('when a volunteer types a registration answer, then handling it costs at most two database writes', async () => {
    const driver = await RegistrationDriver.create(h.user({ firstName: 'Tara', userId: 902 }), 'fa');
    await driver.driveTo('name');
    const step = await writesOf(() => driver.answer('name'));
    expect(step.updates).toBe(1);
    expect(step.writes).toBeLessThanOrEqual(2);
  });

  it('when a volunteer presses a registration button, then handling it costs at most two database writes', async () => {
    const driver = await RegistrationDriver.create(h.user({ firstName: 'Kian', userId: 903 }), 'fa');
    await driver.driveTo('group');
    const step = await writesOf(() => driver.answer('group'));
    expect(step.updates).toBe(1);
    expect(step.writes).toBeLessThanOrEqual(2);
  });
});
