/**
 * Everything under `/dashboard`: the page and its files, signing in (a Mini App's initData or a one-time link),
 * and the JSON and event routes behind the pages. Every route but signing in needs a session, and reads the
 * viewer's role again each time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../../domain/locale.ts';
import type { Logger } from '../../logger.ts';
import type { DashboardViews } from '../dashboard-views.ts';
import type { DashboardSignIn, SessionGrant, Viewer } from '../sign-in.service.ts';
import type { createCallUpRoutes, ViewerAgain } from './callup-routes.ts';
import {
  CSRF_HEADER,
  cookieOf,
  type EventStream,
  openEventStream,
  PREFIX,
  readJson,
  SESSION_COOKIE,
  sendJson,
  sessionCookie,
} from './http-helpers.ts';
import type { MissionRoutes } from './mission-routes.ts';
import type { StaticAssets } from './static-assets.ts';

export interface DashboardRouteDeps {
  signIn: DashboardSignIn;
  views: DashboardViews;
  callUps: ReturnType<typeof createCallUpRoutes>;
  missions: MissionRoutes;
  assets: StaticAssets;
  /** Cookies marked Secure: the dashboard is served over https. */
  secureCookies: boolean;
  /** How often the Now page's feed re-reads the running call-ups. */
  nowIntervalMs: number;
  logger: Logger;
  streams: Set<EventStream>;
  defaultLocale: Locale;
}

/** Handles a request when its path is the dashboard's; false for any other path. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

const CALLUP_ROUTE = /^\/api\/callups\/([^/]+)(?:\/(events|attendance|actions\/([a-z_]+)|export\.([a-z]+)))?$/;
const MISSION_ROUTE = /^\/api\/missions\/([^/]+)(?:\/actions\/([a-z_]+))?$/;

export function createDashboardHandler(deps: DashboardRouteDeps): DashboardHandler {
  const grant = (res: ServerResponse, session: SessionGrant | undefined) => {
    if (!session) return sendJson(res, 401, { error: 'signin_refused' });
    sendJson(
      res,
      200,
      { ok: true },
      { 'Set-Cookie': sessionCookie(session.token, session.maxAgeSeconds, deps.secureCookies) },
    );
  };
  const signInRoutes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    '/api/signin/link': async (req, res) => {
      const token = (await readJson(req))?.token;
      grant(res, typeof token === 'string' ? await deps.signIn.redeemLink(token) : undefined);
    },
    '/api/signin/telegram': async (req, res) => {
      const initData = (await readJson(req))?.initData;
      grant(res, typeof initData === 'string' ? await deps.signIn.signInTelegram(initData) : undefined);
    },
    '/api/signout': async (req, res) => {
      const token = cookieOf(req, SESSION_COOKIE);
      if (token) await deps.signIn.signOut(token);
      sendJson(res, 200, { ok: true }, { 'Set-Cookie': sessionCookie('', 0, deps.secureCookies) });
    },
  };

  return async (req, res, fullPath) => {
    if (fullPath !== PREFIX && !fullPath.startsWith(`${PREFIX}/`)) return false;
    const path = fullPath.slice(PREFIX.length) || '/';
    if (req.method === 'GET' && path === '/') {
      await deps.assets.page(res);
      return true;
    }
    if (req.method === 'GET' && path.startsWith('/assets/') && (await deps.assets.asset(res, path.slice(8)))) {
      return true;
    }
    if (req.method === 'POST') {
      // A form or a script on another site cannot set this header without a preflight, which is never granted.
      if (req.headers[CSRF_HEADER] !== '1') {
        sendJson(res, 403, { error: 'forbidden' });
        return true;
      }
      const signIn = signInRoutes[path];
      if (signIn) {
        await signIn(req, res);
        return true;
      }
    }
    const viewer = await deps.signIn.viewer(cookieOf(req, SESSION_COOKIE));
    if (!viewer) {
      // The page still needs words to say how to sign in: the default locale's.
      const locale = deps.defaultLocale;
      const strings = path === '/api/me' ? await deps.assets.strings(locale) : undefined;
      sendJson(res, 401, { error: 'signed_out', ...(strings ? { locale, strings } : {}) });
      return true;
    }
    await viewerRoute(deps, req, res, path, viewer);
    return true;
  };
}

async function viewerRoute(
  deps: DashboardRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  viewer: Viewer,
): Promise<void> {
  const { actor, locale } = viewer;
  const again = () => deps.signIn.viewer(cookieOf(req, SESSION_COOKIE));
  if (req.method === 'GET') {
    if (path === '/api/me') {
      const strings = await deps.assets.strings(locale);
      return sendJson(res, 200, { role: actor.role, provinces: actor.provinces, locale, strings });
    }
    if (path === '/api/now') return sendJson(res, 200, await deps.views.now(actor, locale));
    if (path === '/api/now/events') return nowEvents(deps, req, res, viewer, again);
    if (path === '/api/readiness') return sendJson(res, 200, await deps.views.readiness(actor, locale));
    if (path === '/api/history') return sendJson(res, 200, await deps.views.history(actor, locale));
    if (path === '/api/missions') return deps.missions.list(res, viewer);
  }
  const mission = MISSION_ROUTE.exec(path);
  if (mission) {
    const [, id = '', action] = mission;
    if (req.method === 'GET' && !action) return deps.missions.page(res, viewer, id);
    if (req.method === 'POST' && action) return deps.missions.action(req, res, viewer, id, action);
  }
  const route = CALLUP_ROUTE.exec(path);
  if (route) {
    const [, id = '', kind, action, format] = route;
    if (req.method === 'GET' && kind === 'events') return deps.callUps.events(req, res, viewer, id, again);
    if (req.method === 'GET' && kind === 'attendance') return deps.callUps.attendance(res, viewer, id);
    if (req.method === 'GET' && format) return deps.callUps.exportFile(res, viewer, id, format);
    if (req.method === 'POST' && action) return deps.callUps.action(req, res, viewer, id, action);
  }
  sendJson(res, 404, { error: 'not_found' });
}

/** The Now page's feed: the viewer's running call-ups, sent again whenever anything in them changes. */
function nowEvents(
  deps: DashboardRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  viewer: Viewer,
  again: ViewerAgain,
) {
  const stream = openEventStream(req, res, deps.streams, async () => (await again()) !== undefined);
  let last = '';
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const tick = async () => {
    try {
      const now = await deps.views.now(viewer.actor, viewer.locale);
      const text = JSON.stringify(now);
      if (text !== last) stream.send(now);
      last = text;
    } catch (error) {
      deps.logger.warn({ err: error }, 'dashboard: the Now feed failed to read');
    }
    if (!closed) timer = setTimeout(tick, deps.nowIntervalMs);
  };
  stream.onClose(() => {
    closed = true;
    clearTimeout(timer);
  });
  void tick();
}
