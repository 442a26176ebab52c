/** The chat platforms Nazr runs on; a user key is `"<platform>:<id>"`. */
export const PLATFORMS = ['telegram', 'bale'] as const;
export type Platform = (typeof PLATFORMS)[number];
/** Any one platform's name, for the patterns that read user keys (`bale:123`). */
export const PLATFORM_PATTERN = PLATFORMS.join('|');

export function platformOfKey(key: string): Platform | undefined {
  const platform = key.slice(0, key.indexOf(':'));
  return (PLATFORMS as readonly string[]).includes(platform) ? (platform as Platform) : undefined;
}

const TYPED_USER_KEY = new RegExp(`^(${PLATFORM_PATTERN}):(\\d{1,15})$`);

/** Reads a typed user key, `bale:123` or `telegram:456`; undefined for anything else. */
export function parseUserKey(input: string): string | undefined {
  const match = TYPED_USER_KEY.exec(input.trim().toLowerCase());
  return match ? `${match[1]}:${match[2]}` : undefined;
}
