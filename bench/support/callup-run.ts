// What every call-up bench sets up before its bots start: a fresh database holding N volunteers, the sandbox process
// with their chats open and a coordinator (an admin), and how to read the outcome back.
import type { BenchDatabaseServer, RunDatabase } from './bench-database.ts';
import type { BotEnv } from './bot-process.ts';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.ts';
import { CALLUP_TITLE, callUpSpecFor, seedVolunteers } from './volunteers.ts';

const FIRST_VOLUNTEER_ID = 2_000_000;
const COORDINATOR_ID = 900_001;
/** Walking the /callup flow takes some twenty round trips; on a loaded machine each may take seconds. */
const CALLUP_STEP_TIMEOUT_MS = 60_000;
const CALLUP_FLOW_TIMEOUT_MS = 10 * 60_000;

export interface CallUpRun {
  token: string;
  coordinatorId: number;
  volunteers: number[];
  db: RunDatabase;
  sandbox: SandboxProcess;
  /** The environment of a bot process for this run (add the webhook for webhook mode). */
  botEnv: BotEnv;
  /** The coordinator walks /callup and presses «ارسال»; returns when it pressed, and the preview to press again. */
  createCallUp(): Promise<{ pressedAt: number; previewId: number }>;
  /**
   * 429s the sandbox answered since «ارسال». The scripted coordinator walks /callup at machine speed, faster than one
   * message a second into its own chat, so the 429s of the flow itself are left out.
   */
  rejectedSincePress(): Promise<number>;
  /** Per volunteer chat, when each card arrived. */
  cards(): Promise<Map<number, number[]>>;
  /** Call-ups stored with the bench's title (more than one: the coordinator's one send created several). */
  callUpCount(): Promise<number>;
  close(): Promise<void>;
}

export interface CallUpRunOptions {
  recipients: number;
  /**
   * Messages a second, for the sandbox's global limit and the bot's own (TELEGRAM_MESSAGES_PER_SECOND); each chat
   * keeps Telegram's 1 a second.
   */
  limit: number;
}

export async function prepareCallUpRun(server: BenchDatabaseServer, options: CallUpRunOptions): Promise<CallUpRun> {
  const token = `79${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}:callup-bench`;
  const volunteers = Array.from({ length: options.recipients }, (_, i) => FIRST_VOLUNTEER_ID + i);
  const db = await server.fresh();
  const sandbox = await startSandboxProcess({ globalPerSecond: options.limit, perChatPerSecond: 1 }).catch(
    async (error: unknown) => {
      await db.drop();
      throw error;
    },
  );
  try {
    await sandbox.call('addBot', { token });
    await sandbox.call('openChats', { token, userIds: volunteers });
    await sandbox.call('watchChat', { token, chatId: COORDINATOR_ID });
    await seedVolunteers(db.database, volunteers);
  } catch (error) {
    await sandbox.stop();
    await db.drop();
    throw error;
  }
  const rejected = async () => (await sandbox.call<{ tooManyRequests: number }>('counters', { token })).tooManyRequests;
  let rejectedBeforePress = 0;
  return {
    token,
    coordinatorId: COORDINATOR_ID,
    volunteers,
    db,
    sandbox,
    botEnv: {
      token,
      apiRoot: sandbox.apiRoot,
      mongodbUri: db.uri,
      adminIds: `telegram:${COORDINATOR_ID}`,
      messagesPerSecond: options.limit,
    },
    async createCallUp() {
      const pressed = await sandbox.call<{ pressedAt: number; previewId: number }>(
        'createCallUp',
        {
          token,
          coordinatorId: COORDINATOR_ID,
          spec: callUpSpecFor(options.recipients),
          timeoutMs: CALLUP_STEP_TIMEOUT_MS,
        },
        CALLUP_FLOW_TIMEOUT_MS,
      );
      rejectedBeforePress = await rejected();
      return pressed;
    },
    rejectedSincePress: async () => (await rejected()) - rejectedBeforePress,
    async cards() {
      const list = await sandbox.call<[number, number[]][]>('cards', { token, marker: CALLUP_TITLE });
      return new Map(list.filter(([chatId]) => chatId !== COORDINATOR_ID));
    },
    callUpCount: () => db.database.models.callUps.countDocuments({ title: CALLUP_TITLE }),
    async close() {
      await sandbox.stop();
      await db.drop();
    },
  };
}
