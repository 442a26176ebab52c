/**
 * What the call-up use cases need from outside: the outbox for every broadcast, the coordinator check, and where
 * candidates come from. Single messages (the coordinator's board, a volunteer's promotion) go through
 * `messaging/send-now.ts`.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import type { Outbox } from '../../messaging/outbox/outbox-sender.ts';

/** Broadcasts (cards, reminders, notices) go through the persistent outbox, never straight to the platform. */
export type CallUpOutbox = Pick<Outbox, 'enqueue' | 'cancel' | 'campaignProgress' | 'adoptCampaign'>;

/**
 * Who may coordinate call-ups. One seam so that the rule can change in one place: today admins (ADMIN_IDS) and
 * coordinators of a province, through the roles module.
 */
export interface CallUpAccess {
  /** May this person run call-ups in the province (in any province when it is omitted)? Quiet: for menus and lists. */
  mayCoordinate(userKey: string, province?: string): Promise<boolean>;
  /** The same question for an attempt (a command, a button): a refusal is written to the audit log as `attempt`. */
  authorize(userKey: string, attempt: string, province?: string): Promise<boolean>;
  /** Writes a refusal found before any role check (a forged button, data naming no call-up) to the audit log. */
  logRefusal(userKey: string, attempt: string, reason: string): Promise<void>;
  /** The provinces the person may create call-ups in; `null` for all of them. */
  provincesOf(userKey: string): Promise<readonly string[] | null>;
  /** May this person see the phone of a volunteer from this province (admins, and coordinators of that province)? */
  maySeeContactDetails(userKey: string, volunteerProvince: string): Promise<boolean>;
}

export interface ConfirmOptions {
  /** Re-read each one by `_id` even where one scanning query would cost less in all: a few, needed at once. */
  byId?: boolean;
}

/** Where matching candidates come from: the indexed query, or an in-process index on FerretDB. */
export interface CandidateSource {
  /** Volunteers who match the criteria at `now` (already checked with `matchesCallUp`). */
  find(criteria: MatchCriteria, now: Date): Promise<MatchFields[]>;
  /**
   * The chosen candidates as stored now, in their order, keeping those who still match: `find` may be stale (the
   * in-process index), and a restart resumes a wave from its picks' keys alone.
   */
  confirm(
    candidates: readonly Pick<MatchFields, 'key'>[],
    criteria: MatchCriteria,
    now: Date,
    options?: ConfirmOptions,
  ): Promise<MatchFields[]>;
}

/**
 * An offline member invited through their base (keyed `offline:<id>`), as a coordinator sees them: their base's
 * leader answers for them, so every list marks them as relayed through it.
 */
export interface RelayedPerson {
  name: string;
  /** E.164, as the leader gave it. */
  mobile: string;
  /** Their base's province: who may see the phone goes by it. */
  province: string;
  /** The name of the base whose leader answers for them. */
  relayedBy: string;
}

/** The relayed people among some invitation keys (every other key, and a member since removed, is left out). */
export type RelayedPeople = (keys: readonly string[]) => Promise<Map<string, RelayedPerson>>;

/** Tells the leaders who answer for a relayed person that they moved up from the waiting list (the bases module). */
export type RelayedPromoted = (callUp: CallUp, invitation: Invitation) => Promise<void>;
