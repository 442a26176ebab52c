// Simulated volunteers answering their call-up cards inside the sandbox process: each press is timed from the moment
// the update is queued to the bot's answerCallbackQuery for it, and a share of them change their answer afterwards.

import type { Sandbox, SimulatedUser } from 'bot-api-sandbox';
import type { Tr } from '../../src/i18n/index.ts';

export type CardAnswer = 'yes' | 'late' | 'no';

export interface PlannedAnswer {
  chatId: number;
  /** Milliseconds from the plan's start. */
  afterMs: number;
  answer: CardAnswer;
  /** Pressed after the first answer was acknowledged: 🔄, then this one. */
  changeTo?: CardAnswer;
}

export interface PressRecord {
  chatId: number;
  answer: CardAnswer | Reopen;
  pressedAt: number;
  ackAt?: number;
  /** The volunteer's last answer press. */
  final: boolean;
  error?: string;
}

/** What opens the three answers again: «🔄 تغییر پاسخ» on an answered card, «بازگشت» on the delay question. */
type Reopen = 'change' | 'back';
const LABEL_KEYS: Record<CardAnswer | Reopen, string> = {
  yes: 'callup:card.yes',
  late: 'callup:card.late',
  no: 'callup:card.no',
  change: 'callup:card.change',
  back: 'callup:card.back',
};
/** Generous: on a loaded machine an answer may take tens of seconds to be acknowledged and the card edited. */
const BUTTON_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CardPresser {
  readonly records: PressRecord[] = [];
  readonly #byQuery = new Map<string, PressRecord>();
  readonly #sandbox: Sandbox;
  readonly #t: Tr;
  readonly #token: string;

  constructor(sandbox: Sandbox, t: Tr, token: string) {
    this.#sandbox = sandbox;
    this.#t = t;
    this.#token = token;
    sandbox.on('alert', ({ token: of, alert }) => {
      const record = of === token ? this.#byQuery.get(alert.callbackQueryId) : undefined;
      if (record && record.ackAt === undefined) record.ackAt = alert.at;
    });
  }

  /** Runs the plan in the background; presses start `afterMs` from now. */
  run(plan: readonly PlannedAnswer[]): void {
    const start = Date.now();
    for (const item of plan) {
      setTimeout(() => void this.#answer(item), Math.max(0, start + item.afterMs - Date.now()));
    }
  }

  /** Presses as soon as each listed chat's card arrives, after a delay in [minMs, maxMs). */
  answerOnArrival(chatIds: readonly number[], pick: () => CardAnswer, minMs: number, maxMs: number): void {
    const waiting = new Set(chatIds);
    const yes = this.#t(LABEL_KEYS.yes);
    this.#sandbox.on('message', ({ token, chatId, message }) => {
      if (token !== this.#token || !waiting.has(chatId)) return;
      const keyboard = message.reply_markup;
      if (!keyboard || !('inline_keyboard' in keyboard)) return;
      if (!keyboard.inline_keyboard.flat().some((b) => b.text === yes)) return;
      waiting.delete(chatId);
      const delay = minMs + Math.random() * (maxMs - minMs);
      setTimeout(() => void this.#answer({ chatId, afterMs: 0, answer: pick() }), delay);
    });
  }

  async #answer(item: PlannedAnswer): Promise<void> {
    const user = this.#sandbox.user({ token: this.#token, userId: item.chatId, firstName: 'داوطلب' });
    const first = await this.#press(user, item.answer, item.changeTo === undefined);
    if (!item.changeTo || first.error) return;
    await this.#acked(first);
    // A "late" answer with a seat leaves the card asking for the delay, whose way back is «بازگشت»; on the waiting
    // list it shows the answer with «🔄 تغییر پاسخ», as the others do.
    const change = await this.#press(user, item.answer === 'late' ? ['back', 'change'] : ['change'], false);
    if (change.error) return;
    await this.#acked(change);
    await this.#press(user, item.changeTo, true);
  }

  /**
   * Presses the newest button with this label (or the first of these labels found), waiting for it to show (a card
   * edited after a change).
   */
  async #press(user: SimulatedUser, answers: CardAnswer | Reopen | Reopen[], final: boolean): Promise<PressRecord> {
    const choices = typeof answers === 'string' ? [answers] : answers;
    const deadline = Date.now() + BUTTON_WAIT_MS;
    for (let attempt = 0; ; attempt += 1) {
      const answer = choices[attempt % choices.length]!;
      try {
        const update = user.press(this.#t(LABEL_KEYS[answer]));
        const record: PressRecord = { chatId: user.chatId, answer, pressedAt: Date.now(), final };
        this.records.push(record);
        if (update.callback_query) this.#byQuery.set(update.callback_query.id, record);
        return record;
      } catch (error) {
        if (Date.now() > deadline) {
          const record: PressRecord = {
            chatId: user.chatId,
            answer,
            pressedAt: Date.now(),
            final,
            error: String(error),
          };
          this.records.push(record);
          return record;
        }
        if (attempt % choices.length === choices.length - 1) await sleep(200);
      }
    }
  }

  async #acked(record: PressRecord): Promise<void> {
    const deadline = Date.now() + BUTTON_WAIT_MS;
    while (record.ackAt === undefined && Date.now() < deadline) await sleep(100);
    // A person reads the answer before changing their mind.
    await sleep(500 + Math.random() * 1500);
  }
}
