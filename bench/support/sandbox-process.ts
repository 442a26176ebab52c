// The bench's side of the sandbox process (sandbox-entry.ts): starts it, sends it requests, stops it.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxLimits } from 'bot-api-sandbox';
import { track } from './children.ts';

const ENTRY = fileURLToPath(new URL('./sandbox-entry.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
/** A request waits at most this long: listing 5,000 chats' deliveries takes well under a second. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface SandboxProcess {
  apiRoot: string;
  pid: number;
  /** One request; `timeoutMs` (default two minutes) bounds the wait for its answer. */
  call<T = unknown>(op: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

type Reply = { id?: number; result?: unknown; error?: string; ready?: boolean; apiRoot?: string };

export async function startSandboxProcess(limits: Partial<SandboxLimits> = {}): Promise<SandboxProcess> {
  const child: ChildProcess = track(
    fork(ENTRY, [], {
      env: { ...process.env, BENCH_SANDBOX_LIMITS: JSON.stringify(limits) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`sandbox process exited (${code ?? signal})`));
    pending.clear();
  });
  const apiRoot = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox process did not start')), START_TIMEOUT_MS);
    child.once('exit', () => reject(new Error('the sandbox process exited while starting')));
    child.on('message', (message: Reply) => {
      if (message.ready && message.apiRoot) {
        clearTimeout(timer);
        resolve(message.apiRoot);
        return;
      }
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`sandbox: ${message.error}`));
      else waiter.resolve(message.result);
    });
  });
  return {
    apiRoot,
    pid: child.pid ?? 0,
    call<T>(op: string, args: Record<string, unknown> = {}, timeoutMs = REQUEST_TIMEOUT_MS) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`sandbox op ${op} timed out`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, op, args });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
