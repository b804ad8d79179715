import * as z from 'zod'
import { type DatedFigure, TAX_RULE_TABLE } from '../../tax/tax-rule-table.js'
import { cents, doc, isoDay, text } from './schema-parts.js'

/**
 * The yearly cap on low-value goods given per person (« disproportion marquée »), as the dated
 * tax rules give it (shared/tax/tax-rule-table.ts: 73 € from 2021, its 2026 revaluation not
 * found). A configuration that sets `counterpartRules` itself (a figure the treasurer checked
 * on the BOFiP) overrides the table for gifts from its `since`.
 */
const TABLE_CAP = TAX_RULE_TABLE.counterpartCapCents[0] as DatedFigure

export const DEFAULT_COUNTERPART_RULES = {
  lowValueCapCents: TABLE_CAP.value,
  since: TABLE_CAP.from,
  source: TABLE_CAP.source,
}

export const CounterpartRulesSchema = z.object({
  lowValueCapCents: cents('Le plafond annuel des biens de faible valeur').meta(
    doc(
      'Plafond annuel par personne des biens de faible valeur, en centimes (7300 pour 73 €).',
      'Yearly cap per person on low-value goods, in cents (7300 for 73 €).',
    ),
  ),
  since: isoDay.meta(
    doc(
      'Date depuis laquelle ce plafond s’applique, AAAA-MM-JJ.',
      'Date the cap applies from, YYYY-MM-DD.',
    ),
  ),
  source: text('La source du plafond (counterpartRules.source)').meta(
    doc('D’où vient ce chiffre.', 'Where the figure comes from.'),
  ),
})
export type CounterpartRules = z.infer<typeof CounterpartRulesSchema>
