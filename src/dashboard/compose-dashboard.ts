/** The dashboard wired from the app's services: sign-in, the pages' data, the live feed and the HTTP routes. */
import type { Config } from '../config.ts';
import type { I18n } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/connection.ts';
import type { ExclusiveEpoch } from '../persistence/epoch-cache.ts';
import type { CallUpRepository } from '../persistence/repositories/callup.repository.ts';
import type { CallUpAnswerRepository } from '../persistence/repositories/callup-answer.repository.ts';
import { createDashboardAccessRepository } from '../persistence/repositories/dashboard-access.repository.ts';
import { createDashboardReadRepository } from '../persistence/repositories/dashboard-read.repository.ts';
import type { UserRepository } from '../persistence/repositories/user.repository.ts';
import type { CallUpServices } from '../services/callups/callup-services.ts';
import type { RelayedPeople } from '../services/callups/ports.ts';
import type { StaffServices } from '../services/roles/staff-services.ts';
import { createDashboardViews } from './dashboard-views.ts';
import { createCallUpRoutes } from './http/callup-routes.ts';
import { createDashboardHandler, type DashboardHandler } from './http/dashboard-routes.ts';
import { type EventStream, PREFIX } from './http/http-helpers.ts';
import { createMissionRoutes, type MissionRouteDeps } from './http/mission-routes.ts';
import { createStaticAssets } from './http/static-assets.ts';
import { createLiveCallUps } from './live-callups.ts';
import { createDashboardSignIn, type DashboardSignIn } from './sign-in.service.ts';

export interface DashboardInputs {
  config: Config;
  logger: Logger;
  now: () => Date;
  database: Database;
  i18n: I18n;
  repositories: {
    users: Pick<UserRepository, 'get'>;
    callUps: CallUpRepository;
    invitations: Pick<CallUpAnswerRepository, 'listByCallUp' | 'listAnsweredSince' | 'watch'>;
  };
  /** A number while this process is the only instance on the database: then every invitation is written here. */
  exclusiveEpoch: ExclusiveEpoch;
  callUps: Pick<CallUpServices, 'coordination'>;
  staff: Pick<StaffServices, 'authorization' | 'audit' | 'exports'>;
  /** Names the offline members a call-up invited (answered for by their base's leader). */
  relayedPeople?: RelayedPeople;
  /** The mission services the chat's /missions board uses, so the mission pages follow the same rules. */
  missions: Pick<MissionRouteDeps, 'missionCallUps' | 'missionShortlist' | 'missionExport'>;
  /** How often an open call-up page's feed re-reads it (default 250 ms: the read itself takes longer under load). */
  liveIntervalMs?: number;
}

export interface Dashboard {
  handle: DashboardHandler;
  signIn: DashboardSignIn;
  /** For the bot's /dashboard: a one-time link's token for a staff member. */
  issueLink: DashboardSignIn['issueLink'];
  /** The page's address, once the server's port is known: `DASHBOARD_URL`, else this machine on that port. */
  url(): string;
  listeningOn(port: number): void;
  /** Ends the open event streams and waits for a read under way. */
  stop(): Promise<void>;
}

export function composeDashboard(inputs: DashboardInputs): Dashboard {
  const { config, database, i18n, now } = inputs;
  const callUps = inputs.repositories.callUps;
  const answers = inputs.repositories.invitations;
  const read = createDashboardReadRepository(database.models);
  const { authorization } = inputs.staff;
  const tr = (locale: Parameters<I18n['fixedT']>[0]) => i18n.fixedT(locale);
  const telegram = config.platforms.find((p) => p.platform === 'telegram');
  const signIn = createDashboardSignIn({
    access: createDashboardAccessRepository(database.models),
    authorization,
    audit: inputs.staff.audit,
    localeOf: async (userKey) => (await inputs.repositories.users.get(userKey))?.locale ?? config.defaultLocale,
    telegramToken: telegram?.token,
    now,
  });
  const live = createLiveCallUps(
    {
      callUp: (id) => callUps.get(id),
      invitations: (id) => answers.listByCallUp(id),
      answeredSince: (id, since) => answers.listAnsweredSince(id, since),
      watch: answers.watch,
      alone: () => inputs.exclusiveEpoch() !== undefined,
      async people(keys) {
        const [found, relayed] = await Promise.all([read.people(keys), inputs.relayedPeople?.(keys)]);
        for (const [key, person] of relayed ?? []) found.set(key, person);
        return found;
      },
      tr,
      now,
      logger: inputs.logger,
    },
    inputs.liveIntervalMs,
  );
  const views = createDashboardViews({
    liveCallUps: (since) => callUps.listLive(since),
    recentCallUps: (since, provinces) => callUps.listRecent(since, provinces),
    invitations: (id) => answers.listByCallUp(id),
    read,
    tr,
    now,
  });
  let base = config.dashboardUrl;
  const streams = new Set<EventStream>();
  const handle = createDashboardHandler({
    signIn,
    views,
    callUps: createCallUpRoutes({
      callUp: (id) => callUps.get(id),
      authorization,
      live,
      coordination: inputs.callUps.coordination,
      exports: inputs.staff.exports,
      tr,
      streams,
      now,
    }),
    missions: createMissionRoutes({ ...inputs.missions, authorization, t: i18n.t }),
    assets: createStaticAssets(),
    secureCookies: config.dashboardUrl?.startsWith('https:') ?? false,
    nowIntervalMs: 1000,
    logger: inputs.logger,
    streams,
    defaultLocale: config.defaultLocale,
  });
  return {
    handle,
    signIn,
    issueLink: signIn.issueLink,
    url: () => `${base ?? `http://localhost:${config.port}`}${PREFIX}/`,
    listeningOn(port) {
      base ??= `http://localhost:${port}`;
    },
    async stop() {
      for (const stream of [...streams]) stream.close();
      await live.stop();
    },
  };
}
