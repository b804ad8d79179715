import { taxYearOf } from '../../domain/paris-time.js'
import { fr } from '../../mail/french-text.js'
import { check, countLine, seriesOutcome, totalsProblems } from './audit-checks.js'
import type {
  DeclarationCheck,
  DeclarationFigures,
  LedgerTotals,
  YearAuditResult,
} from './declaration-report.js'
import { countOf } from './french-counts.js'
import { ProblemList } from './problem-list.js'
import { recordProblems } from './receipt-checks.js'
import type { NumberGroup } from './receipts-by-number.js'
import { ReplacementLinks } from './replacement-links.js'
import type { RegisterReceipt } from './series-receipts.js'
import { addTo, emptyTallies, isForm } from './tallies.js'

export interface YearAudit {
  /** Takes the groups in number order, one at a time. */
  observe(group: NumberGroup<RegisterReceipt>): void
  /** A receipt record found past the counter: the counter moved back. */
  beyondCounter(number: string): void
  /** The figures and checks once every group was observed. */
  result(): YearAuditResult
}

/**
 * The figures of the art. 222 bis return and the checks that let the treasurer sign them,
 * built from one pass over the year. Holds per-form totals and the first problems only.
 */
export function createYearAudit(year: number, counter: number): YearAudit {
  const figures: DeclarationFigures = {
    declared: emptyTallies(),
    cancelled: emptyTallies(),
    replaced: emptyTallies(),
    issued: emptyTallies(),
    declaredIssuedLater: 0,
  }
  const ledger: LedgerTotals = {
    issued: emptyTallies(),
    cancelled: emptyTallies(),
    replaced: emptyTallies(),
  }
  const problems = {
    series: new ProblemList(),
    records: new ProblemList(),
    specimen: new ProblemList(),
  }
  const links = new ReplacementLinks()
  let receipts = 0
  let result: YearAuditResult | undefined

  const checkSeries = (group: NumberGroup<RegisterReceipt>) => {
    if (!group.inSeries)
      problems.series.add(
        group.number,
        fr`numéro hors de la série (le compteur de ${year} est à ${counter})`,
      )
    else if (!group.lines.some((line) => line.event === 'issued'))
      problems.series.add(
        group.number,
        'numéro attribué sans ligne « émis » au registre (trou dans la série)',
      )
  }

  const countReceipt = (receipt: RegisterReceipt) => {
    receipts += 1
    if (receipt.snapshot.specimen)
      problems.specimen.add(
        receipt.number,
        'reçu SPECIMEN (mode non vérifié) : sans valeur fiscale',
      )
    if (receipt.replacedBy) links.claim(receipt.number, receipt.replacedBy.number, 'old')
    if (receipt.snapshot.replaces)
      links.claim(receipt.snapshot.replaces.number, receipt.number, 'new')
    if (!isForm(receipt.form)) return
    const bucket =
      receipt.status === 'issued'
        ? figures.declared
        : receipt.status === 'cancelled'
          ? figures.cancelled
          : receipt.status === 'replaced'
            ? figures.replaced
            : undefined
    if (!bucket) return
    addTo(bucket, receipt.form, receipt.snapshot.amountCents)
    addTo(figures.issued, receipt.form, receipt.snapshot.amountCents)
    if (receipt.status === 'issued' && taxYearOf(receipt.issuedAt) > year)
      figures.declaredIssuedLater += 1
  }

  return {
    observe(group) {
      checkSeries(group)
      for (const detail of recordProblems(year, group)) problems.records.add(group.number, detail)
      for (const line of group.lines) countLine(ledger, line)
      if (group.receipt) countReceipt(group.receipt)
    },
    beyondCounter(number) {
      problems.series.add(
        number,
        fr`reçu enregistré au-delà du compteur de ${year} (à ${counter}) : le compteur a reculé`,
      )
    },
    result() {
      if (result) return result
      links.reportUnmatched(problems.records)
      const checks: DeclarationCheck[] = [
        check('series', problems.series, seriesOutcome(year, counter)),
        check(
          'records',
          problems.records,
          fr`${countOf(receipts, 'reçu')} en accord avec le registre (statut, montant, formulaire, paiement, remplacements)`,
        ),
        check(
          'totals',
          totalsProblems(figures, ledger),
          'émis − annulés − remplacés = reçus retenus, pour chaque formulaire',
        ),
        check('specimen', problems.specimen, 'aucun reçu SPECIMEN dans la série'),
      ]
      result = {
        year,
        counter,
        receipts,
        figures,
        ledger,
        checks,
        ok: checks.every((c) => c.ok),
      }
      return result
    },
  }
}
