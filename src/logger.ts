import pino, { type Logger } from 'pino';

export type { Logger };

// Bot tokens appear in API URLs and error messages; they must never reach a log.
const TOKEN_PATTERN = /\d{3,}:[\w-]{10,}/g;

export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, '<token>');
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactTokens(arg) : arg));
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const serialized = pino.stdSerializers.err(err as Error);
        return {
          ...serialized,
          message: redactTokens(serialized.message),
          stack: redactTokens(serialized.stack ?? ''),
        };
      },
    },
  });
}
