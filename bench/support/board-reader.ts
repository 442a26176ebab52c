// Reads the coordinator's status message as a person would: the figures it shows, from the same locale text the bot
// renders it with (so a reworded label does not break the benches).
import { readFileSync } from 'node:fs';

const board = (
  JSON.parse(readFileSync(new URL('../../locales/fa/callup.json', import.meta.url), 'utf8')) as {
    board: Record<string, string>;
  }
).board;

/** The label just before a placeholder in a one-line template, e.g. «بی‌پاسخ: » before {{none, num}}. */
function labelBefore(template: string, placeholder: string): string {
  const before = template.slice(0, template.indexOf(`{{${placeholder}`));
  return before.slice(Math.max(before.lastIndexOf('|') + 1, before.lastIndexOf('}}') + 2)).trimStart();
}

const NUMBER = '([0-9۰-۹٬,]+)';
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const figure = (template: string, placeholder: string) =>
  new RegExp(`${literal(labelBefore(template, placeholder))}${NUMBER}`);

const PATTERNS = {
  declined: figure(board.answers!, 'declined'),
  waiting: figure(board.answers!, 'waiting'),
  none: figure(board.answers!, 'none'),
  sent: new RegExp(`${NUMBER}\\s*${literal(board.sending!.split('{{sent, num}}')[1]!.split('{{')[0]!.trim())}`),
} as const;

function toNumber(text: string): number {
  return Number(text.replace(/[٬,]/g, '').replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)));
}

/** «⏳ پزشک عمومی: ۳ از ۱۰» and «✅ …»: the confirmed count of each need, summed. */
const NEED_LINES = [board.need!, board.need_met!].map(
  (template) =>
    new RegExp(
      `^${literal(template.split('{{specialty}}')[0]!)}.*?${literal(labelBefore(template, 'confirmed'))}${NUMBER}`,
      'gm',
    ),
);

export type BoardFigures = Partial<Record<keyof typeof PATTERNS | 'confirmed', number>>;

/** The figures a status message shows; undefined when the text is not a status message. */
export function readBoard(text: string): BoardFigures | undefined {
  const figures: BoardFigures = {};
  for (const [name, pattern] of Object.entries(PATTERNS)) {
    const match = pattern.exec(text);
    if (match?.[1]) figures[name as keyof typeof PATTERNS] = toNumber(match[1]);
  }
  const confirmed = NEED_LINES.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => toNumber(m[1] ?? '0')));
  if (confirmed.length > 0) figures.confirmed = confirmed.reduce((sum, n) => sum + n, 0);
  return figures.none === undefined && figures.sent === undefined ? undefined : figures;
}

/** Figures that only grow while a call-up runs without answers being changed. */
export const GROWING: readonly (keyof BoardFigures)[] = ['sent', 'confirmed', 'declined', 'waiting'];
