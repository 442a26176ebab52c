/**
 * The language buttons both the long-missions part and the mission wizard use: each tap on a language steps its
 * level up (the volunteer's own, or the least a mission asks for), and past the strongest the language is dropped.
 */
import { nextLanguageLevel } from '../../../domain/missions/mission-pledge.ts';
import { LANGUAGE_LEVELS, LANGUAGES } from '../../../domain/reference/mission-lists.ts';
import type { BotContext } from '../../context.ts';
import type { Choice } from '../registration/keyboards.ts';

type LevelOf = (languageCode: string) => string | undefined;

/** One button per language, labelled with its level when one is chosen. */
export function languageChoices(ctx: BotContext, levelOf: LevelOf): Choice[] {
  return LANGUAGES.map((language) => {
    const level = LANGUAGE_LEVELS.find((l) => l.code === levelOf(language.code));
    const label = level
      ? ctx.t('missions:languages.with_level', { language: language[ctx.locale], level: level[ctx.locale] })
      : language[ctx.locale];
    return { label, value: `l:${language.code}` };
  });
}

/** The language a button names and its level after the tap (undefined: dropped); undefined for another button. */
export function tapLanguage(value: string, levelOf: LevelOf): { code: string; level: string | undefined } | undefined {
  const language = LANGUAGES.find((l) => `l:${l.code}` === value);
  return language && { code: language.code, level: nextLanguageLevel(levelOf(language.code)) };
}
