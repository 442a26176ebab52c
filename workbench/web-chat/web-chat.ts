import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformName, Sandbox } from 'bot-api-sandbox';
import people from '../data/simulated-people.json' with { type: 'json' };
import { ChatDirectory, type RoleHint, type WebChatBot } from './chat-directory.ts';
import { fileUrlFor } from './chat-routes.ts';
import { Drill, type DrillOptions } from './drill.ts';
import { EventStream } from './event-stream.ts';
import { toPageKeyboard, toPageMessage, userPageMessage } from './page-message.ts';
import { simulatedVolunteer, volunteerLabels } from './simulated-volunteers.ts';
import type { VolunteerSeeder } from './volunteer-seeder.ts';
import { type BotCard, createWebChatHandler } from './web-chat-routes.ts';

export type { WebChatBot } from './chat-directory.ts';
export type { DrillSettings, DrillStatus } from './drill.ts';
export type { VolunteerSeeder } from './volunteer-seeder.ts';

export interface WebChatOptions {
  sandbox: Sandbox;
  bots: readonly WebChatBot[];
  /** Admin ids as configured (`bale:1001`): the people who play these ids are coordinators. */
  coordinators?: readonly string[];
  /** Registers simulated volunteers through the app; without it they are chats only (see volunteer-seeder.ts). */
  seed?: VolunteerSeeder;
  /** 0 picks a free port. Always on loopback unless a host is given. */
  port?: number;
  host?: string;
  /** First id of people made on the page; by default it moves with the clock, so a restart on the same data folder
   * does not hand a new person the id of someone registered last time. */
  firstUserId?: number;
  drill?: Pick<DrillOptions, 'pickButton' | 'random' | 'firstUserId' | 'maxVolunteers'>;
}

export interface DemoCast {
  coordinators: number;
  volunteers: number;
  /** Registered through the seed hook (0 without one). */
  registered: number;
  /** Why registering failed, if it did; the people are there as chats either way. */
  warning?: string;
}

export interface WebChat {
  /** `http://127.0.0.1:PORT/`, with the trailing slash: the page. */
  url: string;
  port: number;
  directory: ChatDirectory;
  drill: Drill;
  /** Adds the coordinator and a few registered volunteers of different specialties and provinces to every bot. */
  seedDemo(): Promise<DemoCast>;
  close(): Promise<void>;
}

const DEMO_VOLUNTEERS = 4;
const DEMO_FIRST_ID = 1002;

const ROLE_BY_GROUP: Record<string, RoleHint> = {
  physician: 'doctor',
  nursing: 'nurse',
  midwifery: 'midwife',
  ems: 'paramedic',
  mental_health: 'psychologist',
  pharmacy: 'pharmacist',
};

/** Serves the messenger-like page over a running sandbox, on its own port. */
export async function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const { sandbox } = options;
  const firstUserId = options.firstUserId ?? 300_000_000 + (Math.floor(Date.now() / 1000) % 100_000_000);
  const directory = new ChatDirectory(sandbox, options.bots, options.coordinators ?? [], firstUserId);
  const events = new EventStream();
  const drill = new Drill({
    ...options.drill,
    sandbox,
    directory,
    seed: options.seed,
    onChange: (status) => events.send('drill', status),
  });
  const platformOf = new Map(options.bots.map((bot) => [bot.token, bot.platform]));
  const visible = (token: string, chatId: number): PlatformName | undefined => {
    const platform = platformOf.get(token);
    return platform && !directory.isDrill(platform, chatId) ? platform : undefined;
  };
  const keyboardOf = (platform: PlatformName, chatId: number) =>
    toPageKeyboard(directory.user(platform, chatId).replyKeyboard()) ?? null;

  const unsubscribe = [
    sandbox.on('message', ({ token, chatId, message }) => {
      const bot = visible(token, chatId);
      if (!bot) return;
      const page = toPageMessage(message, fileUrlFor(bot));
      events.send('message', { bot, chatId, message: page, keyboard: keyboardOf(bot, chatId) });
    }),
    sandbox.on('edit', ({ token, chatId, message }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('edit', { bot, chatId, message: toPageMessage(message, fileUrlFor(bot)) });
    }),
    sandbox.on('delete', ({ token, chatId, messageId }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('delete', { bot, chatId, messageId });
    }),
    sandbox.on('alert', ({ token, chatId, alert }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('alert', { bot, chatId, alert });
    }),
    sandbox.on('action', ({ token, chatId, action }) => {
      const bot = visible(token, chatId);
      if (bot) events.send('action', { bot, chatId, action: action.action });
    }),
    sandbox.on('update', ({ token, chatId, update }) => {
      const bot = visible(token, chatId);
      if (!bot) return;
      // The user's side: their own message, typed, tapped or shared (a press shows nothing in a chat).
      if (update.message) {
        const message = userPageMessage(update.message);
        events.send('message', { bot, chatId, message, keyboard: keyboardOf(bot, chatId) });
      }
    }),
  ];

  let cards: Promise<BotCard[]> | undefined;
  const handler = createWebChatHandler({
    sandbox,
    directory,
    drill,
    events,
    bots: () => {
      cards ??= Promise.all(options.bots.map((bot) => botCard(sandbox.apiRoot, bot)));
      return cards;
    },
    peopleChanged: (bot) => events.send('users', { bot }),
  });
  const server = createServer(handler);
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    directory,
    drill,
    async seedDemo() {
      const cast: DemoCast = { coordinators: 0, volunteers: 0, registered: 0 };
      for (const { platform } of options.bots) {
        const coordinatorId = directory.coordinatorId(platform);
        if (coordinatorId !== undefined) {
          directory.add({ bot: platform, userId: coordinatorId, ...people.demoCoordinator, role: 'coordinator' });
          cast.coordinators += 1;
        }
        const volunteers = [];
        for (let id = DEMO_FIRST_ID; volunteers.length < DEMO_VOLUNTEERS; id++) {
          if (!directory.isCoordinator(platform, id)) volunteers.push(simulatedVolunteer(volunteers.length, id));
        }
        let registered = false;
        if (options.seed) {
          try {
            await options.seed({ platform, volunteers });
            registered = true;
          } catch (error) {
            cast.warning = error instanceof Error ? error.message : String(error);
          }
        }
        for (const volunteer of volunteers) {
          directory.add({
            bot: platform,
            userId: volunteer.userId,
            firstName: volunteer.firstName,
            lastName: volunteer.lastName,
            role: ROLE_BY_GROUP[volunteer.group] ?? 'volunteer',
            labels: volunteerLabels(volunteer),
            registered,
            started: registered,
          });
        }
        cast.volunteers += volunteers.length;
        if (registered) cast.registered += volunteers.length;
        events.send('users', { bot: platform });
      }
      return cast;
    },
    async close() {
      for (const off of unsubscribe) off();
      drill.stop();
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function botCard(apiRoot: string, bot: WebChatBot): Promise<BotCard> {
  const response = await fetch(`${apiRoot}/bot${bot.token}/getMe`).catch(() => undefined);
  const body = (await response?.json().catch(() => undefined)) as
    | { ok: boolean; result?: { username?: string; first_name?: string } }
    | undefined;
  return {
    id: bot.platform,
    platform: bot.platform,
    username: body?.result?.username ?? `${bot.platform}_bot`,
    name: body?.result?.first_name ?? bot.platform,
  };
}
