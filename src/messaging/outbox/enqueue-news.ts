import type { Platform } from '../../domain/platform.ts';
import type { EnqueuedNews, SenderHeartbeat } from '../../persistence/repositories/delivery-sender.repository.ts';

/** A delivery stored here that may be sent now. */
export interface Enqueued {
  platform: Platform;
  id: string;
}

/**
 * Ids a heartbeat lists at most: a few seconds of answers' follow-ups. A bigger enqueue (a call-up's wave) is told by
 * its time alone, and the platform's sender scans the outbox for it.
 */
const LISTED_MOST = 100;
/** How long an enqueue stays listed: every sender reads the heartbeats within a second or two. */
const LISTED_FOR_MS = 5000;
/** Ids read from others' heartbeats are remembered this long, so one listed over several heartbeats is read once. */
const HEARD_FOR_MS = 30_000;

/**
 * What the instances tell each other in their heartbeats about the deliveries they store, so that each platform's
 * sender learns of them within a heartbeat without scanning the outbox (on FerretDB a scan reads the whole
 * collection: seconds in a wave, once per answer's follow-up).
 *
 * An instance lists the ids of its recent small enqueues, and `listedSince`: every enqueue after it is listed. A
 * sender that read its heartbeat at or after `listedSince` reads the listed ids it has not read yet, by `_id`; one
 * that missed an enqueue no longer listed (a wave, or a heartbeat of its own long late) scans, as it always did.
 */
export class EnqueueNews {
  #recent: { at: number; ids: Enqueued[] }[] = [];
  #listedSince = 0;
  #lastAt = 0;
  /** Each other instance's latest enqueue as read from its heartbeat. */
  readonly #seen = new Map<string, number>();
  /** Listed ids read already, with when (real-time epoch ms). */
  readonly #heard = new Map<string, number>();

  /** Deliveries were stored here: `due`, the ones that may go now, are listed unless `unlisted` were stored too. */
  note(due: readonly Enqueued[], unlisted: boolean): void {
    // Strictly later than the last, so a reader that saw the last one still sees this one as new.
    const at = Math.max(Date.now(), this.#lastAt + 1);
    this.#lastAt = at;
    if (unlisted || due.length > LISTED_MOST) {
      this.#recent = [];
      this.#listedSince = at;
      return;
    }
    this.#recent.push({ at, ids: [...due] });
  }

  /** What this instance's next heartbeat tells: its latest enqueue, and the ids of those listed. */
  news(now: number): EnqueuedNews | undefined {
    if (this.#lastAt === 0) return undefined;
    while (
      this.#recent.length > 0 &&
      (this.#recent[0]!.at <= now - LISTED_FOR_MS || this.#listedCount() > LISTED_MOST)
    ) {
      this.#listedSince = this.#recent.shift()!.at;
    }
    const ids: Partial<Record<Platform, string[]>> = {};
    for (const { platform, id } of this.#recent.flatMap((r) => r.ids)) ids[platform] = [...(ids[platform] ?? []), id];
    return { at: new Date(this.#lastAt), listedSince: new Date(this.#listedSince), ids };
  }

  /**
   * Reads the other instances' heartbeats: whether one stored deliveries that are not listed (scan the outbox), and
   * by platform the listed ids not read before.
   */
  read(others: readonly SenderHeartbeat[], now: number): { scan: boolean; ids: Map<Platform, string[]> } {
    for (const [id, at] of this.#heard) {
      if (at > now - HEARD_FOR_MS) break;
      this.#heard.delete(id);
    }
    let scan = false;
    const ids = new Map<Platform, string[]>();
    for (const heart of others) {
      const news = heart.enqueued;
      const seen = this.#seen.get(heart.owner) ?? 0;
      if (!news || news.at.getTime() <= seen) continue;
      this.#seen.set(heart.owner, news.at.getTime());
      if (news.listedSince.getTime() > seen) scan = true;
      for (const [platform, listed] of Object.entries(news.ids) as [Platform, string[]][]) {
        const fresh = listed.filter((id) => !this.#heard.has(id));
        for (const id of fresh) this.#heard.set(id, now);
        if (fresh.length > 0) ids.set(platform, [...(ids.get(platform) ?? []), ...fresh]);
      }
    }
    return { scan, ids };
  }

  #listedCount(): number {
    return this.#recent.reduce((sum, r) => sum + r.ids.length, 0);
  }
}
