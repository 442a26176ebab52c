import { ApiError, describeStatus, tooManyRequests } from './api/api-error.ts';

export interface FaultSpec {
  /** Bot API method name (case-insensitive), or '*' for any method. */
  method: string;
  status: number;
  description?: string;
  retryAfter?: number;
  /** How many calls fail (default 1). */
  count?: number;
  /** Only this bot's calls; all bots when omitted. */
  token?: string;
}

export interface StormOptions {
  /** retry_after of every 429 during the storm (default 1); Bale omits it unless `baleRetryAfter`. */
  retryAfter?: number;
  token?: string;
  /** Methods hit by the storm (default: every method that sends, edits, deletes or answers). */
  methods?: readonly string[];
}

/** A call held back by a test: it reaches the bot's handler only once released, as a slow network would make it. */
export interface HeldCall {
  /** Resolves when the call has arrived and is being held. */
  arrived: Promise<void>;
  release(): void;
}

/** Which call to hold: a method, of one bot and one chat if given. */
export interface HoldSpec {
  method: string;
  token?: string;
  chatId?: number;
}

interface PendingHold {
  method: string;
  token: string | undefined;
  chatId: number | undefined;
  arrive: () => void;
  released: Promise<void>;
}

interface PendingFault {
  method: string;
  error: () => ApiError;
  remaining: number;
  token: string | undefined;
}

const STORM_METHODS = [
  'sendmessage',
  'senddocument',
  'sendphoto',
  'sendlocation',
  'sendchataction',
  'editmessagetext',
  'editmessagecaption',
  'editmessagereplymarkup',
  'deletemessage',
  'answercallbackquery',
];

/** Failures a test asks for: the next N calls of a method, or a 429 storm until switched off. */
export class FaultInjector {
  readonly #pending: PendingFault[] = [];
  readonly #holds: PendingHold[] = [];
  #storm: { retryAfter: number; token: string | undefined; methods: Set<string> } | undefined;
  readonly #downProfiles = new Set<string>();

  /** A whole platform down (every call of its bots answers 502) or up again. */
  setDown(profile: string, down: boolean): void {
    if (down) this.#downProfiles.add(profile);
    else this.#downProfiles.delete(profile);
  }

  isDown(profile: string): boolean {
    return this.#downProfiles.has(profile);
  }

  failNext(spec: FaultSpec): void {
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new RangeError('failNext status must be an HTTP error status (400-599)');
    }
    const description = spec.description ?? describeStatus(spec.status);
    const { retryAfter } = spec;
    const error =
      spec.status === 429 && spec.description === undefined
        ? () => tooManyRequests(retryAfter)
        : () =>
            new ApiError(spec.status, description, retryAfter === undefined ? undefined : { retry_after: retryAfter });
    this.#pending.push({ method: spec.method.toLowerCase(), error, remaining: spec.count ?? 1, token: spec.token });
  }

  /** Holds the next call that matches `spec` until `release()`. */
  holdNext(spec: HoldSpec): HeldCall {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#holds.push({ method: spec.method.toLowerCase(), token: spec.token, chatId: spec.chatId, arrive, released });
    return { arrived, release };
  }

  /** Waits while a test holds this call; at once for every call nobody asked to hold. */
  async hold(token: string, method: string, chatId: unknown): Promise<void> {
    const name = method.toLowerCase();
    const index = this.#holds.findIndex(
      (h) =>
        h.method === name &&
        (h.token === undefined || h.token === token) &&
        (h.chatId === undefined || String(h.chatId) === String(chatId)),
    );
    const held = this.#holds[index];
    if (!held) return;
    this.#holds.splice(index, 1);
    held.arrive();
    await held.released;
  }

  startStorm(options: StormOptions = {}): void {
    const methods = new Set((options.methods ?? STORM_METHODS).map((m) => m.toLowerCase()));
    this.#storm = { retryAfter: options.retryAfter ?? 1, token: options.token, methods };
  }

  stopStorm(): void {
    this.#storm = undefined;
  }

  /** The injected failure for this call, if any; `withRetryAfter` false drops retry_after from storm 429s. */
  take(token: string, method: string, withRetryAfter: boolean, bareDescription: string): ApiError | undefined {
    const name = method.toLowerCase();
    const index = this.#pending.findIndex(
      (f) => (f.method === '*' || f.method === name) && (f.token === undefined || f.token === token),
    );
    const fault = this.#pending[index];
    if (fault) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.#pending.splice(index, 1);
      return fault.error();
    }
    const storm = this.#storm;
    if (storm?.methods.has(name) && (storm.token === undefined || storm.token === token)) {
      return tooManyRequests(withRetryAfter ? storm.retryAfter : undefined, bareDescription);
    }
    return undefined;
  }
}
