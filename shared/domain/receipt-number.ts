/** "2026-00042": year and a zero-padded sequence that sorts as text within a year. */
export function receiptNumber(year: number, sequence: number): string {
  return `${year}-${sequence.toString().padStart(5, '0')}`
}
