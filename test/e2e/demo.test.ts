import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/index.ts';
import { childEnvironment } from '../support/main-process.ts';

const t = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');

function runDemo(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['workbench/demo.ts'], {
    env: childEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm run demo (a real process)', () => {
  it('when run, then every scene plays to the end: a registration and a call-up answered with one tap are stored', async () => {
    const { code, output } = await runDemo();

    expect(output, output).not.toContain(t('webchat:demo.failed', { reason: '' }).trim());
    expect(code, output).toBe(0);
    for (const scene of ['start', 'language', 'registration', 'coordinator', 'callup'])
      expect(output).toContain(t(`webchat:demo.scenes.${scene}`));
    expect(output).toContain(
      t('webchat:demo.stored', {
        name: 'سارا احمدی',
        specialty: 'پزشک عمومی',
        province: 'تهران',
        status: t('pledge:status.active'),
      }),
    );
    expect(output).toContain(
      t('webchat:demo.callup_stored', {
        title: t('webchat:demo.script.title'),
        confirmed: 1,
        need: 1,
        status: t('callup:board.status.filled'),
      }).replace(/[\u2066-\u2069]/g, ''),
    );
    expect(output).toContain(t('webchat:demo.done'));
  }, 180_000);
});
