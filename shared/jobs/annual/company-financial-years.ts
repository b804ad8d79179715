import type { AssociationConfig } from '../../config/association-config-schema.js'
import type { EligiblePayment } from '../../domain/eligible-payment.js'

/**
 * A company's summary receipt must not straddle two of its financial years (16216 note 9).
 * With the companies' year starting on MM-DD (not 1 January), a calendar tax year of one
 * company's payments splits in two: before MM-DD and from it. Individuals' receipts, and
 * companies on the calendar year, stay one group.
 */
export function financialYearGroups(
  config: AssociationConfig,
  year: number,
  payments: EligiblePayment[],
): EligiblePayment[][] {
  const start = config.companyFinancialYear?.startMonthDay ?? '01-01'
  if (start === '01-01' || payments[0]?.form !== '16216') return [payments]
  const boundary = `${year}-${start}`
  const groups = [
    payments.filter((p) => p.paidOn < boundary),
    payments.filter((p) => p.paidOn >= boundary),
  ]
  return groups.filter((group) => group.length > 0)
}

/** Whether `payment` falls in the same group as `sample` (for re-reads after a lost race). */
export function sameFinancialYear(
  config: AssociationConfig,
  year: number,
  sample: EligiblePayment,
): (payment: EligiblePayment) => boolean {
  const start = config.companyFinancialYear?.startMonthDay ?? '01-01'
  const boundary = `${year}-${start}`
  if (start === '01-01' || sample.form !== '16216') return () => true
  return (payment) => payment.paidOn < boundary === sample.paidOn < boundary
}

/** For the dry run: what the treasurer must know about a company receipt's period. */
export function financialYearNote(config: AssociationConfig, form: string): string | undefined {
  if (form !== '16216') return undefined
  const start = config.companyFinancialYear?.startMonthDay
  if (!start)
    return 'exercice des entreprises inconnu : année civile supposée (companyFinancialYear)'
  if (start === '01-01') return undefined
  const [month, day] = start.split('-')
  return `exercice des entreprises ouvert le ${day}/${month} : un reçu par exercice`
}
