/** Limits a real server enforces; every one can be changed per sandbox and per bot. */
export interface SandboxLimits {
  /** Message text length after entity parsing, in UTF-16 units (Telegram: 4096). */
  maxTextLength: number;
  /** Caption length after entity parsing (Telegram: 1024). */
  maxCaptionLength: number;
  /** callback_data size in UTF-8 bytes (Telegram: 64). */
  maxCallbackDataBytes: number;
  /** answerCallbackQuery text length (Telegram: 200). */
  maxCallbackAnswerLength: number;
  /** Sustained messages per second into one chat (Telegram FAQ: about 1). */
  perChatPerSecond: number;
  /** Messages one chat may receive back to back before the per-chat rate applies. */
  perChatBurst: number;
  /** Sustained messages per second across all chats of one bot (Telegram FAQ: about 30). */
  globalPerSecond: number;
  /** Messages a bot may send back to back before the global rate applies; defaults to one second's worth. */
  globalBurst: number;
  /** Largest accepted upload (Telegram: 50 MB). */
  maxUploadBytes: number;
  /** Largest accepted photo (Telegram: 10 MB). */
  maxPhotoBytes: number;
}

export interface WebhookOptions {
  /** Delivery attempts per update before it is dropped, as Telegram gives up "after a reasonable amount". */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each further attempt. */
  retryDelayMs: number;
  /** How long one delivery may take before it counts as failed. */
  timeoutMs: number;
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  limits?: Partial<SandboxLimits>;
  /** Whether a Bale 429 carries `parameters.retry_after` (default false: Bale may omit it). */
  baleRetryAfter?: boolean;
  webhook?: Partial<WebhookOptions>;
  /** Largest request body accepted at all (default 60 MB). */
  maxRequestBytes?: number;
}

export interface ResolvedSandboxOptions {
  port: number;
  host: string;
  limits: SandboxLimits;
  baleRetryAfter: boolean;
  webhook: WebhookOptions;
  maxRequestBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: SandboxLimits = {
  maxTextLength: 4096,
  maxCaptionLength: 1024,
  maxCallbackDataBytes: 64,
  maxCallbackAnswerLength: 200,
  perChatPerSecond: 1,
  perChatBurst: 3,
  globalPerSecond: 30,
  globalBurst: 30,
  maxUploadBytes: 50 * MB,
  maxPhotoBytes: 10 * MB,
};

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { maxAttempts: 5, retryDelayMs: 200, timeoutMs: 30_000 };

/** Fills in defaults; a global rate given without a burst gets a burst of one second's worth. */
export function resolveLimits(base: SandboxLimits, overrides: Partial<SandboxLimits> = {}): SandboxLimits {
  const limits = { ...base, ...overrides };
  if (overrides.globalPerSecond !== undefined && overrides.globalBurst === undefined) {
    limits.globalBurst = Math.max(1, Math.ceil(overrides.globalPerSecond));
  }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`sandbox limit ${name} must be a positive number`);
  }
  return limits;
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    limits: resolveLimits(DEFAULT_LIMITS, options.limits),
    baleRetryAfter: options.baleRetryAfter ?? false,
    webhook: { ...DEFAULT_WEBHOOK_OPTIONS, ...options.webhook },
    maxRequestBytes: options.maxRequestBytes ?? 60 * MB,
  };
}
