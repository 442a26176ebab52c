import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../../src/messaging/outbox/quiet-hours.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

describe('quiet hours in the outbox', () => {
  const night = tehran('2026-11-23T23:30:00');
  const morning = tehran('2026-11-24T07:00:00');

  it('when it is night in Tehran, then news and routine notices wait for 07:00', () => {
    expect(quietUntil({ campaignKind: 'announcement' }, night)).toEqual(morning);
    expect(quietUntil({ campaignKind: 'notice' }, night)).toEqual(morning);
  });

  it('when it is night in Tehran, then call-ups and staff notices go at once', () => {
    expect(quietUntil({ campaignKind: 'callup' }, night)).toBeUndefined();
    expect(quietUntil({ campaignKind: 'staff-notice' }, night)).toBeUndefined();
  });

  it('when it is day in Tehran, then routine notices go at once', () => {
    expect(quietUntil({ campaignKind: 'notice' }, tehran('2026-11-24T10:00:00'))).toBeUndefined();
  });
});
