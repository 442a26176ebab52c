/**
 * A coordinator: appointed by an admin with a list of provinces, by an invite link or by approving a request the
 * person made in the bot. A request is kept as a coordinator record in `requested` state until an admin decides.
 */

import type { Platform } from '../platform.ts';
import { getProvince } from '../reference/provinces.ts';

export const COORDINATOR_STATUSES = ['requested', 'active'] as const;
export type CoordinatorStatus = (typeof COORDINATOR_STATUSES)[number];

/** A coordinator is meant for a region, not the country: beyond this many provinces an admin should be asked. */
export const MAX_COORDINATOR_PROVINCES = 8;
export const REQUEST_NOTE_MAX_LENGTH = 300;

export interface Coordinator {
  key: string;
  platform: Platform;
  chatId: string;
  /** The name they go by in the bot, for admins' lists. */
  name: string;
  status: CoordinatorStatus;
  provinces: string[];
  /** What the person wrote when asking to become a coordinator. */
  note: string | null;
  via: 'invite' | 'request';
  requestedAt: Date | null;
  appointedAt: Date | null;
  appointedBy: string | null;
  updatedAt: Date;
}

/** Province codes as given, known ones only, without repeats, in the reference order. */
export function cleanProvinces(codes: readonly string[]): string[] {
  return [...new Set(codes)].filter((code) => getProvince(code) !== undefined);
}

/** Adds or removes one province from a selection (the multi-select keyboard). */
export function toggleProvince(selected: readonly string[], code: string): string[] {
  if (!getProvince(code)) return [...selected];
  return selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code];
}
