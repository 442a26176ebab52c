/**
 * Options for `vi.waitFor` on what the bot finishes just after the user sees its reply: the session, the message log,
 * a board edit, a background write. vitest's default gives up after one second, which a busy machine can take for a
 * single database write; a wait that holds returns at once, so the longer limit costs a passing test nothing.
 */
export const SETTLED = { timeout: 15_000, interval: 50 } as const;
