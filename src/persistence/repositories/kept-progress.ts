/**
 * Campaign progress kept while this process is alone on the database. Reading it decodes every delivery, result and
 * claim of the campaign on FerretDB, seconds of its time while a wave goes out at a raised limit, and a board asks
 * every few seconds. Alone, this process makes every change itself, so what it read once plus what it wrote since is
 * what a new read would find: a delivery it stores joins as queued, a result it records sets that delivery's state (a
 * result is final and wins over everything else), and a cancel or a deletion drops what is kept. Hand-overs and
 * claims move a delivery only between queued and sending, which every reader counts together as still to go.
 */
import type { ExclusiveEpoch } from '../epoch-cache.ts';
import { DELIVERY_STATES, type DeliveryState } from '../models/delivery.model.ts';
import type { CampaignProgress, StateCounts } from './delivery.repository.ts';

/** One delivery of a campaign, as readers see its state. */
export interface ProgressRow {
  id: string;
  group?: string | undefined;
  state: DeliveryState;
}

export type ReadProgressRows = (campaignId: string) => Promise<ProgressRow[]>;

/** A delivery this process changed: stored (`state` absent: queued unless already known) or given a final state. */
type Change = { id: string; campaignId: string; group?: string | undefined; state?: DeliveryState };

export interface KeptProgress {
  read(campaignId: string): Promise<CampaignProgress>;
  /** Deliveries this process stored (new ones only), or recorded a final state for. */
  changed(changes: readonly Change[]): void;
  /** A campaign with nothing stored yet: kept from empty rather than read (while this process is alone). */
  adopt(campaignId: string): void;
  /** Something this process wrote may have changed these campaigns' progress otherwise (a cancel); all when none. */
  drop(campaignId?: string): void;
}

/** Campaigns kept at most (about 100 bytes a delivery): those whose boards are being watched. */
const KEPT_CAMPAIGNS = 10;

function emptyCounts(): StateCounts {
  return Object.fromEntries(DELIVERY_STATES.map((state) => [state, 0])) as StateCounts;
}

export function progressOf(campaignId: string, rows: Iterable<ProgressRow>): CampaignProgress {
  const progress: CampaignProgress = { campaignId, total: 0, counts: emptyCounts(), groups: {} };
  for (const { group, state } of rows) {
    progress.total += 1;
    progress.counts[state] += 1;
    if (group === undefined) continue;
    const inGroup = progress.groups[group] ?? { total: 0, counts: emptyCounts() };
    progress.groups[group] = inGroup;
    inGroup.total += 1;
    inGroup.counts[state] += 1;
  }
  return progress;
}

function apply(rows: Map<string, ProgressRow>, change: Change): void {
  const known = rows.get(change.id);
  if (change.state === undefined && known) return;
  rows.set(change.id, { id: change.id, group: change.group ?? known?.group, state: change.state ?? 'queued' });
}

export function createKeptProgress(
  readRows: ReadProgressRows,
  exclusiveEpoch: ExclusiveEpoch | undefined,
): KeptProgress {
  const epochNow = exclusiveEpoch ?? (() => undefined);
  const kept = new Map<string, { epoch: number; rows: Map<string, ProgressRow> }>();
  /** Reads under way that will be kept: the changes made meanwhile are applied to what they find. */
  const reading = new Map<string, { changes: Change[]; dropped: boolean }>();

  const readAndKeep = async (campaignId: string, epoch: number) => {
    const under = { changes: [] as Change[], dropped: false };
    reading.set(campaignId, under);
    let rows: Map<string, ProgressRow>;
    try {
      rows = new Map((await readRows(campaignId)).map((row) => [row.id, row]));
    } finally {
      reading.delete(campaignId);
    }
    // A change made during the read may be in what it found or not: applying it again gives the same either way.
    for (const change of under.changes) apply(rows, change);
    if (!under.dropped && epochNow() === epoch) {
      kept.set(campaignId, { epoch, rows });
      if (kept.size > KEPT_CAMPAIGNS) kept.delete(kept.keys().next().value as string);
    }
    return progressOf(campaignId, rows.values());
  };

  return {
    async read(campaignId) {
      const epoch = epochNow();
      const hit = kept.get(campaignId);
      kept.delete(campaignId);
      if (hit && hit.epoch === epoch) {
        kept.set(campaignId, hit);
        return progressOf(campaignId, hit.rows.values());
      }
      // Another read of this campaign is under way: this one is not kept (one record of the changes at a time).
      if (epoch === undefined || reading.has(campaignId)) return progressOf(campaignId, await readRows(campaignId));
      return readAndKeep(campaignId, epoch);
    },
    adopt(campaignId) {
      const epoch = epochNow();
      if (epoch === undefined || kept.has(campaignId) || reading.has(campaignId)) return;
      kept.set(campaignId, { epoch, rows: new Map() });
      if (kept.size > KEPT_CAMPAIGNS) kept.delete(kept.keys().next().value as string);
    },
    changed(changes) {
      for (const change of changes) {
        const hit = kept.get(change.campaignId);
        if (hit) apply(hit.rows, change);
        reading.get(change.campaignId)?.changes.push(change);
      }
    },
    drop(campaignId) {
      for (const [id, under] of reading) if (campaignId === undefined || id === campaignId) under.dropped = true;
      if (campaignId === undefined) kept.clear();
      else kept.delete(campaignId);
    },
  };
}
