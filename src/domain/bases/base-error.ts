import { Refusal } from '../refusal.ts';
import type { BaseProblem } from './base.ts';

export const BASE_ERROR_CODES = ['not_found', 'invalid', 'duplicate', 'closed', 'not_leader'] as const;
export type BaseErrorCode = (typeof BASE_ERROR_CODES)[number];

/** Why a base use case refused; `problems` says what was wrong with the fields given (`invalid`). */
export class BaseError extends Refusal<BaseErrorCode> {
  readonly problems: readonly BaseProblem[];

  constructor(code: BaseErrorCode, problems: readonly BaseProblem[] = []) {
    super('bases', code, `bases:errors.${code}`);
    this.problems = problems;
  }
}
