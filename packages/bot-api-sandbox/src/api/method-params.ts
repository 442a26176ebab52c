import type { UploadedFile } from '../http/multipart.ts';
import type { MethodInput } from '../http/read-request.ts';
import { ApiError, badRequest } from './api-error.ts';

/**
 * Typed access to call parameters. Query strings, forms and multipart carry only strings, and JSON-typed
 * fields (reply_markup, commands…) arrive there as JSON text, so every reader accepts both forms.
 */
export class MethodParams {
  readonly #input: MethodInput;

  constructor(input: MethodInput) {
    this.#input = input;
  }

  has(name: string): boolean {
    const value = this.#input.params[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.#input.params[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be a string`);
  }

  int(name: string): number | undefined {
    const value = this.#input.params[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
      throw badRequest(`field "${name}" must be an integer`);
    }
    return number;
  }

  /** A finite number (a coordinate), from JSON or from text. */
  number(name: string): number | undefined {
    const value = this.#input.params[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' ? Number(value.trim()) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) throw badRequest(`field "${name}" must be a number`);
    return number;
  }

  bool(name: string): boolean | undefined {
    const value = this.#input.params[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (value === true || value === 'true' || value === 1 || value === '1') return true;
    if (value === false || value === 'false' || value === 0 || value === '0') return false;
    throw badRequest(`field "${name}" must be a boolean`);
  }

  /** A JSON-typed field: the value itself from a JSON body, or parsed from text. */
  json(name: string, what = name): unknown {
    const value = this.#input.params[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${what} JSON object`);
    }
  }

  /** Private chats only: a numeric id. "@username" targets channels, which the sandbox has none of. */
  chatId(notFoundDescription: string): number {
    const value = this.#input.params.chat_id;
    if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim())) return Number(value.trim());
    throw new ApiError(400, notFoundDescription);
  }

  /** A file field: an upload (directly or via attach://name) or a string (file_id or URL). */
  file(name: string): UploadedFile | string | undefined {
    const direct = this.#input.files.get(name);
    if (direct) return direct;
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    if (value.startsWith('attach://')) {
      const attached = this.#input.files.get(value.slice('attach://'.length));
      if (!attached) throw badRequest(`file "${value}" is not attached`);
      return attached;
    }
    return value;
  }
}
