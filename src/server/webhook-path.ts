import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../domain/platform.ts';

/** The secret path segment of a platform's webhook URL; Bale sends no secret header, so the path carries the proof. */
export function webhookPathSecret(secret: string, platform: Platform): string {
  return createHmac('sha256', secret).update(`webhook:${platform}`).digest('base64url').slice(0, 32);
}

export function webhookPath(secret: string, platform: Platform): string {
  return `/webhook/${platform}/${webhookPathSecret(secret, platform)}`;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
