/**
 * One call-up as the dashboard shows it: the header, the figures beside the board's, and one row per invited
 * volunteer. Pure shaping; the mobile is kept only where the viewer may see it (the same rule as the bot's list).
 */
import { createHash } from 'node:crypto';
import { type CallUp, endsAt, hasEnded } from '../domain/callups/callup.ts';
import { boardFigures } from '../domain/callups/figures.ts';
import type { Invitation } from '../domain/callups/invitation.ts';
import type { Locale } from '../domain/locale.ts';
import { getProvince } from '../domain/reference/provinces.ts';
import { type Actor, canSeeContactDetails } from '../domain/roles/actor.ts';
import { formatDateTime } from '../domain/text/jalali-format.ts';
import type { Tr } from '../i18n/index.ts';
import type { PersonFacts } from '../persistence/repositories/dashboard-read.repository.ts';
import { specialtyName } from '../services/reports/stats-chart.ts';

export interface PersonRow {
  /** Stable and opaque: the volunteer's platform id is not the viewer's business. */
  id: string;
  name: string;
  specialty: string;
  province: string;
  /** The province's code: the mobile is shown by it. */
  provinceCode: string;
  answer: Invitation['answer'];
  etaMinutes: number | null;
  answeredAt: string | null;
  mobile: string | null;
  /** For an offline member, the base whose leader answered for them. */
  relayedBy: string | null;
}

export interface CallUpHeader {
  id: string;
  title: string;
  drill: boolean;
  status: CallUp['status'];
  province: string;
  provinceCode: string;
  startsAt: string;
  endsAt: string;
  ended: boolean;
  extended: boolean;
}

const MINUTE_MS = 60_000;

export const rowIdOf = (volunteerKey: string): string =>
  createHash('sha256').update(volunteerKey).digest('base64url').slice(0, 12);

export function callUpHeader(callUp: CallUp, locale: Locale, now: Date): CallUpHeader {
  return {
    id: callUp.id,
    title: callUp.title,
    drill: callUp.drill,
    status: callUp.status,
    province: getProvince(callUp.province)?.[locale] ?? callUp.province,
    provinceCode: callUp.province,
    startsAt: formatDateTime(locale, callUp.startsAt),
    endsAt: formatDateTime(locale, endsAt(callUp)),
    ended: hasEnded(callUp, now),
    extended: callUp.extendedAt !== null,
  };
}

/** Need against confirmed per specialty, the answer counts, and how many answers came in the last minute. */
export function callUpFigures(
  callUp: CallUp,
  invitations: readonly Invitation[],
  labels: { locale: Locale; t: Tr },
  now: Date,
) {
  const figures = boardFigures(callUp, invitations);
  const since = now.getTime() - MINUTE_MS;
  return {
    ...figures,
    needs: figures.needs.map((need) => ({ ...need, label: specialtyName(need.specialty, labels.locale, labels.t) })),
    answersPerMinute: invitations.filter((i) => i.answeredAt !== null && i.answeredAt.getTime() > since).length,
  };
}

export type CallUpFigures = ReturnType<typeof callUpFigures>;

/** A row as every viewer may see it, mobile included: `forViewer` takes the mobile out where it must go. */
export function personRow(
  invitation: Invitation,
  person: PersonFacts | undefined,
  labels: { locale: Locale; t: Tr },
): PersonRow {
  const province = person?.province || invitation.province;
  return {
    id: rowIdOf(invitation.volunteerKey),
    name: person?.name ?? '',
    specialty: specialtyName(invitation.specialty, labels.locale, labels.t),
    province: getProvince(province)?.[labels.locale] ?? province,
    provinceCode: province,
    answer: invitation.answer,
    etaMinutes: invitation.etaMinutes,
    answeredAt: invitation.answeredAt?.toISOString() ?? null,
    mobile: person?.mobile || null,
    relayedBy: person?.relayedBy ?? null,
  };
}

export function forViewer(actor: Actor, row: PersonRow): PersonRow {
  return canSeeContactDetails(actor, row.provinceCode) ? row : { ...row, mobile: null };
}

/** What changes a row as the dashboard shows it: a new value here is sent to the open pages. */
export const rowFingerprint = (i: Invitation): string =>
  `${i.answer}|${i.etaMinutes}|${i.answeredAt?.getTime()}|${i.withdrawnAt?.getTime()}`;
