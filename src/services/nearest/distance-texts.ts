/** What a call-up by distance adds to its coordinator's status message: the circle, and who is coming from how far. */
import type { CallUp } from '../../domain/callups/callup.ts';
import { holdsSeat, type Invitation, isWithdrawn } from '../../domain/callups/invitation.ts';
import { circleOf } from '../../domain/callups/radius.ts';
import { bandsWithin, type DistanceBand } from '../../domain/geo/bands.ts';
import type { Tr } from '../../i18n/index.ts';

/** No lines for a call-up of a province or of bases. */
export function distanceLines(
  t: Tr,
  callUp: Pick<CallUp, 'target'>,
  invitations: readonly Pick<Invitation, 'answer' | 'withdrawnAt' | 'distanceBand'>[],
): string[] {
  const circle = circleOf(callUp);
  if (!circle) return [];
  const coming = new Map<DistanceBand, number>(bandsWithin(circle.km).map((band) => [band, 0]));
  for (const i of invitations) {
    if (i.distanceBand && holdsSeat(i) && !isWithdrawn(i))
      coming.set(i.distanceBand, (coming.get(i.distanceBand) ?? 0) + 1);
  }
  const rings = [...coming].map(([band, count]) =>
    t('callup:board.ring', { band: t(`common:distance.band.${band}`), count }),
  );
  return [t('callup:board.radius', { km: circle.km }), t('callup:board.rings', { rings: rings.join(' | ') })];
}
