/**
 * A call-up's invitations kept in memory while it is followed: its board refreshes every few seconds and its top-ups
 * follow every burst of "can't", each a read of every invitation (a full scan of the collection on FerretDB, most of
 * a second at 5,000) while thousands answer. While this process is alone on the database every invitation is written
 * through the one repository, which tells the mirror (`watch`); it is read whole again every `fullReadMs` anyway, behind
 * the callers (who get what is kept meanwhile: a read under the call-up's lock held every answer back for a second),
 * as a safety net (a merge of two people or an erasure starts a new epoch, which reads at once). With other instances
 * running it reads every time. A decision about one person (a seat from the waiting list) reads that person's
 * invitation again by `_id`.
 */
import type { Invitation } from '../domain/callups/invitation.ts';
import type { ExclusiveEpoch } from './epoch-cache.ts';
import type { CallUpAnswerRepository } from './repositories/callup-answer.repository.ts';

export interface InvitationMirror {
  list(callUpId: string): Promise<Invitation[]>;
  /**
   * A call-up stored here just now, before its first invitation: kept from empty while this process is alone, so its
   * first board does not read the invitations its first wave is writing meanwhile (a second of FerretDB at 2,500).
   */
  adopt(callUpId: string): void;
}

interface Mirrored {
  invitations: Map<string, Invitation>;
  epoch: number;
  readAt: number;
  usedAt: number;
  unwatch: () => void;
}

export interface InvitationMirrorOptions {
  fullReadMs?: number;
  /** A call-up not listed for this long is let go. */
  idleMs?: number;
  clock?: () => number;
}

export function createInvitationMirror(
  invitations: Pick<CallUpAnswerRepository, 'listByCallUp' | 'watch'>,
  exclusiveEpoch: ExclusiveEpoch | undefined,
  { fullReadMs = 15_000, idleMs = 60_000, clock = () => performance.now() }: InvitationMirrorOptions = {},
): InvitationMirror {
  const mirrored = new Map<string, Mirrored>();
  const forget = (callUpId: string) => {
    mirrored.get(callUpId)?.unwatch();
    mirrored.delete(callUpId);
  };

  /** Reads the call-up whole, listening from before the read: what is written meanwhile is newer and goes on top. */
  const readWhole = async (callUpId: string, epoch: number): Promise<Invitation[]> => {
    const readAt = clock();
    const entry: Mirrored = { invitations: new Map(), epoch, readAt, usedAt: readAt, unwatch: () => {} };
    let heard: Invitation[] | undefined = [];
    entry.unwatch = invitations.watch(callUpId, (written) => {
      if (heard) heard.push(...written);
      else for (const invitation of written) entry.invitations.set(invitation.volunteerKey, invitation);
    });
    try {
      for (const invitation of await invitations.listByCallUp(callUpId))
        entry.invitations.set(invitation.volunteerKey, invitation);
    } catch (error) {
      entry.unwatch();
      throw error;
    }
    for (const invitation of heard) entry.invitations.set(invitation.volunteerKey, invitation);
    heard = undefined;
    // The entry read before this one went on listening meanwhile: let go only now that this one takes over.
    forget(callUpId);
    mirrored.set(callUpId, entry);
    return [...entry.invitations.values()];
  };
  /** One whole read at a time per call-up: the board and a top-up asking at once share it. */
  const reading = new Map<string, Promise<Invitation[]>>();
  const readOnce = (callUpId: string, epoch: number) => {
    let read = reading.get(callUpId);
    if (!read) {
      read = readWhole(callUpId, epoch).finally(() => reading.delete(callUpId));
      reading.set(callUpId, read);
    }
    return read;
  };

  return {
    adopt(callUpId) {
      const epoch = exclusiveEpoch?.();
      if (epoch === undefined || mirrored.has(callUpId)) return;
      const now = clock();
      const entry: Mirrored = { invitations: new Map(), epoch, readAt: now, usedAt: now, unwatch: () => {} };
      entry.unwatch = invitations.watch(callUpId, (written) => {
        for (const invitation of written) entry.invitations.set(invitation.volunteerKey, invitation);
      });
      mirrored.set(callUpId, entry);
    },

    async list(callUpId) {
      const now = clock();
      for (const [id, entry] of mirrored) if (now - entry.usedAt >= idleMs) forget(id);
      const epoch = exclusiveEpoch?.();
      if (epoch === undefined) {
        forget(callUpId);
        return invitations.listByCallUp(callUpId);
      }
      const entry = mirrored.get(callUpId);
      if (!entry || entry.epoch !== epoch) return readOnce(callUpId, epoch);
      entry.usedAt = now;
      // A failed read behind is tried again at the next look.
      if (now - entry.readAt >= fullReadMs) readOnce(callUpId, epoch).catch(() => {});
      return [...entry.invitations.values()];
    },
  };
}
