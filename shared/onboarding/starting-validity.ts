import type { ValidityRule } from '../config/schema/validity-rule-schema.js'
import { formatParisDate, parisIsoDay } from '../domain/paris-time.js'
import type { PublicForm } from '../helloasso/form-schemas.js'

export const DEFAULT_VALIDITY = { kind: 'rolling-months', months: 12 } as const

/**
 * A membership form's period as HelloAsso sets it (`validityType`): fixed dates (« Custom »,
 * with the form's start and end, as Paris days), a rolling year, or unknown. The sentence says
 * what was read, so the treasurer checks it.
 */
export function startingValidity(form: PublicForm): { validity: ValidityRule; guess?: string } {
  const title = form.title ?? form.formSlug
  const { startDate, endDate } = form as { startDate?: unknown; endDate?: unknown }
  if (
    form.validityType === 'Custom' &&
    typeof startDate === 'string' &&
    typeof endDate === 'string'
  )
    return {
      validity: { kind: 'fixed', from: parisIsoDay(startDate), to: parisIsoDay(endDate) },
      guess: `Validité lue sur HelloAsso : le formulaire « ${title} » a des dates fixes, du ${formatParisDate(startDate)} au ${formatParisDate(endDate)} (« validity » : « fixed »). À chaque nouvelle saison, changez ces dates, ou passez à « season » si elle revient chaque année au même jour.`,
    }
  if (form.validityType === 'MovingYear')
    return {
      validity: DEFAULT_VALIDITY,
      guess: `Validité lue sur HelloAsso : le formulaire « ${title} » court sur une année glissante (« validity » : 12 mois après le paiement).`,
    }
  return {
    validity: DEFAULT_VALIDITY,
    guess: `Validité : HelloAsso ne dit pas de période pour le formulaire « ${title} »${form.validityType === 'Illimited' ? ' (adhésion illimitée)' : ''} ; « année glissante » de 12 mois écrite par défaut. Changez « validity » de ses paliers si besoin.`,
  }
}
