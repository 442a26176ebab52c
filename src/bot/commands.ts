import type { Api } from 'grammy';
import { LOCALES, type Locale } from '../i18n/index.ts';
import type { BotDependencies } from './dependencies.ts';
import type { Feature } from './feature.ts';

/** Publishes the command list in every language; the default list is in the configured default language. */
export async function publishCommands(api: Api, features: readonly Feature[], deps: BotDependencies): Promise<void> {
  const names = features.flatMap((feature) => feature.commands ?? []);
  const listFor = (locale: Locale) => {
    const t = deps.i18n.fixedT(locale);
    return names.map((command) => ({ command, description: t(`common:commands.${command}`) }));
  };
  for (const locale of LOCALES) {
    await api.setMyCommands(listFor(locale), { language_code: locale });
  }
  await api.setMyCommands(listFor(deps.defaultLocale));
}
