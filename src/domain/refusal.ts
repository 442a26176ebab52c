/**
 * A use case's refusal that a person reads about: `code` says why, `key` is the locale key of the words they see.
 * Each area (roles, volunteers, call-ups) extends it with its own codes, so features catch their own area's refusals.
 */
export class Refusal<Code extends string> extends Error {
  readonly code: Code;
  readonly key: string;

  constructor(area: string, code: Code, key: string) {
    super(`${area}: ${code}`);
    this.name = new.target.name;
    this.code = code;
    this.key = key;
  }
}
