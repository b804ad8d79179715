import { type Cents, formatEuros } from '../domain/money.js'

/**
 * CSV the way French spreadsheet software opens it cleanly: `;`-separated, CRLF line ends, a
 * UTF-8 byte order mark first, decimal comma. Every export of the project goes through here so
 * the accountant gets one format.
 */
export const CSV_BOM = '\ufeff'

/** One line, every cell quoted. */
export function csvRow(values: readonly string[]): string {
  return `${values.map(csvCell).join(';')}\r\n`
}

/** Quotes a cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

/** "1234,50": decimal comma, no grouping space, so a spreadsheet reads it as a number. */
export function csvEuros(cents: Cents): string {
  return formatEuros(cents).replace(/\u00a0/g, '')
}
