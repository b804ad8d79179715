import { receiptNumber } from '../../domain/receipt-number.js'
import { euros, fr } from '../../mail/french-text.js'
import type { LedgerLine } from '../../store/ledger-lines.js'
import {
  type CheckName,
  type DeclarationCheck,
  type DeclarationFigures,
  FORMS,
  type LedgerTotals,
} from './declaration-report.js'
import { countOf, signedEuros } from './french-counts.js'
import { ProblemList } from './problem-list.js'
import { addTo, FORM_LABELS, isForm } from './tallies.js'

const LABELS: Record<CheckName, string> = {
  series: 'Série complète',
  records: 'Reçus conformes au registre',
  totals: 'Totaux rapprochés',
  specimen: 'Aucun SPECIMEN',
}

/** Register lines with an unreadable form or amount count nowhere, so the totals show them. */
export function countLine(ledger: LedgerTotals, line: LedgerLine): void {
  const { event, form, amountCents } = line
  if (event !== 'issued' && event !== 'cancelled' && event !== 'replaced') return
  if (!isForm(form) || typeof amountCents !== 'number') return
  addTo(ledger[event], form, amountCents)
}

/**
 * The register's own arithmetic must give the receipts counted: per form, issued − cancelled −
 * replaced lines = live receipt records, in number and in amount.
 */
export function totalsProblems(figures: DeclarationFigures, ledger: LedgerTotals): ProblemList {
  const problems = new ProblemList()
  for (const form of FORMS) {
    const count =
      ledger.issued[form].count - ledger.cancelled[form].count - ledger.replaced[form].count
    const amount =
      ledger.issued[form].amountCents -
      ledger.cancelled[form].amountCents -
      ledger.replaced[form].amountCents
    const declared = figures.declared[form]
    if (count !== declared.count || amount !== declared.amountCents)
      problems.add(
        undefined,
        fr`${FORM_LABELS[form]} : registre ${countOf(count, 'reçu')}, ${signedEuros(amount)} (émis − annulés − remplacés) ≠ ${countOf(declared.count, 'reçu retenu', 'reçus retenus')}, ${euros(declared.amountCents)}`,
      )
  }
  return problems
}

export function seriesOutcome(year: number, counter: number): string {
  if (counter === 0) return 'aucun numéro attribué cette année'
  return fr`n° ${receiptNumber(year, 1)} à ${receiptNumber(year, counter)} : chacun émis une fois, sans trou ni numéro en trop`
}

export function check(name: CheckName, problems: ProblemList, okOutcome: string): DeclarationCheck {
  const ok = problems.count === 0
  return {
    name,
    label: LABELS[name],
    ok,
    outcome: ok ? okOutcome : countOf(problems.count, 'anomalie'),
    problemCount: problems.count,
    problems: problems.listed,
  }
}
