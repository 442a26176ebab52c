import type { Platform } from '../domain/platform.ts';

const DEEP_LINK: Record<Platform, (username: string) => string> = {
  telegram: (username) => `https://t.me/${username}`,
  bale: (username) => `https://ble.ir/${username}`,
};

/** A link that opens the private chat with a bot; with a payload, the chat starts with `/start <payload>`. */
export function deepLink(platform: Platform, username: string, payload?: string): string {
  const base = DEEP_LINK[platform](username);
  return payload === undefined ? base : `${base}?start=${payload}`;
}
