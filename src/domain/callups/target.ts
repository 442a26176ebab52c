/**
 * Whom a call-up reaches: its province (and the neighbours it widens to), the members of chosen bases, or everyone
 * within a distance of the incident. A call-up without a target reaches its province, as before targets existed.
 */
import { z } from 'zod';
import { geoPointSchema } from '../geo/geo-point.ts';

export const MAX_TARGET_BASES = 20;

export const callUpTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('province') }),
  z.object({ kind: z.literal('bases'), baseIds: z.array(z.string().min(1)).min(1).max(MAX_TARGET_BASES) }),
  z.object({ kind: z.literal('radius'), center: geoPointSchema, km: z.number().positive().max(500) }),
]);

export type CallUpTarget = z.infer<typeof callUpTargetSchema>;
export type CallUpTargetKind = CallUpTarget['kind'];

export const PROVINCE_TARGET: CallUpTarget = { kind: 'province' };

/** The target of a stored call-up: absent (older call-ups) means its province. */
export const targetOf = (callUp: { target?: CallUpTarget | null | undefined }): CallUpTarget =>
  callUp.target ?? PROVINCE_TARGET;
