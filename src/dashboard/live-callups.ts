/**
 * The change feed behind the open call-up pages. FerretDB has no change streams, so while a call-up has viewers
 * one watcher per call-up (and locale) re-reads it every `intervalMs` and sends the rows that changed to all of them:
 * fifty open pages cost one read, not fifty.
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
  full: boolean;
}

export type ChangeListener = (change: CallUpChange) => void;

export interface LiveCallUpSources {
  callUp(id: string): Promise<CallUp | undefined>;
  invitations(callUpId: string): Promise<Invitation[]>;
  people(keys: readonly string[]): Promise<Map<string, PersonFacts>>;
  tr(locale: Locale): Tr;
  now(): Date;
  logger: Logger;
}

export interface LiveCallUps {
  /** Calls `listener` with the whole call-up at once, then with each change; returns the unsubscribe. */
  subscribe(callUpId: string, locale: Locale, listener: ChangeListener): Promise<() => void>;
  stop(): void;
}

export function createLiveCallUps(sources: LiveCallUpSources, intervalMs = 400): LiveCallUps {
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
    stop() {
      for (const watcher of watchers.values()) watcher.stop();
      watchers.clear();
    },
  };
}

class Watcher {
  private readonly listeners = new Set<ChangeListener>();
  private readonly rows = new Map<string, { fingerprint: string; row: PersonRow }>();
  private readonly people = new Map<string, PersonFacts | undefined>();
  private last: Omit<CallUpChange, 'rows' | 'full'> | undefined;
  private lastSummary = '';
  private ready: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
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
    this.ready ??= this.tick().then(() => this.schedule());
    await this.ready;
    if (this.last) listener({ ...this.last, rows: [...this.rows.values()].map((r) => r.row), full: true });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return true;
      this.stop();
      return false;
    };
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.sources.logger.warn({ err: error }, 'dashboard: call-up re-read failed'))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }

  /** Reads the call-up again; tells the listeners what changed, if anything did. */
  private async tick(): Promise<void> {
    const { sources } = this;
    const callUp = await sources.callUp(this.callUpId);
    if (!callUp) return;
    const invitations = (await sources.invitations(this.callUpId)).filter((i) => !isWithdrawn(i));
    const changed = invitations.filter((i) => this.rows.get(i.volunteerKey)?.fingerprint !== rowFingerprint(i));
    await this.learnPeople(changed.map((i) => i.volunteerKey));
    const labels = { locale: this.locale, t: sources.tr(this.locale) };
    const rows = changed.map((i) => {
      const row = personRow(i, this.people.get(i.volunteerKey), labels);
      this.rows.set(i.volunteerKey, { fingerprint: rowFingerprint(i), row });
      return row;
    });
    const now = sources.now();
    this.last = {
      header: callUpHeader(callUp, this.locale, now),
      figures: callUpFigures(callUp, invitations, labels, now),
    };
    const summary = JSON.stringify(this.last);
    if (rows.length === 0 && summary === this.lastSummary) return;
    this.lastSummary = summary;
    for (const listener of this.listeners) listener({ ...this.last, rows, full: false });
  }

  private async learnPeople(keys: readonly string[]): Promise<void> {
    const unknown = keys.filter((key) => !this.people.has(key));
    if (unknown.length === 0) return;
    const found = await this.sources.people(unknown);
    for (const key of unknown) this.people.set(key, found.get(key));
  }
}
