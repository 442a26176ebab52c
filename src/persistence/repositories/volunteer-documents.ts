import { type Locatable, locationOf } from '../../domain/geo/location-of.ts';
import { type Volunteer, type VolunteerStatus, volunteerSchema } from '../../domain/volunteers/volunteer.ts';
import type { VolunteerDocument, VolunteerRecordStatus } from '../models/volunteer.model.ts';
import { orNull } from './lean-fields.ts';

// Volunteer records ↔ the domain's Volunteer; drafts and erased remainders are records but no volunteers.

export const REGISTERED: readonly VolunteerStatus[] = ['active', 'paused', 'expired', 'withdrawn'];
export const isRegisteredStatus = (status: VolunteerRecordStatus): status is VolunteerStatus =>
  (REGISTERED as readonly string[]).includes(status);

export function toVolunteer(doc: VolunteerDocument): Volunteer | undefined {
  if (!isRegisteredStatus(doc.status)) return undefined;
  // `geo` is only the stored GeoJSON copy of the place, for MongoDB's index; the domain reads `location`.
  const { _id, status, geo: _geo, ...rest } = doc as VolunteerDocument & { geo?: unknown };
  // Stored nulls may come back missing (or the other way round); the domain type always has null.
  return {
    ...(rest as unknown as Volunteer),
    key: _id,
    status,
    specialtyOther: orNull(doc.specialtyOther),
    licence: orNull(doc.licence),
    hoursPerMonth: orNull(doc.hoursPerMonth),
    validUntil: orNull(doc.validUntil),
    pausedUntil: orNull(doc.pausedUntil),
    unavailableUntil: orNull(doc.unavailableUntil),
    note: orNull(doc.note),
    lastCheckInAt: orNull(doc.lastCheckInAt),
    ...(doc.location ? { location: doc.location } : {}),
    ...(doc.baseLocation ? { baseLocation: doc.baseLocation } : {}),
  } as Volunteer;
}

export function toDocument(volunteer: Volunteer): VolunteerDocument {
  const { key, ...fields } = volunteerSchema.parse(volunteer);
  const geo = geoOf(fields);
  return { _id: key, ...fields, ...(geo ? { geo } : {}) } as VolunteerDocument;
}

/** The fields `geo` is derived from: a change to any of them writes it again. */
export const GEO_SOURCES: readonly string[] = ['location', 'baseLocation', 'province', 'city'];

/** Where distance call-ups place the volunteer, as the GeoJSON point MongoDB's `2dsphere` index reads. */
export function geoOf(volunteer: Locatable): VolunteerDocument['geo'] {
  const at = locationOf(volunteer);
  return at ? { type: 'Point', coordinates: [at.lon, at.lat] } : null;
}

export const toVolunteers = (docs: VolunteerDocument[]): Volunteer[] =>
  docs.map(toVolunteer).filter((v): v is Volunteer => v !== undefined);
