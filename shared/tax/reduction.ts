import type { TaxRules } from './tax-rules.js'

export type ReductionKind = 'individual' | 'coluche' | 'company'

/**
 * Which reduction a rate claims under the rules of the day: the « Coluche » rate (75 %) is
 * capped and falls back to the individual rate above its ceiling; the others are flat rates.
 */
export function reductionKind(
  form: '11580' | '16216',
  ratePercent: number,
  rules: TaxRules,
): ReductionKind {
  if (form === '16216') return 'company'
  return ratePercent === rules.figures.colucheRatePercent.value ? 'coluche' : 'individual'
}

/**
 * The most this one gift can take off an individual's income tax, before the 20 % of income
 * limit and other gifts of the year (which only lower it): 75 % up to the ceiling then 66 %,
 * or 66 %. Rounded down to the cent: never more than the law gives.
 */
export function maxIndividualReductionCents(
  kind: 'individual' | 'coluche',
  amountCents: number,
  rules: TaxRules,
): number {
  const { individualRatePercent, colucheRatePercent, colucheCeilingCents } = rules.figures
  if (kind === 'individual') return Math.floor((amountCents * individualRatePercent.value) / 100)
  const capped = Math.min(amountCents, colucheCeilingCents.value)
  return Math.floor(
    (capped * colucheRatePercent.value + (amountCents - capped) * individualRatePercent.value) /
      100,
  )
}
