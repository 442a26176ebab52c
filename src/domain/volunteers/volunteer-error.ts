import { Refusal } from '../refusal.ts';

/** Why a volunteer use case refused; `key` is the locale key the volunteer should read. */
export const VOLUNTEER_ERROR_CODES = [
  'not_registered',
  'already_registered',
  'not_active',
  'not_paused',
  'ended',
  'already_withdrawn',
] as const;
export type VolunteerErrorCode = (typeof VOLUNTEER_ERROR_CODES)[number];

export class VolunteerError extends Refusal<VolunteerErrorCode> {
  constructor(code: VolunteerErrorCode) {
    super('volunteer', code, `pledge:errors.${code}`);
  }
}
