import { Refusal } from '../refusal.ts';

/** Why a staff use case refused; `key` is the locale key the person should read. */
export const ROLE_ERROR_CODES = [
  'forbidden',
  'out_of_scope',
  'not_found',
  'invite_unknown',
  'invite_expired',
  'invite_used',
  'invite_wrong_platform',
  'already_coordinator',
  'request_pending',
  'no_provinces',
  'is_admin',
] as const;
export type RoleErrorCode = (typeof ROLE_ERROR_CODES)[number];

export class RoleError extends Refusal<RoleErrorCode> {
  constructor(code: RoleErrorCode) {
    super('roles', code, `admin:errors.${code}`);
  }
}
