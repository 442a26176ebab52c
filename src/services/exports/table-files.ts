/** A table ready to be written: one header row, then the rows; cells are text or numbers. */
export interface ExportTable {
  sheetName: string;
  headers: string[];
  rows: (string | number)[][];
  rightToLeft: boolean;
}

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

const BOM = '\uFEFF';

/**
 * A spreadsheet opening a CSV runs a cell that starts with = + - @ as a formula; a name typed by a volunteer must
 * never do that, so such text cells get a leading apostrophe (the OWASP advice). Numbers are left alone.
 */
function neutralize(value: string): string {
  // A plain signed number (a phone number in E.164) computes nothing, so it stays as written.
  if (/^[+-]?\d+$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutralize(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel shows Persian text instead of mojibake. */
export function toCsv(table: ExportTable): Uint8Array {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvCell).join(','));
  return new TextEncoder().encode(`${BOM}${lines.join('\r\n')}\r\n`);
}

/** An Excel workbook with one sheet: bold frozen header, a filter, right-to-left for Persian. */
export async function toXlsx(table: ExportTable): Promise<Uint8Array> {
  // Loaded on the first export, not at start: it is a quarter of the app's start-up (≈0.2 s of CPU), which a restart
  // after a crash spends before it resumes sending.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31), {
    views: [{ rightToLeft: table.rightToLeft, state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow(table.headers);
  for (const row of table.rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const longest = Math.max(
      table.headers[index]?.length ?? 0,
      ...table.rows.map((row) => String(row[index] ?? '').length),
    );
    column.width = Math.min(40, Math.max(10, longest + 2));
  });
  if (table.headers.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export async function toFile(table: ExportTable, format: ExportFormat): Promise<Uint8Array> {
  return format === 'csv' ? toCsv(table) : toXlsx(table);
}
