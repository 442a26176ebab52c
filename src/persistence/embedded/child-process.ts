import { type ChildProcess, execFile } from 'node:child_process';

export type ChildEnv = Record<string, string | undefined>;

/** Runs a command to completion; resolves with its stdout, rejects with a one-line reason. */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: ChildEnv | undefined; timeoutMs: number; onStderr?: (line: string) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: options.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(new Error(describeFailure(command, error)));
        else resolve(stdout);
      },
    );
    if (options.onStderr) forEachLine(child, 'stderr', options.onStderr);
  });
}

function describeFailure(command: string, error: Error & { code?: unknown; killed?: boolean }): string {
  if (error.code === 'ENOENT') return `${command}: not found`;
  if (error.code === 'EACCES') return `${command}: not executable`;
  if (error.killed) return `${command}: timed out`;
  return `${command}: ${error.message.split('\n')[0]}`;
}

/** Calls `onLine` for each line the child writes to the given stream. */
export function forEachLine(child: ChildProcess, stream: 'stdout' | 'stderr', onLine: (line: string) => void): void {
  let pending = '';
  const source = child[stream];
  if (!source) return;
  source.setEncoding('utf8');
  source.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  });
  source.on('end', () => {
    if (pending.trim()) onLine(pending);
    pending = '';
  });
}
