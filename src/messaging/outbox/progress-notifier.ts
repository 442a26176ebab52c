import type { Logger } from '../../logger.ts';
import type { CampaignProgress } from '../../persistence/repositories/delivery.repository.ts';

export type ProgressListener = (progress: CampaignProgress) => void | Promise<void>;

interface CampaignState {
  lastAt: number;
  dirty: boolean;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
}

/**
 * Tells listeners how a campaign is going at most once per interval (a coordinator's status message may only be
 * edited every few seconds), and always once more after the last change.
 */
export class ProgressNotifier {
  readonly #load: (campaignId: string) => Promise<CampaignProgress>;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  readonly #everyCampaign: ProgressListener | undefined;
  readonly #listeners = new Map<string, Set<ProgressListener>>();
  readonly #campaigns = new Map<string, CampaignState>();

  constructor(options: {
    load: (campaignId: string) => Promise<CampaignProgress>;
    intervalMs: number;
    logger: Logger;
    everyCampaign?: ProgressListener | undefined;
  }) {
    this.#load = options.load;
    this.#intervalMs = options.intervalMs;
    this.#logger = options.logger;
    this.#everyCampaign = options.everyCampaign;
  }

  subscribe(campaignId: string, listener: ProgressListener): () => void {
    let set = this.#listeners.get(campaignId);
    if (!set) {
      set = new Set();
      this.#listeners.set(campaignId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(campaignId);
    };
  }

  /** Something changed in the campaign. */
  touch(campaignId: string): void {
    if (!this.#everyCampaign && !this.#listeners.has(campaignId)) return;
    let state = this.#campaigns.get(campaignId);
    if (!state) {
      state = { lastAt: Number.NEGATIVE_INFINITY, dirty: false, timer: undefined, running: undefined };
      this.#campaigns.set(campaignId, state);
    }
    state.dirty = true;
    if (state.timer || state.running) return;
    const waitMs = Math.max(0, state.lastAt + this.#intervalMs - performance.now());
    state.timer = setTimeout(() => this.#emit(campaignId), waitMs);
  }

  /** Reports every pending change now, ignoring the interval (at the end of a drain or at stop). */
  async flush(): Promise<void> {
    for (const [campaignId, state] of this.#campaigns) {
      if (state.timer) {
        clearTimeout(state.timer);
        this.#emit(campaignId);
      }
    }
    await Promise.all([...this.#campaigns.values()].map((state) => state.running));
  }

  /** Keeps the last report time of recent campaigns only (it is all that is needed to throttle them). */
  #forgetQuietCampaigns(): void {
    if (this.#campaigns.size < 1000) return;
    const quietSince = performance.now() - this.#intervalMs;
    for (const [campaignId, state] of this.#campaigns) {
      if (!state.timer && !state.running && state.lastAt < quietSince) this.#campaigns.delete(campaignId);
    }
  }

  #emit(campaignId: string): void {
    const state = this.#campaigns.get(campaignId);
    if (!state) return;
    state.timer = undefined;
    state.dirty = false;
    state.running = this.#load(campaignId)
      .then(async (progress) => {
        // Timed from the report, not the read: a slow read then a quick one must not bring two edits closer.
        state.lastAt = performance.now();
        const listeners = [this.#everyCampaign, ...(this.#listeners.get(campaignId) ?? [])];
        await Promise.all(
          listeners.map(async (listener) => {
            try {
              await listener?.(progress);
            } catch (error) {
              this.#logger.warn({ err: error, campaignId }, 'a progress listener failed');
            }
          }),
        );
      })
      .catch((error: unknown) => this.#logger.warn({ err: error, campaignId }, 'could not read campaign progress'))
      .finally(() => {
        state.running = undefined;
        if (state.dirty) this.touch(campaignId);
        else this.#forgetQuietCampaigns();
      });
  }
}
