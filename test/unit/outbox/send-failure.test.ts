import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../../src/messaging/outbox/send-failure.ts';

const apiError = (error_code: number, description: string, parameters: { retry_after?: number } = {}) =>
  new GrammyError('Call to sendMessage failed!', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('send failure classes', () => {
  it('when Telegram answers 429 with retry_after, then the wait is taken from it', () => {
    expect(classifySendError(apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 7000,
    });
  });

  it('when Bale answers a bare 429, then there is no wait and the sender backs off by itself', () => {
    expect(classifySendError(apiError(429, 'Too Many Requests: bot limit exceed'))).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: undefined,
    });
  });

  it.each([
    [403, 'Forbidden: bot was blocked by the user'],
    [403, "Forbidden: bot can't initiate conversation with a user"],
    [400, 'Bad Request: chat not found'],
    [400, 'Bad Request: no such group or user'],
    [403, 'Forbidden: user is deactivated'],
  ])('when the server answers %i "%s", then the recipient is unreachable', (code, description) => {
    expect(classifySendError(apiError(code, description)).kind).toBe('unreachable');
  });

  it('when a message is malformed, then it is rejected for good', () => {
    expect(classifySendError(apiError(400, 'Bad Request: message is too long')).kind).toBe('rejected');
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [401, 'Unauthorized'],
  ])('when the server answers %i, then the failure is temporary', (code, description) => {
    expect(classifySendError(apiError(code, description)).kind).toBe('temporary');
  });

  it('when the network fails, then the failure is temporary and the description carries no token', () => {
    const failure = classifySendError(
      new HttpError('Network request for sendMessage to 123456:ABCDEFGHIJKL failed', new Error('x')),
    );
    expect(failure.kind).toBe('temporary');
    expect(failure.description).not.toContain('ABCDEFGHIJKL');
  });
});
