import { formatEuros } from '../domain/money.js'
import type { FigureInForce, TaxRules } from './tax-rules.js'

const NBSP = '\u00a0'

/**
 * The « Coluche » rate as one phrase, with the ceiling of the gift's date and which gifts that
 * ceiling is for: « 75 % … jusqu’à 2 000,00 € (plafond des dons faits depuis le 14/10/2025),
 * puis 66 % au-delà », worded for a donor's email or for a tier line of the deductibility
 * summary.
 */
export function colucheRateText(rulesList: readonly TaxRules[], style: 'email' | 'tier'): string {
  const last = rulesList.at(-1)
  if (!last) throw new RangeError('colucheRateText needs the rules of at least one day')
  const { colucheRatePercent, individualRatePercent } = last.figures
  // A summary over a change of ceiling states each one, with the gifts it is for.
  const counted = style === 'email' ? '' : ' de dons dans l’année'
  const ceiling = [
    ...new Map(rulesList.map((r) => [r.figures.colucheCeilingCents.from, r])).values(),
  ]
    .map((r) => {
      const figure = r.figures.colucheCeilingCents
      return `${formatEuros(figure.value)}${NBSP}€${counted} (plafond des dons faits ${ceilingScope(figure)})`
    })
    .join(' ou ')
  const coluche = `${colucheRatePercent.value}${NBSP}%`
  const above = `${individualRatePercent.value}${NBSP}% au-delà`
  return style === 'email'
    ? `${coluche} des dons de l’année à ces organismes jusqu’à ${ceiling}, puis ${above}`
    : `réduction de ${coluche} jusqu’à ${ceiling}, ${above}`
}

/** « avant le 14/10/2025 » or « depuis le 14/10/2025 »: the gifts a dated figure is for. */
export function ceilingScope(figure: FigureInForce): string {
  return figure.replacedFrom
    ? `avant le ${frenchDay(figure.replacedFrom)}`
    : `depuis le ${frenchDay(figure.from)}`
}

/** A Paris day YYYY-MM-DD as JJ/MM/AAAA. */
export function frenchDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-')
  return `${day}/${month}/${year}`
}
