import { type Cents, formatEuros } from '../domain/money.js'
import { formatParisDate } from '../domain/paris-time.js'

const NBSP = '\u00a0'

/**
 * Tagged template for user-facing French: the literal parts are written with plain spaces
 * (readable source) and get their no-break spaces here, so « n° 42 », « 50,00 € » or
 * « Montant : » never break across lines. Interpolated values are left untouched.
 */
export function fr(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  return strings.reduce(
    (out, literal, i) =>
      out + frenchSpacing(literal) + (i < values.length ? String(values[i]) : ''),
    '',
  )
}

function frenchSpacing(literal: string): string {
  return literal
    .replace(/« /g, `«${NBSP}`)
    .replace(/ ([»:;!?€])/g, `${NBSP}$1`)
    .replace(/n° /g, `n°${NBSP}`)
}

/** "1 234,50 €" with no-break spaces, the way every amount appears in our emails. */
export function euros(cents: Cents): string {
  return `${formatEuros(cents)}${NBSP}€`
}

/**
 * JJ/MM/AAAA for either a Paris calendar day ("2026-03-14", as in the snapshot's payment
 * dates) or an ISO instant. A bare day is read at noon UTC, which is the same calendar day in
 * Paris whatever the season, so it never shifts.
 */
export function frenchDate(value: string): string {
  return formatParisDate(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value)
}
