import type { PlatformName, Sandbox, SandboxMessage } from 'bot-api-sandbox';
import { type CardButtonPicker, pickCardButton } from './card-answers.ts';
import type { ChatDirectory } from './chat-directory.ts';
import { simulatedVolunteer, volunteerLabels } from './simulated-volunteers.ts';
import type { VolunteerSeeder } from './volunteer-seeder.ts';
import { WebChatError } from './web-chat-error.ts';

/** How the simulated crowd answers: rates are 0–1, delays in milliseconds after the card arrives. */
export interface DrillSettings {
  answerRate: number;
  acceptRate: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export interface DrillStatus {
  /** The platform the crowd is on, once filled. */
  platform: PlatformName | null;
  volunteers: number;
  /** The crowd was registered through the app (else they are chats only, unknown to call-up matching). */
  registered: boolean;
  filling: { done: number; total: number } | null;
  answering: boolean;
  settings: DrillSettings;
  /** Cards the crowd received, answers pressed, and presses that found the card changed or gone. */
  cards: number;
  answered: number;
  accepted: number;
  declined: number;
  missed: number;
  /** Why the last fill failed, for the page. */
  error: string | null;
  /** Grows with every change: the page keeps the newest of an event and an answer that crossed on the way. */
  revision: number;
}

export interface DrillOptions {
  sandbox: Sandbox;
  directory: ChatDirectory;
  seed?: VolunteerSeeder | undefined;
  pickButton?: CardButtonPicker;
  /** Which cards belong to a drill: the crowd answers only those, never a real call-up (default: every card). */
  isDrill?: (message: SandboxMessage) => boolean;
  random?: () => number;
  /** Ids of the crowd start here, far from the demo cast and people made on the page. */
  firstUserId?: number;
  maxVolunteers?: number;
  onChange: (status: DrillStatus) => void;
}

export const DEFAULT_DRILL_SETTINGS: DrillSettings = {
  answerRate: 0.7,
  acceptRate: 0.6,
  minDelayMs: 1_000,
  maxDelayMs: 15_000,
};

/** Volunteers past the demo cast are drawn at random from weighted pools (see simulated-volunteers.ts). */
const CROWD_INDEX_OFFSET = 100;
const BATCH = 50;
/**
 * A volunteer answers the same card (the same text) at most this many times, so a bot that answers a press with the
 * card again cannot loop forever; every new card, such as the next call-up, is answered afresh.
 */
const ANSWERS_PER_CARD = 3;
const NOTIFY_EVERY_MS = 250;

/**
 * A rehearsal: fills the database with a crowd of simulated volunteers and lets them answer the cards they receive,
 * at a chosen rate and delay, so a coordinator can watch a call-up fill up without messaging real people.
 */
export class Drill {
  readonly #options: DrillOptions;
  readonly #pick: CardButtonPicker;
  readonly #isDrill: (message: SandboxMessage) => boolean;
  readonly #random: () => number;
  readonly #firstUserId: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #answeredMessages = new Set<string>();
  /** Answers per volunteer and card text. */
  readonly #answersByCard = new Map<string, number>();
  readonly #off: () => void;
  #status: DrillStatus;
  #notifyTimer: NodeJS.Timeout | undefined;

  constructor(options: DrillOptions) {
    this.#options = options;
    this.#pick = options.pickButton ?? pickCardButton;
    this.#isDrill = options.isDrill ?? (() => true);
    this.#random = options.random ?? Math.random;
    this.#firstUserId = options.firstUserId ?? 9_000_001;
    this.#status = {
      platform: null,
      volunteers: 0,
      registered: options.seed !== undefined,
      filling: null,
      answering: false,
      settings: { ...DEFAULT_DRILL_SETTINGS },
      cards: 0,
      answered: 0,
      accepted: 0,
      declined: 0,
      missed: 0,
      error: null,
      revision: 0,
    };
    this.#off = options.sandbox.on('message', (event) => this.#onMessage(event.token, event.chatId, event.message));
  }

  status(): DrillStatus {
    return structuredClone(this.#status);
  }

  /**
   * Brings the crowd to `count` volunteers on one platform (those already there stay). Refusals throw at once; the
   * returned promise settles when the crowd is in the database.
   */
  fill(platform: PlatformName, count: number): Promise<DrillStatus> {
    const max = this.#options.maxVolunteers ?? 5_000;
    if (!Number.isInteger(count) || count < 1 || count > max) throw new WebChatError(400, 'drill_count');
    if (this.#status.filling) throw new WebChatError(409, 'drill_busy');
    if (this.#status.platform && this.#status.platform !== platform) throw new WebChatError(409, 'drill_platform');
    this.#options.directory.bot(platform);
    const from = this.#status.volunteers;
    this.#status = { ...this.#status, platform, filling: { done: from, total: Math.max(from, count) }, error: null };
    this.#notify(true);
    return this.#fill(platform, from, count);
  }

  async #fill(platform: PlatformName, from: number, count: number): Promise<DrillStatus> {
    const { directory, seed } = this.#options;
    try {
      for (let start = from; start < count; start += BATCH) {
        const batch = [];
        for (let i = start; i < Math.min(count, start + BATCH); i++) {
          batch.push(simulatedVolunteer(CROWD_INDEX_OFFSET + i, this.#firstUserId + i));
        }
        await seed?.({ platform, volunteers: batch });
        for (const volunteer of batch) {
          directory.add({
            bot: platform,
            userId: volunteer.userId,
            firstName: volunteer.firstName,
            lastName: volunteer.lastName,
            role: 'volunteer',
            labels: volunteerLabels(volunteer),
            registered: seed !== undefined,
            drill: true,
            started: true,
          });
        }
        this.#status.volunteers = start + batch.length;
        this.#status.filling = { done: this.#status.volunteers, total: count };
        this.#notify();
      }
    } catch (error) {
      this.#status.error = error instanceof Error ? error.message : String(error);
      throw new WebChatError(500, 'drill_seed_failed', this.#status.error);
    } finally {
      this.#status.filling = null;
      this.#notify(true);
    }
    return this.status();
  }

  /** Turns the crowd's answering on or off and changes how it answers. */
  configure(answering: boolean, settings: Partial<DrillSettings> = {}): DrillStatus {
    const next = { ...this.#status.settings, ...settings };
    const rate = (value: number) => Number.isFinite(value) && value >= 0 && value <= 1;
    const delay = (value: number) => Number.isFinite(value) && value >= 0 && value <= 600_000;
    if (!rate(next.answerRate) || !rate(next.acceptRate)) throw new WebChatError(400, 'drill_rate');
    if (!delay(next.minDelayMs) || !delay(next.maxDelayMs) || next.minDelayMs > next.maxDelayMs)
      throw new WebChatError(400, 'drill_delay');
    this.#status.settings = next;
    this.#status.answering = answering;
    if (!answering) this.#clearTimers();
    this.#notify(true);
    return this.status();
  }

  stop(): void {
    this.#off();
    this.#clearTimers();
    clearTimeout(this.#notifyTimer);
  }

  #onMessage(token: string, chatId: number, message: SandboxMessage): void {
    const platform = this.#status.platform;
    if (!platform || this.#options.directory.bot(platform).token !== token) return;
    if (!this.#options.directory.isDrill(platform, chatId)) return;
    // Simulated people must never fill a real call-up: they answer rehearsals only.
    if (!this.#isDrill(message)) return;
    const card = this.#pick(message, 'accept') ?? this.#pick(message, 'decline');
    if (!card) return;
    this.#status.cards += 1;
    this.#notify();
    const key = `${chatId}:${message.message_id}`;
    const cardKey = `${chatId}:${message.text ?? message.caption ?? ''}`;
    const answers = this.#answersByCard.get(cardKey) ?? 0;
    if (!this.#status.answering || this.#answeredMessages.has(key) || answers >= ANSWERS_PER_CARD) return;
    const { answerRate, acceptRate, minDelayMs, maxDelayMs } = this.#status.settings;
    if (this.#random() >= answerRate) return;
    this.#answeredMessages.add(key);
    this.#answersByCard.set(cardKey, answers + 1);
    const answer = this.#random() < acceptRate ? 'accept' : 'decline';
    const delay = minDelayMs + this.#random() * (maxDelayMs - minDelayMs);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#answer(platform, chatId, message, answer);
    }, delay);
    this.#timers.add(timer);
  }

  #answer(platform: PlatformName, chatId: number, message: SandboxMessage, answer: 'accept' | 'decline'): void {
    const button = this.#pick(message, answer);
    try {
      if (!button) throw new Error('no button for this answer');
      this.#options.directory
        .user(platform, chatId)
        .press((b) => b.callback_data === button.callback_data && b.text === button.text, message.message_id);
      this.#status.answered += 1;
      this.#status[answer === 'accept' ? 'accepted' : 'declined'] += 1;
    } catch {
      // The card was edited or deleted before this volunteer got to it, as happens when a call-up fills.
      this.#status.missed += 1;
    }
    this.#notify();
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Coalesces bursts (500 cards at once) into a few updates a second. */
  #notify(now = false): void {
    this.#status.revision += 1;
    if (now) {
      clearTimeout(this.#notifyTimer);
      this.#notifyTimer = undefined;
      this.#options.onChange(this.status());
      return;
    }
    this.#notifyTimer ??= setTimeout(() => {
      this.#notifyTimer = undefined;
      this.#options.onChange(this.status());
    }, NOTIFY_EVERY_MS);
  }
}
