/** One simulated person's phone in the SMS emulator: the texts it received, and the replies it sends back. */

export type SmsDirection = 'in' | 'out';

/** One SMS as the emulator saw it; `in` is a text the bot sent to the phone, `out` a reply the person sent. */
export interface SmsRecord {
  id: number;
  direction: SmsDirection;
  /** `+989XXXXXXXXX`. */
  phone: string;
  /** The bot's line number. */
  line: string;
  text: string;
  at: number;
  /** For texts sent to the phone: whether it reached it (a phone switched off never gets them). */
  delivered: boolean;
}

interface Waiter {
  from: number;
  predicate: (record: SmsRecord) => boolean;
  resolve: (record: SmsRecord) => void;
}

const DEFAULT_WAIT_MS = 5000;

export class SmsPhone {
  readonly number: string;
  /** Off: texts sent to it are accepted by the gateway but never delivered (the delivery status says failed). */
  switchedOff = false;
  readonly #records: SmsRecord[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #reply: (phone: SmsPhone, text: string) => Promise<void>;
  #mark = 0;

  constructor(number: string, reply: (phone: SmsPhone, text: string) => Promise<void>) {
    this.number = number;
    this.#reply = reply;
  }

  /** Every text of this conversation, oldest first. */
  messages(): SmsRecord[] {
    return this.#records.map((r) => ({ ...r }));
  }

  /** Texts the bot sent to this phone. */
  received(): SmsRecord[] {
    return this.messages().filter((r) => r.direction === 'in');
  }

  /** The person replies: the emulator posts the provider's receive callback to the bot; resolves once it answered. */
  async reply(text: string): Promise<void> {
    this.#mark = this.#records.length;
    await this.#reply(this, text);
  }

  /** The next text the bot sends to this phone after the last reply (or any, before one) that matches. */
  waitFor(predicate: (record: SmsRecord) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<SmsRecord> {
    const found = this.#records.slice(this.#mark).find((r) => r.direction === 'in' && predicate(r));
    if (found) return Promise.resolve({ ...found });
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { from: this.#mark, predicate, resolve };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no SMS to ${this.number} matched within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter.resolve = (record) => {
        clearTimeout(timer);
        resolve(record);
      };
      this.#waiters.add(waiter);
    });
  }

  /** Called by the emulator for every text of this conversation. */
  record(record: SmsRecord): void {
    this.#records.push(record);
    if (record.direction !== 'in') return;
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(record)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve({ ...record });
    }
  }
}
