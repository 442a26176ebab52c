import type { Locale } from '../../domain/locale.ts';
import { cleanProvinces } from '../../domain/roles/coordinator.ts';
import { provinceNames } from '../../domain/roles/province-names.ts';
import { RoleError } from '../../domain/roles/role-error.ts';

/** The known provinces among `codes`; a coordinator needs at least one. */
export function provincesOrThrow(codes: readonly string[]): string[] {
  const provinces = cleanProvinces(codes);
  if (provinces.length === 0) throw new RoleError('no_provinces');
  return provinces;
}

/** Message variables naming the provinces in the recipient's own language. */
export function namedProvinces(provinces: readonly string[]) {
  return (locale: Locale) => ({ provinces: provinceNames(provinces, locale) });
}
