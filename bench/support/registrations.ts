// Inside the sandbox process: simulated volunteers register at once, each as fast as the bot answers (a tap as soon as
// the question shows), and the time each update waited for the bot's first reply in its chat is recorded.
import type { Sandbox } from 'bot-api-sandbox';
import { RegistrationDriver } from '../../test/support/registration-driver.ts';

export interface RegistrationRun {
  /** Registrations that reached the confirmation. */
  completed: number;
  failed: number;
  firstFailure?: string;
  /** Per update: from the user's send or tap to the bot's first message or edit in that chat, in ms. */
  replyMs: number[];
  seconds: number;
}

export interface RegistrationRequest {
  token: string;
  firstUserId: number;
  count: number;
  /** Every n-th volunteer chooses English first (/language), the others stay with the default Persian. */
  englishEvery: number;
  stepTimeoutMs: number;
}

/** Pairs each update a user sends with the bot's next message or edit in that chat. */
function trackReplies(sandbox: Sandbox, token: string): { replyMs: number[]; stop: () => void } {
  const waiting = new Map<number, number>();
  const replyMs: number[] = [];
  const answered = ({ token: of, chatId }: { token: string; chatId: number }) => {
    if (of !== token) return;
    const sentAt = waiting.get(chatId);
    if (sentAt === undefined) return;
    waiting.delete(chatId);
    replyMs.push(performance.now() - sentAt);
  };
  const stops = [
    sandbox.on('update', ({ token: of, chatId }) => {
      if (of === token) waiting.set(chatId, performance.now());
    }),
    sandbox.on('message', answered),
    sandbox.on('edit', answered),
  ];
  return {
    replyMs,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

export async function registerAll(sandbox: Sandbox, request: RegistrationRequest): Promise<RegistrationRun> {
  const { token, firstUserId, count, englishEvery, stepTimeoutMs } = request;
  const drivers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      RegistrationDriver.create(
        sandbox.user({ token, userId: firstUserId + i, firstName: `Volunteer${i}` }),
        i % englishEvery === 0 ? 'en' : 'fa',
        undefined,
        stepTimeoutMs,
      ),
    ),
  );
  const replies = trackReplies(sandbox, token);
  const started = performance.now();
  const results = await Promise.allSettled(
    drivers.map(async (driver) => {
      if (driver.locale === 'en') await driver.chooseLanguage();
      await driver.register();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  replies.stop();
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).split('\n')[0]!] : []));
  return {
    completed: count - failures.length,
    failed: failures.length,
    ...(failures[0] === undefined ? {} : { firstFailure: failures[0] }),
    replyMs: replies.replyMs,
    seconds,
  };
}
