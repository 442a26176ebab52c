/** The languages Nazr speaks; fa is the default everywhere unless configured otherwise. */
export const LOCALES = ['fa', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
