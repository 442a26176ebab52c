import { describe, expect, it } from 'vitest';
import { parseUserKey, platformOfKey } from '../../../src/domain/platform.ts';
import {
  type Actor,
  canSeeContactDetails,
  coversProvince,
  hasRole,
  narrowScope,
  scopeOf,
} from '../../../src/domain/roles/actor.ts';
import { cleanProvinces, toggleProvince } from '../../../src/domain/roles/coordinator.ts';
import {
  INVITE_LIFETIME_MS,
  type Invite,
  invitePayload,
  inviteProblem,
  tokenFromPayload,
} from '../../../src/domain/roles/invite.ts';

const admin: Actor = { key: 'bale:1', role: 'admin', provinces: [] };
const tehranCoordinator: Actor = { key: 'bale:2', role: 'coordinator', provinces: ['tehran', 'alborz'] };
const volunteer: Actor = { key: 'bale:3', role: 'volunteer', provinces: [] };

describe('roles: who may act where', () => {
  it('when an admin acts, then every province is covered and the scope is the country', () => {
    expect(coversProvince(admin, 'fars')).toBe(true);
    expect(scopeOf(admin)).toEqual({ kind: 'country' });
    expect(hasRole(admin, 'coordinator')).toBe(true);
  });

  it('when a coordinator acts, then only their provinces are covered', () => {
    expect(coversProvince(tehranCoordinator, 'alborz')).toBe(true);
    expect(coversProvince(tehranCoordinator, 'fars')).toBe(false);
    expect(hasRole(tehranCoordinator, 'admin')).toBe(false);
    expect(scopeOf(tehranCoordinator)).toEqual({ kind: 'provinces', provinces: ['tehran', 'alborz'] });
  });

  it('when a volunteer acts, then nothing is covered and no staff role is held', () => {
    expect(coversProvince(volunteer, 'tehran')).toBe(false);
    expect(hasRole(volunteer, 'coordinator')).toBe(false);
    expect(scopeOf(volunteer)).toEqual({ kind: 'provinces', provinces: [] });
  });

  it('when a scope is narrowed to a province outside it or unknown, then there is no scope', () => {
    expect(narrowScope(tehranCoordinator, 'tehran')).toEqual({ kind: 'provinces', provinces: ['tehran'] });
    expect(narrowScope(tehranCoordinator, 'fars')).toBeUndefined();
    expect(narrowScope(admin, 'atlantis')).toBeUndefined();
    expect(narrowScope(admin, undefined)).toEqual({ kind: 'country' });
  });

  it('when contact details are asked for, then only admins and coordinators of that province get them', () => {
    expect(canSeeContactDetails(admin, 'fars')).toBe(true);
    expect(canSeeContactDetails(tehranCoordinator, 'tehran')).toBe(true);
    expect(canSeeContactDetails(tehranCoordinator, 'qom')).toBe(false);
    expect(canSeeContactDetails(volunteer, 'tehran')).toBe(false);
  });

  it('when provinces are toggled and cleaned, then unknown codes and repeats drop out', () => {
    expect(toggleProvince(['tehran'], 'fars')).toEqual(['tehran', 'fars']);
    expect(toggleProvince(['tehran', 'fars'], 'tehran')).toEqual(['fars']);
    expect(toggleProvince(['tehran'], 'atlantis')).toEqual(['tehran']);
    expect(cleanProvinces(['fars', 'fars', 'atlantis', 'qom'])).toEqual(['fars', 'qom']);
  });

  it('when user keys are typed, then only platform:digits is accepted', () => {
    expect(parseUserKey(' Bale:123 ')).toBe('bale:123');
    expect(parseUserKey('telegram:x1')).toBeUndefined();
    expect(parseUserKey('123')).toBeUndefined();
    expect(platformOfKey('telegram:5')).toBe('telegram');
    expect(platformOfKey('web:5')).toBeUndefined();
  });
});

describe('invites: expiry, single use, platform', () => {
  const created = new Date('2026-11-20T10:00:00Z');
  const invite: Invite = {
    token: 'abcdefghijklmnopqrstuvwx',
    platform: 'bale',
    provinces: ['tehran'],
    createdBy: 'bale:1',
    createdAt: created,
    expiresAt: new Date(created.getTime() + INVITE_LIFETIME_MS),
  };

  it('when opened on its platform within 48 hours and unused, then it can be redeemed', () => {
    expect(inviteProblem(invite, false, 'bale', new Date(created.getTime() + 47 * 3_600_000))).toBeUndefined();
  });

  it('when opened at 48 hours or later, then it has expired', () => {
    expect(inviteProblem(invite, false, 'bale', new Date(created.getTime() + INVITE_LIFETIME_MS))).toBe('expired');
  });

  it('when redeemed already, on the wrong platform, or unknown, then each says why', () => {
    expect(inviteProblem(invite, true, 'bale', created)).toBe('used');
    expect(inviteProblem(invite, false, 'telegram', created)).toBe('wrong_platform');
    expect(inviteProblem(undefined, false, 'bale', created)).toBe('unknown');
  });

  it('when a payload is read, then only inv_ with a token-shaped rest is an invite', () => {
    expect(tokenFromPayload(invitePayload(invite.token))).toBe(invite.token);
    expect(tokenFromPayload('inv_short')).toBeUndefined();
    expect(tokenFromPayload('ref_abcdefghijklmnopqrstuvwx')).toBeUndefined();
    expect(invitePayload(invite.token).length).toBeLessThanOrEqual(64);
  });
});
