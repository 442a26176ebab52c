/**
 * A campaign's progress, kept while it is settled. Reading it decodes every delivery of the campaign (FerretDB pushes
 * no filter but `_id` down: about a second for a call-up's 5,000 cards), and a coordinator's board reads it on every
 * refresh while thousands answer. A campaign with nothing queued or sending changes only when more is enqueued or
 * some is cancelled: here that forgets it at once; another instance's enqueue shows within `keepMs`.
 */
import type { CampaignProgress, CancelScope } from '../../persistence/repositories/delivery.repository.ts';

export interface SettledProgress {
  read(campaignId: string): Promise<CampaignProgress>;
  /** Something was enqueued into or cancelled in the campaign here. */
  changed(campaignId: string): void;
  /**
   * Whether the kept progress shows nothing queued or sending in `scope`: then a cancellation of it stops nothing
   * counted, and the progress stays kept (a specialty that fills again after a drop-out cancels its long-sent cards).
   */
  settledIn(scope: CancelScope): boolean;
}

export function createSettledProgress(
  read: (campaignId: string) => Promise<CampaignProgress>,
  keepMs: number,
  clock: () => number = () => performance.now(),
): SettledProgress {
  const kept = new Map<string, { progress: CampaignProgress; at: number }>();
  /** Bumped by each change, so a read that overlapped one is not kept. */
  const changes = new Map<string, number>();
  /**
   * The read under way per campaign, shared by whoever asks meanwhile: when the kept progress ran out while a
   * specialty filled, each fill and the board started a read of their own, seven at once, each decoding the campaign.
   */
  const reading = new Map<string, Promise<CampaignProgress>>();

  const readAndKeep = async (campaignId: string): Promise<CampaignProgress> => {
    const startedAt = clock();
    const version = changes.get(campaignId);
    const progress = await read(campaignId);
    const { queued, sending } = progress.counts;
    // An empty campaign may be about to be filled by another writer: only one that has gone out is kept.
    const settled = progress.total > 0 && queued + sending === 0;
    if (settled && changes.get(campaignId) === version) kept.set(campaignId, { progress, at: startedAt });
    for (const [id, entry] of kept) if (clock() - entry.at >= keepMs) kept.delete(id);
    return progress;
  };

  return {
    read(campaignId) {
      const hit = kept.get(campaignId);
      if (hit && clock() - hit.at < keepMs) return Promise.resolve(hit.progress);
      kept.delete(campaignId);
      let under = reading.get(campaignId);
      if (!under) {
        under = readAndKeep(campaignId).finally(() => {
          if (reading.get(campaignId) === under) reading.delete(campaignId);
        });
        reading.set(campaignId, under);
      }
      return under;
    },
    settledIn({ campaignId, group }) {
      const hit = kept.get(campaignId);
      if (!hit || clock() - hit.at >= keepMs) return false;
      const counts = group === undefined ? hit.progress.counts : hit.progress.groups[group]?.counts;
      return counts === undefined || counts.queued + counts.sending === 0;
    },
    changed(campaignId) {
      kept.delete(campaignId);
      // Who asks from now on sees the change: a read begun before it is not shared with them.
      reading.delete(campaignId);
      changes.set(campaignId, (changes.get(campaignId) ?? 0) + 1);
    },
  };
}
