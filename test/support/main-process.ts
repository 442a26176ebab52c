// A real bot process (what `npm start` runs: the bot, or sandbox mode without a token) for end-to-end tests that kill
// or run several of them: started with only the environment given, its output kept, its exit awaited.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

export interface MainProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * What a child Node process of a test starts with besides its own settings: PATH, the FerretDB binary, and the run's
 * V8 compile cache (vitest.config.ts), with which a bot process was running in 2.0 s instead of 3.0-3.4 s here.
 */
export function childEnvironment(env: Record<string, string> = {}): Record<string, string> {
  const { PATH = '', FERRETDB_BIN = '', NODE_COMPILE_CACHE } = process.env;
  return { PATH, FERRETDB_BIN, ...(NODE_COMPILE_CACHE && { NODE_COMPILE_CACHE }), ...env };
}

export function startMain(env: Record<string, string>): MainProcess {
  let output = '';
  const child = spawn(process.execPath, ['workbench/start.ts'], {
    env: childEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(started: MainProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; output:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM, and SIGKILL if it has not stopped in ten seconds; nothing when it already exited. */
export async function stopMain(started: MainProcess): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => started.child.kill('SIGKILL'), 10_000);
  await started.exited;
  clearTimeout(timer);
}
