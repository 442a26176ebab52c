/** A refusal the page can show: `code` is a key under `errors.` in locales/{fa,en}/webchat.json. */
export class WebChatError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, detail?: string) {
    super(detail ?? code);
    this.name = 'WebChatError';
    this.status = status;
    this.code = code;
  }
}
