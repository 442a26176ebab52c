/** Call-ups to chosen bases: the bases a call-up's target names, as the matching criteria carry them. */
import { type CallUpTarget, targetOf } from '../callups/target.ts';

/** The bases a call-up reaches, as matching criteria take them; nothing for other targets. */
export function basesOf(callUp: { target?: CallUpTarget | null | undefined }): { bases?: readonly string[] } {
  const target = targetOf(callUp);
  return target.kind === 'bases' ? { bases: target.baseIds } : {};
}
