import * as z from 'zod'
import { doc, isoDay } from './schema-parts.js'

export const ValidityRuleSchema = z.discriminatedUnion('kind', [
  /** "Année glissante": N months from the payment date. */
  z.object({
    kind: z
      .literal('rolling-months')
      .meta(
        doc(
          'Année glissante : valable N mois à partir de la date du paiement.',
          'Rolling: valid N months from the payment date.',
        ),
      ),
    months: z
      .number()
      .int()
      .min(1)
      .max(120)
      .meta(doc('Durée en mois (12 pour un an).', 'Length in months (12 for a year).')),
  }),
  /** 1 January – 31 December of the payment's year. */
  z.object({
    kind: z
      .literal('calendar-year')
      .meta(
        doc(
          'Année civile : du 1er janvier au 31 décembre de l’année du paiement.',
          'Calendar year: 1 January to 31 December of the payment’s year.',
        ),
      ),
  }),
  /** A season starting every year on MM-DD (e.g. 09-01 for September–August). */
  z.object({
    kind: z
      .literal('season')
      .meta(
        doc(
          'Saison : commence chaque année au même jour (ex. septembre–août).',
          'Season: starts every year on the same day (e.g. September–August).',
        ),
      ),
    startMonthDay: z
      .string()
      .regex(/^\d{2}-\d{2}$/)
      .meta(
        doc(
          'Premier jour de la saison, au format MM-JJ (mois-jour) : "09-01" pour le 1er septembre.',
          'First day of the season as MM-DD (month-day): "09-01" for 1 September.',
        ),
      ),
  }),
  /** Fixed dates, as on a HelloAsso "personnalisée" form. */
  z.object({
    kind: z
      .literal('fixed')
      .meta(
        doc(
          'Dates fixes, comme sur un formulaire HelloAsso à période « personnalisée ».',
          'Fixed dates, as on a HelloAsso form with a « personnalisée » period.',
        ),
      ),
    from: isoDay.meta(doc('Premier jour, AAAA-MM-JJ.', 'First day, YYYY-MM-DD.')),
    to: isoDay.meta(doc('Dernier jour, AAAA-MM-JJ.', 'Last day, YYYY-MM-DD.')),
  }),
])
export type ValidityRule = z.infer<typeof ValidityRuleSchema>
