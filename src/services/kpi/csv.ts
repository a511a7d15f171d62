/** A CSV cell: text (guarded and quoted as needed), a number, or empty. */
export type CsvValue = string | number | null;

// Spreadsheets run a cell starting with these as a formula (CSV injection); OWASP's list.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 line with its CRLF. Text that a spreadsheet would read as a formula gets a leading
 * apostrophe; numbers are written as numbers (a negative number is data, not a formula). Fields
 * with a comma, quote or line break are quoted with inner quotes doubled.
 */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
