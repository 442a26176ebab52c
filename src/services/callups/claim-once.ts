import type { CallUp } from '../../domain/callups/callup.ts';
import type { CallUpChanges } from '../../persistence/repositories/callup.repository.ts';
import type { CallUpContext } from './callup-context.ts';

/**
 * Applies `changes` only while `due` holds for the record as it is now (the job's list may be a few seconds old:
 * filled, closed or cancelled since); the updated call-up when it did, which makes the step happen once across
 * instances.
 */
export async function claimOnce(
  ctx: CallUpContext,
  id: string,
  due: (current: CallUp) => boolean,
  changes: (current: CallUp) => CallUpChanges,
): Promise<CallUp | undefined> {
  let claimed = false;
  const updated = await ctx.callUps.update(id, (current) => {
    claimed = due(current);
    return claimed ? changes(current) : {};
  });
  return claimed ? updated : undefined;
}
