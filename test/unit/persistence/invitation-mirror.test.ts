import { describe, expect, it, vi } from 'vitest';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { createInvitationMirror } from '../../../src/persistence/invitation-mirror.ts';
import { anInvitation } from '../../support/callup-fixtures.ts';

/** A repository over a map, counting whole reads; `write` stores and tells the watchers, as the real one does. */
function aRepository() {
  const stored = new Map<string, Invitation>();
  const listeners = new Set<(written: readonly Invitation[]) => void>();
  const state = { reads: 0, duringRead: undefined as (() => void) | undefined };
  const write = (invitation: Invitation) => {
    stored.set(invitation.volunteerKey, invitation);
    for (const listener of listeners) listener([invitation]);
  };
  return {
    state,
    stored,
    write,
    repository: {
      async listByCallUp() {
        state.reads += 1;
        const snapshot = [...stored.values()];
        state.duringRead?.();
        return snapshot;
      },
      watch(_callUpId: string, listener: (written: readonly Invitation[]) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

const answersOf = (list: readonly Invitation[]) => Object.fromEntries(list.map((i) => [i.volunteerKey, i.answer]));

describe("a followed call-up's invitations kept in memory", () => {
  it('when alone on the database, then a second look reads nothing and still shows what was written since', async () => {
    const r = aRepository();
    r.write(anInvitation('c1', 'telegram:1'));
    const clock = 0;
    const mirror = createInvitationMirror(r.repository, () => 1, { clock: () => clock });
    await mirror.list('c1');
    r.write({ ...anInvitation('c1', 'telegram:1'), answer: 'yes' });
    r.write(anInvitation('c1', 'telegram:2'));
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'yes', 'telegram:2': 'none' });
    expect(r.state.reads).toBe(1);
  });

  it('when a call-up created here is adopted, then its invitations are kept from empty without a read', async () => {
    const r = aRepository();
    const mirror = createInvitationMirror(r.repository, () => 1, { clock: () => 0 });
    mirror.adopt('c1');
    r.write(anInvitation('c1', 'telegram:1'));
    r.write({ ...anInvitation('c1', 'telegram:1'), answer: 'no' });
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'no' });
    expect(r.state.reads).toBe(0);
  });

  it('when others may write, then adopting keeps nothing and every look reads', async () => {
    const r = aRepository();
    const mirror = createInvitationMirror(r.repository, () => undefined, { clock: () => 0 });
    mirror.adopt('c1');
    r.write(anInvitation('c1', 'telegram:1'));
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'none' });
    expect(r.state.reads).toBe(1);
  });

  it('when the kept call-up is due a whole read, then callers get what is kept while it is read behind them', async () => {
    const r = aRepository();
    r.write(anInvitation('c1', 'telegram:1'));
    let clock = 0;
    const mirror = createInvitationMirror(r.repository, () => 1, { clock: () => clock });
    await mirror.list('c1');
    // Written another way than through the repository (this process did not hear it).
    r.stored.set('telegram:1', { ...anInvitation('c1', 'telegram:1'), answer: 'late' });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const listByCallUp = r.repository.listByCallUp;
    r.repository.listByCallUp = async () => {
      await held;
      return listByCallUp();
    };
    clock = 15_000;
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'none' });
    release();
    await vi.waitFor(() => expect(r.state.reads).toBe(2));
    await vi.waitFor(async () => expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'late' }));
    expect(r.state.reads).toBe(2);
  });

  it('when an answer is written while the call-up is being read, then the newer answer wins', async () => {
    const r = aRepository();
    r.write(anInvitation('c1', 'telegram:1'));
    r.state.duringRead = () => r.write({ ...anInvitation('c1', 'telegram:1'), answer: 'no' });
    const mirror = createInvitationMirror(r.repository, () => 1);
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'no' });
  });

  it('when other instances run, or ran for a while, then the database is read', async () => {
    const r = aRepository();
    r.write(anInvitation('c1', 'telegram:1'));
    let epoch: number | undefined;
    const mirror = createInvitationMirror(r.repository, () => epoch);
    await mirror.list('c1');
    await mirror.list('c1');
    expect(r.state.reads).toBe(2);
    epoch = 1;
    await mirror.list('c1');
    await mirror.list('c1');
    expect(r.state.reads).toBe(3);
    // Another instance came and went: what it wrote was not heard here.
    epoch = 2;
    r.stored.set('telegram:1', { ...anInvitation('c1', 'telegram:1'), answer: 'late' });
    expect(answersOf(await mirror.list('c1'))).toEqual({ 'telegram:1': 'late' });
  });
});
