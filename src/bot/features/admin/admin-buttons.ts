import { PLATFORM_PATTERN } from '../../../domain/platform.ts';
/** Callback data of the admin's buttons; a user key follows the ones ending in `:`. */
export const ADMIN = {
  coordinators: 'ad:list',
  invite: 'ad:invite',
  requests: 'ad:reqs',
  audit: 'ad:audit',
  show: 'ad:c:',
  change: 'ad:cp:',
  remove: 'ad:rm:',
  removeConfirmed: 'ad:rmy:',
} as const;

const KEY = `((?:${PLATFORM_PATTERN}):\\d{1,15})`;
/** Matches a button's data made of `prefix` and a user key, the key as the first group. */
export const withKey = (prefix: string) => new RegExp(`^${prefix}${KEY}$`);
