// The Bot API sandbox in a process of its own, so a bench measures the bot's memory and CPU alone. Started by
// sandbox-process.ts with fork(); takes requests over IPC ({ id, op, args }) and answers { id, result | error }.
// Exits when the bench goes away (IPC disconnect), so it never outlives it.
import process from 'node:process';
import { type FaultSpec, type SandboxLimits, startSandbox } from 'bot-api-sandbox';
import { createI18n } from '../../src/i18n/index.ts';
import { type CallUpSpec, createCallUpInChat } from '../../workbench/scripts/create-callup.ts';
import { type CardAnswer, CardPresser, type PlannedAnswer } from './presses.ts';
import { type RegistrationRequest, registerAll } from './registrations.ts';

interface ChatEntry {
  at: number;
  messageId: number;
  text: string;
  edit: boolean;
}

const limits = JSON.parse(process.env.BENCH_SANDBOX_LIMITS ?? '{}') as Partial<SandboxLimits>;
const sandbox = await startSandbox({ limits });
const t = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
const pressers = new Map<string, CardPresser>();
const watched = new Map<string, ChatEntry[]>();
const COORDINATOR_NAME = 'هماهنگ‌کننده';

const presser = (token: string) => {
  let found = pressers.get(token);
  if (!found) {
    found = new CardPresser(sandbox, t, token);
    pressers.set(token, found);
  }
  return found;
};

function record(token: string, chatId: number, at: number, messageId: number, text: string, edit: boolean): void {
  watched.get(`${token}\n${chatId}`)?.push({ at, messageId, text, edit });
}
sandbox.on('message', ({ token, chatId, message }) =>
  record(token, chatId, message.sentAt, message.message_id, message.text ?? '', false),
);
sandbox.on('edit', ({ token, chatId, message }) =>
  record(token, chatId, Date.now(), message.message_id, message.text ?? '', true),
);

type Args = Record<string, unknown>;
const ops: Record<string, (args: Args) => unknown> = {
  addBot: ({ token }) => sandbox.addBot({ token: String(token), profile: 'telegram' }),
  /** Opens a started private chat per user id, as volunteers who pressed /start long ago. */
  openChats: ({ token, userIds }) => {
    for (const userId of userIds as number[]) {
      sandbox.user({ token: String(token), userId, firstName: 'داوطلب', started: true });
    }
    return (userIds as number[]).length;
  },
  /** Records every message and edit the bot makes in this chat (a coordinator's status message). */
  watchChat: ({ token, chatId }) => {
    watched.set(`${String(token)}\n${Number(chatId)}`, []);
    return true;
  },
  chatLog: ({ token, chatId }) => watched.get(`${String(token)}\n${Number(chatId)}`) ?? [],
  /** The coordinator walks the /callup flow to the preview and presses «ارسال»; returns when it pressed. */
  createCallUp: async ({ token, coordinatorId, spec, timeoutMs }) => {
    const coordinator = sandbox.user({
      token: String(token),
      userId: Number(coordinatorId),
      firstName: COORDINATOR_NAME,
    });
    const { preview } = await createCallUpInChat(coordinator, t, spec as CallUpSpec, {
      send: false,
      timeoutMs: Number(timeoutMs ?? 30_000),
    });
    const pressedAt = Date.now();
    coordinator.press(t('callup:create.send'), preview.message_id);
    return { previewId: preview.message_id, pressedAt };
  },
  /** Presses a button (by its locale key) on one message again, e.g. «ارسال» on an old preview after a restart. */
  pressAgain: ({ token, userId, labelKey, messageId }) => {
    const user = sandbox.user({ token: String(token), userId: Number(userId), firstName: COORDINATOR_NAME });
    user.press(t(String(labelKey)), Number(messageId));
    return Date.now();
  },
  /** Per chat, when each message containing `marker` was accepted. */
  cards: ({ token, marker }) => {
    const result: [number, number[]][] = [];
    for (const [chatId, list] of sandbox.stats(String(token)).deliveries) {
      const times = list.filter((d) => d.text?.includes(String(marker))).map((d) => d.at);
      if (times.length > 0) result.push([chatId, times]);
    }
    return result;
  },
  /** Each chat's latest message containing `marker` with buttons (a card, not a follow-up), as it reads now. */
  latestTexts: ({ token, chatIds, marker }) =>
    (chatIds as number[]).map((chatId) => {
      const user = sandbox.user({ token: String(token), userId: chatId, firstName: 'داوطلب' });
      const card = user.messages().findLast((m) => m.text?.includes(String(marker)) && m.reply_markup !== undefined);
      return [chatId, card?.text ?? ''];
    }),
  /** Every accepted send's time, whatever it was. */
  sendTimes: ({ token }) => [...sandbox.stats(String(token)).deliveries.values()].flatMap((l) => l.map((d) => d.at)),
  counters: ({ token }) => {
    const { calls, tooManyRequests, errors, webhookAttempts, webhookFailures } = sandbox.stats(String(token));
    return { calls, tooManyRequests, errors, webhookAttempts, webhookFailures };
  },
  /** Makes the next calls of a method fail (a status, e.g. 429 or 502), as sandbox.failNext. */
  failNext: ({ spec }) => {
    sandbox.failNext(spec as FaultSpec);
    return true;
  },
  answerPlan: ({ token, plan }) => {
    presser(String(token)).run(plan as PlannedAnswer[]);
    return true;
  },
  answerOnArrival: ({ token, chatIds, yesShare, minMs, maxMs }) => {
    const pick = (): CardAnswer => (Math.random() < Number(yesShare) ? 'yes' : 'no');
    presser(String(token)).answerOnArrival(chatIds as number[], pick, Number(minMs), Number(maxMs));
    return true;
  },
  presses: ({ token }) => presser(String(token)).records,
  /** Per answer press, ms from the press to the next message in that chat (the answer's follow-up), if any came. */
  followUpDelays: ({ token }) => {
    const { deliveries } = sandbox.stats(String(token));
    return presser(String(token)).records.flatMap((press) => {
      const next = deliveries.get(press.chatId)?.find((d) => d.at >= press.pressedAt);
      return press.error || !next ? [] : [next.at - press.pressedAt];
    });
  },
  /** Simulated volunteers register at once; returns when every one finished or failed. */
  register: (args) => registerAll(sandbox, args as unknown as RegistrationRequest),
};

process.on('message', async (request: { id: number; op: string; args: Args }) => {
  try {
    const op = ops[request.op];
    if (!op) throw new Error(`unknown sandbox op ${request.op}`);
    process.send?.({ id: request.id, result: await op(request.args) });
  } catch (error) {
    process.send?.({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
process.on('disconnect', () => {
  void sandbox.close().finally(() => process.exit(0));
});
process.send?.({ ready: true, apiRoot: sandbox.apiRoot });
