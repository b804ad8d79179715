import { parisIsoDay } from '../domain/paris-time.js'
import { colucheRateText, frenchDay as day } from '../tax/reduction-text.js'
import { type TaxRules, taxRulesOn } from '../tax/tax-rules.js'
import type { AssociationConfig } from './association-config-schema.js'
import { counterpartOutcome, counterpartRulesOn, euros, frenchDay } from './counterpart-rule.js'
import type { CustomFieldRef } from './schema/custom-field-schema.js'
import type { Tier } from './schema/tier-schema.js'

/**
 * What is deductible and why, tier by tier, in French, for the treasurer checking a
 * configuration (`check-config` prints it), under the dated tax rules of `on` (a Paris day;
 * today by default). Built from the same rules the processing applies (counterpartOutcome), so
 * what it says is what payments of that day will get. One line per tier first, in the order
 * of the file, then donations, the counterpart cap and the rules' version with their sources.
 */
export function deductibilitySummary(
  config: AssociationConfig,
  on: string = parisIsoDay(new Date()),
): string[] {
  const rules = taxRulesOn(on)
  const cap = counterpartRulesOn(config, on)
  return [
    ...config.tiers.map((tier) => tierLine(config, tier, rules, on)),
    config.donations.eligible
      ? 'Dons : reçu fiscal pour le montant donné (pourboire HelloAsso exclu).'
      : 'Dons : pas de reçu (donations.eligible vaut false).',
    `Plafond annuel des biens de faible valeur : ${euros(cap.lowValueCapCents)} par personne, depuis le ${frenchDay(cap.since)} (source : ${cap.source})${cap.note ? ` — à vérifier : ${cap.note}` : ''}.`,
    rulesLine(config, rules),
  ]
}

function tierLine(config: AssociationConfig, tier: Tier, rules: TaxRules, on: string): string {
  const head = `${tier.label} (${euros(tier.amountCents)}, ${tier.payerKind === 'individual' ? 'particulier' : 'organisation'})`
  if (tier.receipt.kind === 'none')
    return `${head} : aucun reçu fiscal — ${tier.receipt.reason}. L’adhésion est enregistrée avec sa validité ; rien n’est numéroté ni mis en revue.`
  const outcome = counterpartOutcome(counterpartRulesOn(config, on), tier, tier.amountCents)
  if (outcome.kind === 'exceeds')
    return `${head} : pas de reçu fiscal, chaque paiement attendra en revue. ${outcome.why}`
  const amount = outcome.kind === 'share' ? outcome.deductibleCents : tier.amountCents
  const rate =
    tier.payerKind === 'individual' &&
    tier.reductionRatePercent === rules.figures.colucheRatePercent.value
      ? colucheRateText([rules], 'tier')
      : `réduction de ${tier.reductionRatePercent} %`
  const model =
    tier.payerKind === 'individual'
      ? `reçu Cerfa 11580 (article 200 du CGI, ${rate})`
      : `reçu Cerfa 16216 (article 238 bis du CGI, ${rate})`
  const condition = tier.payerKind === 'organisation' ? ` ${organisationCondition(config)}` : ''
  return `${head} : ${model} de ${euros(amount)} par adhésion — ${outcome.why}.${condition}`
}

/** The version of the dated rules, and the source of each rate the tiers use. */
function rulesLine(config: AssociationConfig, rules: TaxRules): string {
  const { individualRatePercent, colucheRatePercent, colucheCeilingCents, companyRatePercent } =
    rules.figures
  const rates = new Set(
    config.tiers.filter((t) => t.receipt.kind !== 'none').map((t) => t.reductionRatePercent),
  )
  const sources = [
    rates.has(individualRatePercent.value) || config.donations.eligible
      ? `${individualRatePercent.value} % (${individualRatePercent.source})`
      : undefined,
    rates.has(colucheRatePercent.value)
      ? `${colucheRatePercent.value} % (${colucheRatePercent.source}) jusqu’à ${euros(colucheCeilingCents.value)} (${colucheCeilingCents.source})`
      : undefined,
    rates.has(companyRatePercent.value)
      ? `${companyRatePercent.value} % (${companyRatePercent.source})`
      : undefined,
  ].filter(Boolean)
  return `Règles fiscales appliquées : version du ${day(rules.version)}. Taux : ${sources.join(' ; ')}. Le détail et les sources : docs/tax-rules.md.`
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
