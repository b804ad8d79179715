import { receiptNumber } from '../../domain/receipt-number.js'

const PADDED_DIGITS = 5

/**
 * The numbers 1..last of a year's series in the order DynamoDB sorts them as text, which is
 * the order the register and the by-year index return them. That is numeric order up to
 * 99 999 a year; beyond, "2026-100000" sorts before "2026-10001", so the walk follows the
 * text order (a depth-first walk over digits) and the merge with the stored lines stays exact.
 */
export function* seriesNumbers(year: number, last: number): Generator<string> {
  if (last < 10 ** PADDED_DIGITS) {
    for (let sequence = 1; sequence <= last; sequence++) yield receiptNumber(year, sequence)
    return
  }
  for (const digits of walk('', last)) yield `${year}-${digits}`
}

/** Pre-order over the digit tree: a prefix comes before its extensions, siblings by digit. */
function* walk(prefix: string, last: number): Generator<string> {
  if (isMember(prefix, last)) yield prefix
  for (let digit = 0; digit <= 9; digit++) {
    const child = `${prefix}${digit}`
    if (mayLeadToMember(child, last)) yield* walk(child, last)
  }
}

/** A padded number of the series: five digits (leading zeros allowed), or more without them. */
function isMember(digits: string, last: number): boolean {
  if (digits.length < PADDED_DIGITS) return false
  if (digits.length > PADDED_DIGITS && digits.startsWith('0')) return false
  const value = Number(digits)
  return value >= 1 && value <= last
}

function mayLeadToMember(digits: string, last: number): boolean {
  if (digits.length < PADDED_DIGITS) return true
  if (digits.length === PADDED_DIGITS)
    return isMember(digits, last) || (!digits.startsWith('0') && Number(digits) * 10 <= last)
  return !digits.startsWith('0') && Number(digits) <= last
}
