import { formatEuros } from '../../domain/money.js'
import { formatParisDate } from '../../domain/paris-time.js'
import type { TableContext } from '../../store/table-context.js'
import {
  latestTaxRulesConfirmation,
  recordTaxRulesConfirmation,
  type TaxRulesConfirmation,
} from '../../store/tax-rules-confirmation-store.js'
import { frenchDay } from '../../tax/reduction-text.js'
import type { TaxRuleName } from '../../tax/tax-rule-table.js'
import { yearTaxRules } from '../../tax/tax-rules.js'

export interface YearTaxRulesStatus {
  year: number
  /** The latest confirmation, when it covers the rules as they are now. */
  confirmed?: TaxRulesConfirmation
  /** A confirmation of other figures (the rules changed since): it must be given again. */
  outdated?: TaxRulesConfirmation
}

/**
 * Whether the treasurer confirmed the tax rules of `year` as the product states them now. In
 * January the finance law of the new year may still change the past year's figures (the 2026
 * one, promulgated on 20 February, raised a ceiling from 14 October 2025): the summary receipts
 * of a year are issued only once a person has checked them.
 */
export async function yearTaxRulesStatus(
  table: TableContext,
  year: number,
): Promise<YearTaxRulesStatus> {
  const latest = await latestTaxRulesConfirmation(table, year)
  if (!latest) return { year }
  return latest.fingerprint === yearTaxRules(year).fingerprint
    ? { year, confirmed: latest }
    : { year, outdated: latest }
}

/** Records that `by` checked the rules of `year` (one command, kept with the figures' fingerprint). */
export async function confirmYearTaxRules(
  table: TableContext,
  input: { year: number; by: string; at: string },
): Promise<TaxRulesConfirmation> {
  const rules = yearTaxRules(input.year)
  const confirmation = {
    year: input.year,
    versions: rules.versions,
    fingerprint: rules.fingerprint,
    confirmedAt: input.at,
    confirmedBy: input.by,
  }
  await recordTaxRulesConfirmation(table, confirmation)
  return confirmation
}

const NAMES: Record<TaxRuleName, string> = {
  individualRatePercent: 'Réduction des particuliers (article 200)',
  individualIncomeLimitPercent: 'Limite des particuliers, en part du revenu imposable',
  colucheRatePercent: 'Réduction « Coluche » (aide aux personnes en difficulté)',
  colucheCeilingCents: 'Plafond annuel des dons au taux « Coluche »',
  companyRatePercent: 'Réduction des entreprises (article 238 bis)',
  companyCeilingCents: 'Plafond des entreprises',
  companyCeilingPerMille: 'Plafond des entreprises, en part du chiffre d’affaires',
  counterpartCapCents: 'Plafond annuel des contreparties de faible valeur',
}

/** The figures of `year`, one French line each, with its dates, source and what is pending. */
export function yearTaxRulesLines(year: number): string[] {
  return yearTaxRules(year).figures.map(({ name, figure }) => {
    const value = name.endsWith('Cents')
      ? `${formatEuros(figure.value)} €`
      : name.endsWith('PerMille')
        ? `${figure.value} ‰`
        : `${figure.value} %`
    const dates = figure.replacedFrom
      ? `pour les dons faits avant le ${frenchDay(figure.replacedFrom)}`
      : `depuis le ${frenchDay(figure.from)}`
    const pending = figure.confirmed ? '' : ` — À VÉRIFIER : ${figure.note ?? 'non confirmé'}`
    return `  ${NAMES[name]} : ${value} ${dates} (source : ${figure.source})${pending}`
  })
}

/** « confirmées le 05/01/2026 par Camille Exemple ». */
export function confirmationText(confirmation: TaxRulesConfirmation): string {
  return `confirmées le ${formatParisDate(confirmation.confirmedAt)} par ${confirmation.confirmedBy}`
}
