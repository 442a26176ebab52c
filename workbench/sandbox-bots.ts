import type { Platform } from '../src/domain/platform.ts';

export const SANDBOX_TOKENS: Record<Platform, string> = {
  telegram: '100001:sandbox-telegram-token',
  bale: '100002:sandbox-bale-token',
};

/** The first simulated user: it is also the admin in sandbox mode, so every feature can be tried. */
export const SANDBOX_ADMIN_USER_ID = 1001;
/** Spare admin ids, so coordinators can be made on the web chat's page too. */
const SANDBOX_SPARE_ADMIN_IDS = [1901, 1902, 1903, 1904, 1905, 1906, 1907, 1908, 1909];

/** The admin ids of sandbox mode without ADMIN_IDS: on every bot, the demo coordinator and the spares. */
export function sandboxAdminIds(platforms: readonly Platform[]): string[] {
  return platforms.flatMap((platform) =>
    [SANDBOX_ADMIN_USER_ID, ...SANDBOX_SPARE_ADMIN_IDS].map((id) => `${platform}:${id}`),
  );
}
