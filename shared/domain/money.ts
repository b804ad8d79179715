/** Amounts are integer euro cents everywhere; floats never carry money. */
export type Cents = number

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer number of cents, got ${value}`)
  }
  return value
}

/**
 * "1 234,50" with a no-break space (U+00A0) between thousands. Intl's fr-FR output uses
 * U+202F, which the standard PDF fonts cannot encode, so the grouping is done by hand.
 */
export function formatEuros(cents: Cents): string {
  assertCents(cents)
  const euros = Math.floor(cents / 100).toString()
  const rest = (cents % 100).toString().padStart(2, '0')
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
  return `${grouped},${rest}`
}

/** Cost after tax reduction, in cents, for a rate in whole percent: amount × (1 − rate). */
export function costAfterReduction(amount: Cents, ratePercent: number): number {
  return (amount * (100 - ratePercent)) / 100
}
