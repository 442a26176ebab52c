import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPLOYED_ENV, DEPLOYED_NODE_FLAGS } from '../../../bench/support/bot-process.ts';

describe('the heap flags the bot is deployed with', () => {
  it('when the Dockerfile starts the bot, then it passes the flags the benches measure the bot with', () => {
    const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(['node', ...DEPLOYED_NODE_FLAGS, 'src/main.ts']);
    for (const [name, value] of Object.entries(DEPLOYED_ENV)) expect(dockerfile).toMatch(`${name}=${value}`);
  });
});
