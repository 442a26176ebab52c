import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox, SmsGatewayEmulator } from 'bot-api-sandbox';
import { ChatDirectory, type WebChatBot } from './chat-directory.ts';
import { type DemoCast, seedDemoCast } from './demo-cast.ts';
import { Drill, type DrillOptions } from './drill.ts';
import { isDrillMessage } from './drill-cards.ts';
import { EventStream } from './event-stream.ts';
import { relaySandboxEvents } from './sandbox-relay.ts';
import { relaySms } from './sms-routes.ts';
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
  /** The SMS gateway emulator: each person's SMS conversation is shown and answered on the page too. */
  sms?: SmsGatewayEmulator;
  /** 0 picks a free port. Always on loopback unless a host is given. */
  port?: number;
  host?: string;
  /** First id of people made on the page; by default it moves with the clock, so a restart on the same data folder
   * does not hand a new person the id of someone registered last time. */
  firstUserId?: number;
  drill?: Pick<DrillOptions, 'pickButton' | 'random' | 'firstUserId' | 'maxVolunteers'>;
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

/** Serves the messenger-like page over a running sandbox, on its own port. */
export async function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const { sandbox } = options;
  const firstUserId = options.firstUserId ?? 300_000_000 + (Math.floor(Date.now() / 1000) % 100_000_000);
  const directory = new ChatDirectory(sandbox, options.bots, options.coordinators ?? [], firstUserId);
  const events = new EventStream();
  const drill = new Drill({
    isDrill: isDrillMessage,
    ...options.drill,
    sandbox,
    directory,
    seed: options.seed,
    onChange: (status) => events.send('drill', status),
  });
  const stopRelays = [
    relaySandboxEvents(sandbox, options.bots, directory, events),
    ...(options.sms ? [relaySms(options.sms, events)] : []),
  ];

  let cards: Promise<BotCard[]> | undefined;
  const handler = createWebChatHandler({
    sandbox,
    directory,
    drill,
    events,
    sms: options.sms,
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
    seedDemo() {
      return seedDemoCast(options.bots, directory, events, options.seed);
    },
    async close() {
      for (const stop of stopRelays) stop();
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
