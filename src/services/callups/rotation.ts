/**
 * When each volunteer was last invited, for the fair rotation of ranking.ts. Read from the invitations themselves
 * instead of stamped on each volunteer: on FerretDB every such stamp is an update that scans the collection, and a
 * wave makes thousands. Kept in memory, and before each wave brought up to date with what any instance invited since.
 */
import type { CallUpAnswerRepository } from '../../persistence/repositories/callup-answer.repository.ts';

/** Read again from a little before the last look: another instance may still be storing a wave it dated earlier. */
const OVERLAP_MS = 5 * 60_000;
/**
 * A sync this soon after the last one keeps what that one read: in a burst every top-up chooses again, each sync read
 * every invitation (a scan of the collection on FerretDB) and three instances did it several times a second. What
 * another instance invited in the last seconds changes who is asked first, never whether anyone is asked twice.
 */
export const SYNC_EVERY_MS = 15_000;

export interface InvitationRotation {
  /** Brings the record up to date with the invitations stored since the last call. */
  sync(): Promise<void>;
  lastInvitedAt(volunteerKey: string): Date | null;
  /** Notes a wave this process just stored, without waiting for the next sync. */
  noteInvited(volunteerKeys: readonly string[], at: Date): void;
}

export function createInvitationRotation(
  answers: Pick<CallUpAnswerRepository, 'invitedSince'>,
  now: () => Date,
): InvitationRotation {
  const last = new Map<string, Date>();
  let syncedAt: Date | null = null;
  let syncing: Promise<void> | undefined;
  const note = (volunteerKey: string, at: Date) => {
    const known = last.get(volunteerKey);
    if (!known || known < at) last.set(volunteerKey, at);
  };

  return {
    sync() {
      if (syncedAt && now().getTime() - syncedAt.getTime() < SYNC_EVERY_MS) return syncing ?? Promise.resolve();
      syncing ??= (async () => {
        const started = now();
        const since = syncedAt && new Date(syncedAt.getTime() - OVERLAP_MS);
        for (const { volunteerKey, invitedAt } of await answers.invitedSince(since)) note(volunteerKey, invitedAt);
        syncedAt = started;
      })().finally(() => {
        syncing = undefined;
      });
      return syncing;
    },
    lastInvitedAt: (volunteerKey) => last.get(volunteerKey) ?? null,
    noteInvited(volunteerKeys, at) {
      for (const key of volunteerKeys) note(key, at);
    },
  };
}
