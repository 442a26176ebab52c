export interface ResponseParameters {
  retry_after?: number;
}

export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/** A Bot API failure; the HTTP status equals `error_code`, as on Telegram. */
export class ApiError extends Error {
  readonly code: number;
  readonly parameters: ResponseParameters | undefined;

  constructor(code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.name = 'ApiError';
    this.code = code;
    this.parameters = parameters;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { ok: false, error_code: this.code, description: this.message };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export const badRequest = (detail: string): ApiError => new ApiError(400, `Bad Request: ${detail}`);
export const forbidden = (detail: string): ApiError => new ApiError(403, `Forbidden: ${detail}`);
export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized');
export const notFound = (): ApiError => new ApiError(404, 'Not Found');
export const conflict = (detail: string): ApiError => new ApiError(409, `Conflict: ${detail}`);

/** 429 as Telegram sends it; `retryAfter` undefined gives the bare form Bale may send. */
export function tooManyRequests(retryAfter: number | undefined, bareDescription = 'Too Many Requests'): ApiError {
  if (retryAfter === undefined) return new ApiError(429, bareDescription);
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

/** Default descriptions for injected faults, so a test only has to name the status. */
export function describeStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Bad Request: injected failure';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden: bot was blocked by the user';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict: injected failure';
    case 429:
      return 'Too Many Requests';
    case 502:
      return 'Bad Gateway';
    default:
      return status >= 500 ? 'Internal Server Error' : `Error ${status}`;
  }
}
