/**
 * The change feed behind the open call-up pages. FerretDB has no change streams, so while a call-up has viewers
 * one watcher per call-up (and locale) sends the rows that changed to all of them every `intervalMs`: fifty open
 * pages cost one watcher, not fifty. It hears of this process's invitation writes as they are stored (`watch`), and
 * reads the call-up whole every `FULL_READ_MS` (for writes made elsewhere, such as a card withdrawn). While other
 * instances run, it also reads the invitations answered in the last `ANSWER_MARGIN_MS` on every tick: a batch of
 * answers is written a moment after the answer times it carries, and on a busy machine more than a moment: an
 * answer found older than that look back widens it for the next reads. Alone on the database it reads nothing more:
 * each such read decodes the whole collection on FerretDB, four times a second while thousands answer.
 */
import type { CallUp } from '../domain/callups/callup.ts';
import { type Invitation, isWithdrawn } from '../domain/callups/invitation.ts';
import type { Locale } from '../domain/locale.ts';
import type { Tr } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { PersonFacts } from '../persistence/repositories/dashboard-read.repository.ts';
import {
  type CallUpFigures,
  type CallUpHeader,
  callUpFigures,
  callUpHeader,
  type PersonRow,
  personRow,
  rowFingerprint,
} from './callup-rows.ts';

export interface CallUpChange {
  header: CallUpHeader;
  figures: CallUpFigures;
  /** Every row when `full`, else the rows that changed since the last change. */
  rows: PersonRow[];
  /** Rows to take away: cards withdrawn before they went out (those people were never asked). */
  removed: string[];
  full: boolean;
}

export type ChangeListener = (change: CallUpChange) => void;

const FULL_READ_MS = 15_000;
const ANSWER_MARGIN_MS = 5_000;
/** The longest look back: a later change (a seat given from the waiting list) is not a slow write. */
const MAX_MARGIN_MS = 60_000;

export interface LiveCallUpSources {
  callUp(id: string): Promise<CallUp | undefined>;
  invitations(callUpId: string): Promise<Invitation[]>;
  answeredSince(callUpId: string, since: Date): Promise<Invitation[]>;
  /** This process's writes of the call-up's invitations, as they are stored; returns the unsubscribe. */
  watch(callUpId: string, listener: (invitations: readonly Invitation[]) => void): () => void;
  /** Whether this process is the only instance on the database: then `watch` hears of every write. */
  alone(): boolean;
  people(keys: readonly string[]): Promise<Map<string, PersonFacts>>;
  tr(locale: Locale): Tr;
  now(): Date;
  logger: Logger;
}

export interface LiveCallUps {
  /** Calls `listener` with the whole call-up at once, then with each change; returns the unsubscribe. */
  subscribe(callUpId: string, locale: Locale, listener: ChangeListener): Promise<() => void>;
  /** Stops every watcher, once a read under way has finished (the database closes next). */
  stop(): Promise<void>;
}

export function createLiveCallUps(sources: LiveCallUpSources, intervalMs = 250): LiveCallUps {
  const watchers = new Map<string, Watcher>();
  return {
    async subscribe(callUpId, locale, listener) {
      const key = `${callUpId}:${locale}`;
      let watcher = watchers.get(key);
      if (!watcher) {
        watcher = new Watcher(callUpId, locale, sources, intervalMs);
        watchers.set(key, watcher);
      }
      const unsubscribe = await watcher.add(listener);
      return () => {
        if (unsubscribe()) return;
        watchers.delete(key);
      };
    },
    async stop() {
      const stopping = [...watchers.values()].map((watcher) => watcher.stop());
      watchers.clear();
      await Promise.all(stopping);
    },
  };
}

class Watcher {
  private readonly listeners = new Set<ChangeListener>();
  private readonly rows = new Map<string, { fingerprint: string; row: PersonRow }>();
  /** Every invitation as last read, by volunteer key: the figures are counted over all of them. */
  private readonly invitations = new Map<string, Invitation>();
  private lastFullRead = 0;
  /** How far back a read between full reads looks for answers; grows to the slowest answer write seen. */
  private marginMs = ANSWER_MARGIN_MS;
  private readonly people = new Map<string, PersonFacts | undefined>();
  private last: Omit<CallUpChange, 'rows' | 'removed' | 'full'> | undefined;
  private lastSummary = '';
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The read under way, if any. */
  private reading: Promise<void> = Promise.resolve();
  /** Invitations this process wrote since the last tick, by volunteer key. */
  private readonly written = new Map<string, Invitation>();
  private unwatch: (() => void) | undefined;
  private stopped = false;

  private readonly callUpId: string;
  private readonly locale: Locale;
  private readonly sources: LiveCallUpSources;
  private readonly intervalMs: number;

  constructor(callUpId: string, locale: Locale, sources: LiveCallUpSources, intervalMs: number) {
    this.callUpId = callUpId;
    this.locale = locale;
    this.sources = sources;
    this.intervalMs = intervalMs;
  }

  /** Adds a listener and sends it everything; the returned function removes it and says whether others remain. */
  async add(listener: ChangeListener): Promise<() => boolean> {
    if (!this.ready) {
      this.unwatch = this.sources.watch(this.callUpId, (invitations) => {
        for (const i of invitations) this.written.set(i.volunteerKey, i);
      });
      this.ready = this.tick().then(() => this.schedule());
      this.reading = this.ready;
    }
    await this.ready;
    if (this.last) listener({ ...this.last, rows: [...this.rows.values()].map((r) => r.row), removed: [], full: true });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return true;
      void this.stop();
      return false;
    };
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    clearTimeout(this.timer);
    return this.reading;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.reading = this.tick()
        .catch((error: unknown) => this.sources.logger.warn({ err: error }, 'dashboard: call-up re-read failed'))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }

  /** Reads the call-up again; tells the listeners what changed, if anything did. */
  private async tick(): Promise<void> {
    const { sources } = this;
    // Both at once: on a busy database the wait for each read is most of a tick.
    const [callUp, changed] = await Promise.all([sources.callUp(this.callUpId), this.readInvitations()]);
    if (!callUp) return;
    await this.learnPeople(changed.map((i) => i.volunteerKey));
    const labels = { locale: this.locale, t: sources.tr(this.locale) };
    const removed: string[] = [];
    const rows = changed.flatMap((i) => {
      if (isWithdrawn(i)) {
        const gone = this.rows.get(i.volunteerKey);
        if (gone) removed.push(gone.row.id);
        this.rows.delete(i.volunteerKey);
        return [];
      }
      const row = personRow(i, this.people.get(i.volunteerKey), labels);
      this.rows.set(i.volunteerKey, { fingerprint: rowFingerprint(i), row });
      return [row];
    });
    const now = sources.now();
    const asked = [...this.invitations.values()].filter((i) => !isWithdrawn(i));
    this.last = { header: callUpHeader(callUp, this.locale, now), figures: callUpFigures(callUp, asked, labels, now) };
    const summary = JSON.stringify(this.last);
    if (rows.length === 0 && removed.length === 0 && summary === this.lastSummary) return;
    this.lastSummary = summary;
    for (const listener of this.listeners) listener({ ...this.last, rows, removed, full: false });
  }

  /**
   * What this process wrote since the last tick, then all invitations now and then, else (unless alone) the recently
   * answered; returns those that changed since the last tick.
   */
  private async readInvitations(): Promise<Invitation[]> {
    const { sources } = this;
    const now = sources.now().getTime();
    // Taken before the read, so the read (begun after these writes) is applied after them.
    const written = [...this.written.values()];
    this.written.clear();
    const full = now - this.lastFullRead >= FULL_READ_MS;
    let read: Invitation[] = [];
    if (full) read = await sources.invitations(this.callUpId);
    else if (!sources.alone()) read = await sources.answeredSince(this.callUpId, new Date(now - this.marginMs));
    if (full) this.lastFullRead = now;
    const changed = new Map<string, Invitation>();
    const apply = (invitation: Invitation, wasRead: boolean) => {
      const before = this.invitations.get(invitation.volunteerKey);
      this.invitations.set(invitation.volunteerKey, invitation);
      if (before && rowFingerprint(before) === rowFingerprint(invitation)) return;
      changed.set(invitation.volunteerKey, invitation);
      if (before && wasRead) this.widenMargin(now - (invitation.answeredAt?.getTime() ?? now));
    };
    for (const invitation of written) apply(invitation, false);
    for (const invitation of read) apply(invitation, true);
    return [...changed.values()];
  }

  /** An answer first seen `ageMs` after its time was written at least that late: look back past it next time. */
  private widenMargin(ageMs: number): void {
    if (ageMs > MAX_MARGIN_MS) return;
    this.marginMs = Math.min(MAX_MARGIN_MS, Math.max(this.marginMs, ageMs + ANSWER_MARGIN_MS));
  }

  private async learnPeople(keys: readonly string[]): Promise<void> {
    const unknown = keys.filter((key) => !this.people.has(key));
    if (unknown.length === 0) return;
    const found = await this.sources.people(unknown);
    for (const key of unknown) this.people.set(key, found.get(key));
  }
}
