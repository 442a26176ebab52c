/** Reading a table a person sent as a file: CSV (UTF-8, with or without a byte-order mark) or an Excel workbook. */

export type TableFileFormat = 'csv' | 'xlsx';

/** The format a file name says, or undefined for anything else. */
export function tableFormatOf(fileName: string | undefined): TableFileFormat | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  return extension === 'csv' || extension === 'xlsx' ? extension : undefined;
}

/** RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks. A semicolon file (Excel in some locales) too. */
export function parseCsv(bytes: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes(',') || !firstLine.includes(';') ? ',' : ';';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted) {
      if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === separator) endCell();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** The first sheet of a workbook as text cells (numbers as written, formulas by their last value). */
export async function parseXlsx(bytes: Uint8Array): Promise<string[][]> {
  // Loaded when a file comes, not at start (see table-files.ts in exports: exceljs is slow to load).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(row.getCell(column).text ?? '');
    rows.push(cells);
  });
  return rows;
}

export const parseTableFile = async (bytes: Uint8Array, format: TableFileFormat): Promise<string[][]> =>
  format === 'csv' ? parseCsv(bytes) : parseXlsx(bytes);
