import * as z from 'zod'
import type { CounterpartRules } from '../default-counterpart-rules.js'
import { cents, doc, isoDay, text } from './schema-parts.js'

export { DEFAULT_COUNTERPART_RULES } from '../default-counterpart-rules.js'

// Its output is the hand-written CounterpartRules (the process function reads that without zod).
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
}) satisfies z.ZodType<CounterpartRules>
export type { CounterpartRules }
