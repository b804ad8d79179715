import type { AssociationConfig } from '../config/association-config-schema.js'
import type { AppliedTaxRules, ProvenanceLine } from '../domain/records.js'
import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import { taxRulesOn, taxRuleVersionsBetween } from './tax-rules.js'

/**
 * The rules a new receipt is issued under: the versions in force on its payment days, and the
 * rate of the tiers its eligible lines come from. A company receipt (16216) claims the
 * art. 238 bis rate whatever the tiers say; an individual one the rate of its individual tiers,
 * the lowest when they differ (a receipt never claims more than applies), else the art. 200
 * rate (a gift without tier).
 */
export function appliedTaxRules(
  config: AssociationConfig,
  snapshot: Pick<ReceiptSnapshot, 'form' | 'paymentDates'>,
  lines: readonly ProvenanceLine[],
): AppliedTaxRules {
  const { from, to } = snapshot.paymentDates
  const { figures } = taxRulesOn(from)
  const versions = taxRuleVersionsBetween(from, to)
  if (snapshot.form === '16216') return { versions, ratePercent: figures.companyRatePercent.value }
  const allowed = [figures.individualRatePercent.value, figures.colucheRatePercent.value]
  const rates = lines.flatMap((line) => {
    const tier = line.eligible ? config.tiers.find((t) => t.key === line.tierKey) : undefined
    return tier?.payerKind === 'individual' && allowed.includes(tier.reductionRatePercent)
      ? [tier.reductionRatePercent]
      : []
  })
  return {
    versions,
    ratePercent: rates.length > 0 ? Math.min(...rates) : figures.individualRatePercent.value,
  }
}
