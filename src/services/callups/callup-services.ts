/** The call-up use cases over one shared context, built once in app.ts. */
import type { CallUp } from '../../domain/callups/callup.ts';
import { DEFAULT_WAVE_TIMINGS } from '../../domain/callups/waves.ts';
import { createKeyedSerializer } from '../../persistence/keyed-serializer.ts';
import { type Answers, createAnswers } from './answers.service.ts';
import { type Board, createBoard } from './board.service.ts';
import { type CallUpDeps, createCallUpContext } from './callup-context.ts';
import { type Coordination, createCoordination } from './coordination.service.ts';
import { type Creation, createCreation } from './creation.service.ts';
import { createFirstWave, type FirstWave } from './first-wave.service.ts';
import { createFollowUp, type FollowUp } from './follow-up.service.ts';
import type { CallUpAccess } from './ports.ts';
import { createWaveQueue } from './wave-queue.ts';
import { createWaves, type Waves } from './waves.service.ts';

export interface CallUpServices {
  creation: Creation;
  answers: Answers;
  coordination: Coordination;
  followUp: FollowUp;
  board: Board;
  waves: Waves;
  /** First waves: finishes those an instance that is gone left unfinished (`watch` from the start). */
  firstWave: FirstWave;
  /** Who may coordinate, for the features' own checks (and their refusals, which go to the audit log). */
  access: CallUpAccess;
  /** Stops board timers and waits for background work started by answers. */
  stop(): Promise<void>;
}

export type CallUpServicesDeps = Omit<CallUpDeps, 'timings' | 'boardIntervalMs' | 'renderLock'> &
  Partial<Pick<CallUpDeps, 'timings' | 'boardIntervalMs' | 'renderLock'>>;

/**
 * Builds every call-up use case; the board is edited at most every `boardIntervalMs` (3 s by default). Without a
 * `renderLock` shared by the instances, boards are rendered one at a time in this process only.
 */
export function createCallUpServices(deps: CallUpServicesDeps): CallUpServices {
  const ctx = createCallUpContext({
    ...deps,
    timings: deps.timings ?? DEFAULT_WAVE_TIMINGS,
    boardIntervalMs: deps.boardIntervalMs ?? 3000,
    renderLock: deps.renderLock ?? createKeyedSerializer(),
  });
  const board = createBoard(ctx);
  const queue = createWaveQueue(ctx);
  const waves = createWaves(ctx, queue, (id) => board.touch(id));
  const firstWave = createFirstWave(ctx, queue, waves, (id) => board.touch(id));
  const answers = createAnswers(ctx, {
    touch: (id) => board.touch(id),
    topUp: (callUp: CallUp, declinedAt: number) => waves.send(callUp, { declinedAt }),
  });
  return {
    creation: createCreation(ctx, board, waves, firstWave),
    answers,
    coordination: createCoordination(ctx, board, waves),
    followUp: createFollowUp(ctx, board, waves),
    board,
    waves,
    firstWave,
    access: ctx.access,
    async stop() {
      await firstWave.stop();
      await answers.settled();
      await board.stop();
    },
  };
}
