import { getProvince } from '../reference/provinces.ts';

/**
 * Who may do what. Admins come from ADMIN_IDS and act everywhere; a coordinator acts only in the provinces an admin
 * gave them; everyone else is a volunteer (or a visitor) with no privileged action at all.
 */

export const STAFF_ROLES = ['admin', 'coordinator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'volunteer';

/** The person behind an update, as the authorization module sees them. */
export interface Actor {
  /** The user key, `"<platform>:<platformUserId>"`. */
  key: string;
  role: Role;
  /** The provinces a coordinator acts in; empty for admins (who act everywhere) and volunteers. */
  provinces: readonly string[];
}

/** Where an actor's reports, exports and announcements reach: the whole country, or a list of provinces. */
export type Scope = { kind: 'country' } | { kind: 'provinces'; provinces: readonly string[] };

export const COUNTRY: Scope = { kind: 'country' };

export const isStaff = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'coordinator';

/** True when the actor holds `role` or a higher one (an admin may do everything a coordinator may). */
export function hasRole(actor: Actor, role: StaffRole): boolean {
  if (role === 'admin') return actor.role === 'admin';
  return isStaff(actor);
}

/** True when the actor may act on people and call-ups in this province (a code that is no province: nobody). */
export function coversProvince(actor: Actor, province: string): boolean {
  if (!getProvince(province)) return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'coordinator' && actor.provinces.includes(province);
}

/** The actor's own scope: admins the country, coordinators their provinces, anyone else nothing. */
export function scopeOf(actor: Actor): Scope {
  if (actor.role === 'admin') return COUNTRY;
  return { kind: 'provinces', provinces: actor.role === 'coordinator' ? [...actor.provinces] : [] };
}

/**
 * Narrows the actor's scope to one province they asked for; undefined when that province is outside their scope
 * (a coordinator asking for another province, or a forged button).
 */
export function narrowScope(actor: Actor, province: string | undefined): Scope | undefined {
  if (province === undefined) return scopeOf(actor);
  return coversProvince(actor, province) ? { kind: 'provinces', provinces: [province] } : undefined;
}

export function scopeIncludes(scope: Scope, province: string | undefined): boolean {
  if (scope.kind === 'country') return true;
  return province !== undefined && scope.provinces.includes(province);
}

/**
 * Phone and licence numbers are shown only to admins and to coordinators of the volunteer's own province; a
 * coordinator of a neighbouring province who sees the volunteer through a widened call-up does not get them.
 */
export function canSeeContactDetails(actor: Actor, volunteerProvince: string): boolean {
  return coversProvince(actor, volunteerProvince);
}
