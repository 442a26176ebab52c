/** The chat platforms Nazr runs on; a user key is `"<platform>:<id>"`. */
export const PLATFORMS = ['telegram', 'bale'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function platformOfKey(key: string): Platform | undefined {
  const platform = key.slice(0, key.indexOf(':'));
  return (PLATFORMS as readonly string[]).includes(platform) ? (platform as Platform) : undefined;
}

/** Reads a typed user key, `bale:123` or `telegram:456`; undefined for anything else. */
export function parseUserKey(input: string): string | undefined {
  const match = /^(telegram|bale):(\d{1,15})$/.exec(input.trim().toLowerCase());
  return match ? `${match[1]}:${match[2]}` : undefined;
}
