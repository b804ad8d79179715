import type { Cents } from '../../domain/money.js'
import type { ReceiptForm } from '../../receipts/receipt-snapshot.js'

export interface Tally {
  count: number
  amountCents: Cents
}

export type FormTallies = Record<ReceiptForm, Tally>

export const FORMS: readonly ReceiptForm[] = ['11580', '16216']

/**
 * The art. 222 bis figures of one tax year (the receipts of series Y, i.e. of payments made in
 * Y, Europe/Paris). `declared` is what goes on the return: a receipt cancelled (refund,
 * contest, staff) is not counted because the gift was returned or the document voided; a
 * replaced receipt is not counted because its replacement (« annule et remplace », a new
 * number of the same series) is, once. Cancelled and replaced are reported apart so the
 * treasurer sees every number.
 */
export interface DeclarationFigures {
  declared: FormTallies
  cancelled: FormTallies
  replaced: FormTallies
  /** Every receipt record of the series: declared + cancelled + replaced. */
  issued: FormTallies
  /** Declared receipts drawn up (Paris date) after 31 December of the year, e.g. corrections. */
  declaredIssuedLater: number
}

/** The register's own view (ledger lines), reconciled against the receipt records. */
export interface LedgerTotals {
  issued: FormTallies
  cancelled: FormTallies
  replaced: FormTallies
}

export type CheckName = 'series' | 'records' | 'totals' | 'specimen'

export interface CheckProblem {
  /** The receipt number concerned, when there is one. */
  number?: string
  /** French, for the treasurer. */
  detail: string
}

export interface DeclarationCheck {
  name: CheckName
  /** French title of the check. */
  label: string
  ok: boolean
  /** French one-line outcome (what was verified, or how many problems). */
  outcome: string
  problemCount: number
  /** The first problems only (see MAX_LISTED_PROBLEMS): memory stays flat however bad it is. */
  problems: CheckProblem[]
}

export interface YearAuditResult {
  year: number
  /** The year's counter: numbers 1..counter were allocated. */
  counter: number
  /** Receipt records found for the year. */
  receipts: number
  figures: DeclarationFigures
  ledger: LedgerTotals
  checks: DeclarationCheck[]
  /** True when every check passed. */
  ok: boolean
}

export interface DeclarationReport extends YearAuditResult {
  /** Where the files went (`deps.files.locate`). */
  files: { declaration: string; register: string }
  /** Printable French summary for the CLI. */
  summary: string
}

export const MAX_LISTED_PROBLEMS = 50
