import type { AssociationConfig } from './association-config-schema.js'
import { counterpartOutcome, euros, frenchDay } from './counterpart-rule.js'
import type { CustomFieldRef } from './schema/custom-field-schema.js'
import type { Tier } from './schema/tier-schema.js'

/**
 * What is deductible and why, tier by tier, in French, for the treasurer checking a
 * configuration (`check-config` prints it). Built from the same rules the processing applies
 * (counterpartOutcome), so what it says is what payments will get.
 */
export function deductibilitySummary(config: AssociationConfig): string[] {
  const rules = config.counterpartRules
  return [
    ...config.tiers.map((tier) => tierLine(config, tier)),
    config.donations.eligible
      ? 'Dons : reçu fiscal pour le montant donné (pourboire HelloAsso exclu).'
      : 'Dons : pas de reçu (donations.eligible vaut false).',
    `Plafond annuel des biens de faible valeur : ${euros(rules.lowValueCapCents)} par personne, depuis le ${frenchDay(rules.since)} (source : ${rules.source}).`,
  ]
}

function tierLine(config: AssociationConfig, tier: Tier): string {
  const head = `${tier.label} (${euros(tier.amountCents)}, ${tier.payerKind === 'individual' ? 'particulier' : 'organisation'})`
  if (tier.receipt.kind === 'none')
    return `${head} : aucun reçu fiscal — ${tier.receipt.reason}. L’adhésion est enregistrée avec sa validité ; rien n’est numéroté ni mis en revue.`
  const outcome = counterpartOutcome(config.counterpartRules, tier, tier.amountCents)
  if (outcome.kind === 'exceeds')
    return `${head} : pas de reçu fiscal, chaque paiement attendra en revue. ${outcome.why}`
  const amount = outcome.kind === 'share' ? outcome.deductibleCents : tier.amountCents
  const model =
    tier.payerKind === 'individual'
      ? `reçu Cerfa 11580 (article 200 du CGI, réduction de ${tier.reductionRatePercent} %)`
      : `reçu Cerfa 16216 (article 238 bis du CGI, réduction de ${tier.reductionRatePercent} %)`
  const condition = tier.payerKind === 'organisation' ? ` ${organisationCondition(config)}` : ''
  return `${head} : ${model} de ${euros(amount)} par adhésion — ${outcome.why}.${condition}`
}

/** Art. 238 bis: only businesses subject to IR/IS; how this configuration finds out. */
function organisationCondition(config: AssociationConfig): string {
  const fields = config.helloAsso.companyFields
  const how = fields.subjectToTax
    ? `la réponse à la question ${fieldName(fields.subjectToTax)}${fields.legalForm ? `, à défaut la forme juridique (${fieldName(fields.legalForm)})` : ''}`
    : fields.legalForm
      ? `la forme juridique (${fieldName(fields.legalForm)})`
      : undefined
  if (!how)
    return 'Aucun champ ne dit si l’organisation est soumise à l’IR ou à l’IS (helloAsso.companyFields.subjectToTax ou legalForm) : chaque paiement attendra en revue.'
  return `Seulement si l’organisation est une entreprise soumise à l’IR ou à l’IS, d’après ${how} ; sinon le paiement attend en revue.`
}

function fieldName(ref: CustomFieldRef): string {
  return ref.name ? `« ${ref.name} »` : `n° ${ref.id}`
}
