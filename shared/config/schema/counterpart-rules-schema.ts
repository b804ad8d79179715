import * as z from 'zod'
import { cents, doc, isoDay, text } from './schema-parts.js'

/**
 * The yearly cap on low-value goods given per person (« disproportion marquée »). The figure
 * is UNCONFIRMED in tax-receipts.md §1.1 (65, 69 or 73 €): the default is the highest and
 * most recent one cited (73 €, Les Echos Publishing 2023), kept as dated data that the
 * treasurer overrides once the current figure is checked (BOI-IR-RICI-250-20).
 */
export const DEFAULT_COUNTERPART_RULES = {
  lowValueCapCents: 7300,
  since: '2023-01-01',
  source:
    'Les Echos Publishing 2023 (provence-savoies.com), chiffre à confirmer sur le BOFiP (BOI-IR-RICI-250-20)',
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
