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

export class VolunteerError extends Error {
  readonly code: VolunteerErrorCode;
  readonly key: string;

  constructor(code: VolunteerErrorCode) {
    super(`volunteer: ${code}`);
    this.name = 'VolunteerError';
    this.code = code;
    this.key = `pledge:errors.${code}`;
  }
}
