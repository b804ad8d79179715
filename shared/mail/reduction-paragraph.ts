import type { AppliedTaxRules } from '../domain/records.js'
import type { ReceiptSnapshot } from '../receipts/receipt-snapshot.js'
import { maxIndividualReductionCents, reductionKind } from '../tax/reduction.js'
import { colucheRateText } from '../tax/reduction-text.js'
import { type TaxRules, taxRulesOfVersion, taxRulesOn } from '../tax/tax-rules.js'
import { euros, fr } from './french-text.js'

const NBSP = '\u00a0'

/**
 * What the receipt's email says about the tax reduction, from the dated rules the receipt was
 * issued under (its `taxRules`; for an older receipt, those of its payment day and its form's
 * rate). A figure is given only as a maximum: the 20 % of income limit, other gifts of the year
 * and a household that pays no income tax all lower it, never raise it.
 */
export function reductionParagraph(
  snapshot: ReceiptSnapshot,
  applied: AppliedTaxRules | undefined,
): string {
  const rulesList = (applied?.versions ?? [snapshot.paymentDates.from]).map(taxRulesOfVersion)
  const rules = (rulesList.at(-1) as TaxRules | undefined) ?? taxRulesOn(snapshot.paymentDates.from)
  const rate =
    applied?.ratePercent ??
    (snapshot.form === '16216'
      ? rules.figures.companyRatePercent.value
      : rules.figures.individualRatePercent.value)
  const kind = reductionKind(snapshot.form, rate, rules)
  const { figures } = rules
  if (kind === 'company')
    return fr`Ce reçu permet à votre entreprise, si elle est soumise à l’impôt sur le revenu ou à l’impôt sur les sociétés, de demander la réduction d’impôt prévue à l’article 238 bis du code général des impôts : ${figures.companyRatePercent.value}${NBSP}% des sommes versées, retenues dans la limite de ${euros(figures.companyCeilingCents.value)} ou de ${figures.companyCeilingPerMille.value}${NBSP}‰ du chiffre d’affaires hors taxes si ce montant est plus élevé ; l’excédent est reportable sur les cinq exercices suivants.`
  const incomeLimit = `dans la limite de ${figures.individualIncomeLimitPercent.value}${NBSP}% de votre revenu imposable`
  // One gift on one day: the most it can give. A summary (several days, maybe several
  // versions) states the rules only.
  const single = !snapshot.paymentDateLabel && rulesList.length === 1 && isOneDay(snapshot)
  const most = single
    ? euros(maxIndividualReductionCents(kind, snapshot.amountCents, rules))
    : undefined
  if (kind === 'coluche') {
    const others = most
      ? fr` ; soit au plus ${most} pour ce versement si vous n’avez pas fait d’autres dons de ce type cette année`
      : ''
    return fr`Ce reçu vous permet de demander, lors de votre déclaration de revenus, la réduction d’impôt sur le revenu prévue à l’article 200 du code général des impôts pour les dons aux organismes d’aide aux personnes en difficulté : ${colucheRateText(rulesList, 'email')}, ${incomeLimit}${others}. Son montant exact dépend de votre situation fiscale.`
  }
  const upTo = most ? fr`, soit au plus ${most} pour ce versement` : ''
  return fr`Ce reçu vous permet de demander, lors de votre déclaration de revenus, la réduction d’impôt sur le revenu prévue à l’article 200 du code général des impôts : ${figures.individualRatePercent.value}${NBSP}% des sommes versées, ${incomeLimit}${upTo}. Son montant exact dépend de votre situation fiscale.`
}

function isOneDay(snapshot: ReceiptSnapshot): boolean {
  return snapshot.paymentDates.from === snapshot.paymentDates.to
}
