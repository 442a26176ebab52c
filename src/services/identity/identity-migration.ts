/**
 * The start-up pass over existing volunteers, safe to run on every start: notes who holds which number, links the
 * people who proved the same number (registered on both messengers before accounts could be linked), and puts the
 * pairs who share a number only one of them proved on the admin's `/duplicates` list.
 */
import { SHARED_NUMBER_PAIRED_HOLDERS } from '../../domain/identity/shared-number.ts';
import type { Logger } from '../../logger.ts';
import { type IdentityRepository, pairId } from '../../persistence/repositories/identity.repository.ts';
import type { PersonMove } from '../../persistence/repositories/person-history.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { PersonIdentity } from '../../persistence/repositories/volunteer-identities.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { type HistoryDeps, type MergeDeps, mergePeople, moveHistories } from './person-merge.ts';

export interface MigrationDeps extends MergeDeps, HistoryDeps {
  volunteers: MergeDeps['volunteers'] & Pick<VolunteerRepository, 'listIdentities'>;
  identity: IdentityRepository;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
  now: () => Date;
}

/** The actor the audit log names for what the start-up pass did. */
export const MIGRATION_ACTOR = 'system:identity-migration';

const byRegistration = (a: PersonIdentity, b: PersonIdentity) =>
  a.registeredAt.getTime() - b.registeredAt.getTime() || (a.key < b.key ? -1 : 1);

export async function migrateIdentities(deps: MigrationDeps): Promise<{ merged: number; flagged: number }> {
  const byMobile = new Map<string, PersonIdentity[]>();
  for (const person of await deps.volunteers.listIdentities()) {
    if (person.mobile) byMobile.set(person.mobile, [...(byMobile.get(person.mobile) ?? []), person]);
  }
  await syncOwners(deps.identity, byMobile);
  const merges: PersonMove[] = [];
  const pairs: [string, string][] = [];
  for (const group of byMobile.values()) {
    if (group.length < 2) continue;
    const plan = await planGroup(deps.identity, group.sort(byRegistration));
    merges.push(...plan.merges);
    pairs.push(...plan.pairs);
  }
  // Every history in one pass (a full read of each collection on FerretDB), then the records.
  if (merges.length > 0) await moveHistories(deps, merges);
  let merged = 0;
  for (const { keepKey, joinKey } of merges) {
    if (!(await mergePeople(deps, keepKey, joinKey))) continue;
    merged += 1;
    await deps.audit.record({
      actor: MIGRATION_ACTOR,
      action: 'person.merged',
      target: keepKey,
      details: { joined: joinKey },
    });
  }
  let flagged = 0;
  for (const [a, b] of pairs) {
    if (await deps.identity.getPair(pairId(a, b))) continue;
    await deps.identity.flagPair(a, b, 'shared_typed', deps.now());
    flagged += 1;
  }
  if (merged + flagged > 0) deps.logger.info({ merged, flagged }, 'identity migration linked and flagged people');
  return { merged, flagged };
}

/** Writes only what differs from the stored holders: a start with nothing new costs one scan and no writes. */
async function syncOwners(identity: IdentityRepository, byMobile: Map<string, PersonIdentity[]>) {
  const stored = await identity.allOwners();
  for (const [mobile, holders] of byMobile) {
    const known = stored.get(mobile) ?? [];
    for (const person of holders) {
      const noted = known.find((o) => o.key === person.key);
      if (noted?.verified !== person.mobileVerified) {
        await identity.claimMobile(mobile, { key: person.key, verified: person.mobileVerified });
      }
    }
  }
  // Holders left behind by a crash between a record's change and this register's.
  for (const [mobile, owners] of stored) {
    const holders = byMobile.get(mobile) ?? [];
    for (const owner of owners) {
      if (!holders.some((p) => p.key === owner.key)) await identity.releaseMobile(mobile, owner.key);
    }
  }
}

/**
 * One number's holders: the provers join the first prover (unless an admin or they decided otherwise); every two of
 * the rest are a pair for the admin, among a number's first holders (see shared-number).
 */
async function planGroup(identity: IdentityRepository, group: PersonIdentity[]) {
  const [first, ...others] = group.filter((p) => p.mobileVerified);
  const left = group.filter((p) => !p.mobileVerified);
  const merges: PersonMove[] = [];
  for (const other of first ? others : []) {
    // A pair already on the list (they said "not me", or an admin kept them apart) is the admin's to decide.
    if (await identity.getPair(pairId(first!.key, other.key))) left.push(other);
    else merges.push({ keepKey: first!.key, joinKey: other.key });
  }
  const kept = (first ? [first, ...left] : left).slice(0, SHARED_NUMBER_PAIRED_HOLDERS);
  const pairs = kept.flatMap((a, i) => kept.slice(i + 1).map((b): [string, string] => [a.key, b.key]));
  return { merges, pairs };
}
