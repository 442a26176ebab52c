/**
 * Who is looking at the dashboard: a Telegram Mini App's signed initData, or a one-time link the bot sent, becomes
 * a session; every request reads the person's role again, so a coordinator removed mid-session sees nothing more.
 */
import { createHash, randomBytes } from 'node:crypto';
import { validate } from '@telegram-apps/init-data-node';
import type { Locale } from '../domain/locale.ts';
import { type Actor, isStaff } from '../domain/roles/actor.ts';
import type { DashboardAccessRepository } from '../persistence/repositories/dashboard-access.repository.ts';
import type { AuditLog } from '../services/audit/audit.service.ts';
import type { Authorization } from '../services/roles/authorization.ts';

export const LINK_VALID_MS = 10 * 60_000;
export const SESSION_VALID_MS = 12 * 3_600_000;
/** How old a Mini App's initData may be when it is exchanged for a session (it is signed when the app opens). */
export const INIT_DATA_MAX_AGE_S = 3600;
const EXPIRED_KEPT_MS = 86_400_000;

export interface Viewer {
  actor: Actor;
  locale: Locale;
}

export interface SessionGrant {
  token: string;
  maxAgeSeconds: number;
}

export interface DashboardSignIn {
  /** A one-time sign-in link's token for a staff member; undefined (and a refusal in the audit log) for anyone else. */
  issueLink(userKey: string): Promise<string | undefined>;
  /** A session for the link's owner, once; undefined for an unknown, used or expired link. */
  redeemLink(token: string): Promise<SessionGrant | undefined>;
  /** A session for the Telegram user of a validly signed, fresh initData who is staff; undefined otherwise. */
  signInTelegram(initData: string): Promise<SessionGrant | undefined>;
  /** The staff member behind a session cookie, as their role is now; undefined when signed out or no longer staff. */
  viewer(sessionToken: string | undefined): Promise<Viewer | undefined>;
  signOut(sessionToken: string): Promise<void>;
}

export interface SignInDeps {
  access: DashboardAccessRepository;
  authorization: Pick<Authorization, 'actorOf' | 'logRefusal'>;
  audit: Pick<AuditLog, 'record'>;
  localeOf: (userKey: string) => Promise<Locale>;
  /** Telegram's bot token, which signs its Mini Apps' initData; absent without a Telegram bot. */
  telegramToken: string | undefined;
  now: () => Date;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(24).toString('base64url');
const SECRET_PATTERN = /^[\w-]{20,64}$/;

export function createDashboardSignIn(deps: SignInDeps): DashboardSignIn {
  const { access, authorization, audit, now } = deps;
  const staffActor = async (userKey: string, attempt: string) => {
    const actor = await authorization.actorOf(userKey);
    if (isStaff(actor)) return actor;
    await authorization.logRefusal(userKey, attempt, 'forbidden');
    return undefined;
  };
  const openSession = async (actor: Actor, via: 'telegram' | 'link'): Promise<SessionGrant> => {
    const token = newSecret();
    const at = now();
    await access.createSession(
      hashOf(token),
      { userKey: actor.key, via, expiresAt: new Date(at.getTime() + SESSION_VALID_MS) },
      at,
    );
    await audit.record({ actor: actor.key, action: 'dashboard.signed_in', details: { via } });
    return { token, maxAgeSeconds: SESSION_VALID_MS / 1000 };
  };

  return {
    async issueLink(userKey) {
      if (!(await staffActor(userKey, 'dashboard.link'))) return undefined;
      const token = newSecret();
      const at = now();
      await access.createLink(hashOf(token), userKey, at, new Date(at.getTime() + LINK_VALID_MS));
      // No TTL indexes on FerretDB: links and sessions a day past their end are cleared here.
      await access.deleteExpired(new Date(at.getTime() - EXPIRED_KEPT_MS));
      await audit.record({ actor: userKey, action: 'dashboard.link_issued' });
      return token;
    },
    async redeemLink(token) {
      if (!SECRET_PATTERN.test(token)) return undefined;
      const link = await access.claimLink(hashOf(token), now());
      if (!link || link.expiresAt.getTime() <= now().getTime()) return undefined;
      const actor = await staffActor(link.userKey, 'dashboard.signin');
      return actor ? openSession(actor, 'link') : undefined;
    },
    async signInTelegram(initData) {
      const userId = telegramUserOf(initData, deps.telegramToken);
      if (userId === undefined) return undefined;
      const actor = await staffActor(`telegram:${userId}`, 'dashboard.signin');
      return actor ? openSession(actor, 'telegram') : undefined;
    },
    async viewer(sessionToken) {
      if (!sessionToken || !SECRET_PATTERN.test(sessionToken)) return undefined;
      const session = await access.session(hashOf(sessionToken));
      if (!session || session.expiresAt.getTime() <= now().getTime()) return undefined;
      const actor = await authorization.actorOf(session.userKey);
      if (!isStaff(actor)) return undefined;
      return { actor, locale: await deps.localeOf(actor.key) };
    },
    async signOut(sessionToken) {
      if (SECRET_PATTERN.test(sessionToken)) await access.deleteSession(hashOf(sessionToken));
    },
  };
}

/**
 * The Telegram user id of initData whose HMAC (keyed by the bot token) is right and which is at most
 * `INIT_DATA_MAX_AGE_S` old (the library checks `auth_date` against the real clock, as Telegram signs it).
 */
function telegramUserOf(initData: string, token: string | undefined): number | undefined {
  if (!token || initData.length > 4096) return undefined;
  try {
    validate(initData, token, { expiresIn: INIT_DATA_MAX_AGE_S });
  } catch {
    return undefined;
  }
  const user = new URLSearchParams(initData).get('user');
  if (!user) return undefined;
  try {
    const id = (JSON.parse(user) as { id?: unknown }).id;
    return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
