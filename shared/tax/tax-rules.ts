import { createHash } from 'node:crypto'
import { type DatedFigure, TAX_RULE_TABLE, type TaxRuleName } from './tax-rule-table.js'

/** A figure as it applies on a day, with the day a later line replaces it, if one does. */
export interface FigureInForce extends DatedFigure {
  /** First day of the next line: this one applies to gifts made before it. */
  replacedFrom?: string
}

/** The rules in force on one day. */
export interface TaxRules {
  /** Its version: the latest `from` among the figures in force ("2025-10-14"). */
  version: string
  figures: Record<TaxRuleName, FigureInForce>
}

const NAMES = Object.keys(TAX_RULE_TABLE) as TaxRuleName[]

/** The rules that apply to a gift made on `day` (a Paris day, YYYY-MM-DD). */
export function taxRulesOn(day: string): TaxRules {
  const figures = {} as Record<TaxRuleName, FigureInForce>
  for (const name of NAMES) figures[name] = figureOn(TAX_RULE_TABLE[name], day)
  const version = NAMES.map((name) => figures[name].from)
    .sort()
    .at(-1) as string
  return { version, figures }
}

/** The rules of a version, as recorded on a receipt (`taxRules.versions`). */
export function taxRulesOfVersion(version: string): TaxRules {
  return taxRulesOn(version)
}

/** Every version in force over the gifts of `from` to `to` (Paris days), oldest first. */
export function taxRuleVersionsBetween(from: string, to: string): string[] {
  const changes = NAMES.flatMap((name) => TAX_RULE_TABLE[name].map((figure) => figure.from))
  const within = changes.filter((day) => day > from && day <= to)
  return [...new Set([taxRulesOn(from).version, ...within])].sort()
}

/**
 * The figures that apply to some gift of tax year `year`, and their fingerprint: the yearly
 * confirmation records it, so a release that changes a figure of that year asks again.
 */
export function yearTaxRules(year: number): {
  versions: string[]
  figures: { name: TaxRuleName; figure: FigureInForce }[]
  fingerprint: string
} {
  const first = `${year}-01-01`
  const last = `${year}-12-31`
  const figures = NAMES.flatMap((name) =>
    TAX_RULE_TABLE[name]
      .map((figure, index, all) => inForce(figure, all[index + 1]))
      .filter(
        (figure) =>
          figure.from <= last && (figure.replacedFrom === undefined || figure.replacedFrom > first),
      )
      .map((figure) => ({ name, figure })),
  )
  const fingerprint = createHash('sha256').update(JSON.stringify(figures)).digest('hex')
  return { versions: taxRuleVersionsBetween(first, last), figures, fingerprint }
}

function figureOn(lines: readonly DatedFigure[], day: string): FigureInForce {
  const index = lines.findLastIndex((line) => line.from <= day)
  // Before the table's first day: its first lines (no receipt of this product is that old).
  const at = Math.max(index, 0)
  return inForce(lines[at] as DatedFigure, lines[at + 1])
}

function inForce(figure: DatedFigure, next: DatedFigure | undefined): FigureInForce {
  return next ? { ...figure, replacedFrom: next.from } : { ...figure }
}
