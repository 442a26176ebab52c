export { LOCALES, type Locale } from '../domain/locale.ts';
export { createI18n, type I18n, type I18nOptions, type Tr, type Translate, type TranslateVars } from './create-i18n.ts';
