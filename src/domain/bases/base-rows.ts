/**
 * Reading bases from a table (a CSV or XLSX file a coordinator sends): the header row names the columns, every other
 * row is one base. Each row stands alone: a bad row is reported with its reasons and the others still count.
 */
import { matchBaseKind } from '../reference/base-kinds.ts';
import { findProvince } from '../reference/provinces.ts';
import { matchKey, normalizeInput } from '../text/persian-text.ts';
import { type BaseFields, type BaseProblem, baseProblems } from './base.ts';
import { cityNamed } from './base-reference.ts';

export const BASE_COLUMNS = ['kind', 'name', 'province', 'city', 'neighbourhood', 'lat', 'lon'] as const;
export type BaseColumn = (typeof BASE_COLUMNS)[number];
const REQUIRED: readonly BaseColumn[] = ['kind', 'name', 'province', 'city'];

/** More rows than this in one file are refused whole: a base list is sent per county, not per country. */
export const MAX_IMPORT_ROWS = 2000;

/** One data row's outcome; `row` is its number as a spreadsheet shows it (the header is row 1). */
export type BaseRow =
  | { row: number; ok: true; fields: BaseFields }
  | { row: number; ok: false; problems: BaseProblem[] };

export type BaseTable =
  | { ok: true; rows: BaseRow[] }
  | { ok: false; reason: 'empty' | 'too_many_rows' | 'missing_columns'; missing?: BaseColumn[] };

/** Which column holds what: a header cell is a column's code or one of its titles (in any language). */
function columnsOf(header: readonly string[], titles: Record<BaseColumn, readonly string[]>) {
  const found = new Map<BaseColumn, number>();
  header.forEach((cell, index) => {
    const key = matchKey(cell);
    const column = BASE_COLUMNS.find((c) => [c, ...titles[c]].some((title) => matchKey(title) === key));
    if (column && !found.has(column)) found.set(column, index);
  });
  return found;
}

const coordinate = (text: string): number | undefined => {
  const value = Number(normalizeInput(text).replace('\u066B', '.').replace('/', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
};

function readRow(cells: (column: BaseColumn) => string, row: number): BaseRow {
  const province = findProvince(cells('province'));
  const kind = matchBaseKind(cells('kind'));
  const provinceCode = province?.code ?? '';
  const city = cityNamed(provinceCode, cells('city'));
  const [lat, lon] = [coordinate(cells('lat')), coordinate(cells('lon'))];
  const pinGiven = cells('lat').trim() !== '' || cells('lon').trim() !== '';
  const fields: BaseFields = {
    kind: kind?.code ?? '',
    name: normalizeInput(cells('name')),
    province: provinceCode,
    city: city?.fa ?? cells('city'),
    neighbourhood: normalizeInput(cells('neighbourhood')) || null,
    pin: lat !== undefined && lon !== undefined ? { lat, lon } : null,
  };
  const problems = baseProblems(fields);
  if (pinGiven && !fields.pin && !problems.includes('location_invalid')) problems.push('location_invalid');
  return problems.length === 0 ? { row, ok: true, fields } : { row, ok: false, problems };
}

/** Reads a whole table: its header, then each non-empty row on its own. */
export function readBaseTable(
  table: readonly (readonly string[])[],
  titles: Record<BaseColumn, readonly string[]>,
): BaseTable {
  const [header, ...body] = table;
  if (!header || body.length === 0) return { ok: false, reason: 'empty' };
  if (body.length > MAX_IMPORT_ROWS) return { ok: false, reason: 'too_many_rows' };
  const columns = columnsOf(header, titles);
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) return { ok: false, reason: 'missing_columns', missing };
  const rows: BaseRow[] = [];
  body.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const at = (column: BaseColumn) => {
      const i = columns.get(column);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    rows.push(readRow(at, index + 2));
  });
  return { ok: true, rows };
}
