import type { ReceiptStatus } from '../../domain/records.js'
import { euros, fr } from '../../mail/french-text.js'
import type { LedgerLine } from '../../store/ledger-lines.js'
import type { NumberGroup } from './receipts-by-number.js'
import type { RegisterReceipt } from './series-receipts.js'

export const EVENT_LABELS: Record<string, string> = {
  issued: 'émis',
  cancelled: 'annulé',
  replaced: 'remplacé',
}

/** The register lines a record of each status must have: issuance, then what ended it. */
const EXPECTED_EVENTS: Record<ReceiptStatus, string[]> = {
  issued: ['issued'],
  cancelled: ['cancelled', 'issued'],
  replaced: ['issued', 'replaced'],
}

/**
 * How a number's receipt record disagrees with its register lines (French, for the treasurer;
 * the number is given apart). Empty when they agree.
 */
export function recordProblems(year: number, group: NumberGroup<RegisterReceipt>): string[] {
  const { receipt, lines } = group
  if (!receipt) {
    return lines.some((line) => line.event === 'issued')
      ? ['ligne « émis » au registre, mais aucun reçu enregistré sous ce numéro']
      : []
  }
  return [
    ...identityProblems(year, group.number, receipt),
    ...eventProblems(receipt, lines),
    ...lines.flatMap((line) => lineProblems(receipt, line)),
    ...linkProblems(receipt, lines),
  ]
}

function identityProblems(year: number, number: string, receipt: RegisterReceipt): string[] {
  const problems: string[] = []
  if (receipt.number !== number || receipt.year !== year)
    problems.push(fr`reçu enregistré sous le n° ${number} mais qui porte le n° ${receipt.number}`)
  const { from, to } = receipt.snapshot.paymentDates
  if (!from.startsWith(`${year}-`) || !to.startsWith(`${year}-`))
    problems.push(fr`versement du ${from} au ${to} hors de l’année ${year}`)
  return problems
}

function eventProblems(receipt: RegisterReceipt, lines: LedgerLine[]): string[] {
  const expected = EXPECTED_EVENTS[receipt.status] ?? []
  const actual = lines.map((line) => line.event).sort()
  if (expected.join() === actual.join()) return []
  const said = actual.length > 0 ? actual.map(eventLabel).join(', ') : 'aucune ligne'
  return [fr`statut « ${eventLabel(receipt.status)} » sur le reçu, registre : ${said}`]
}

function lineProblems(receipt: RegisterReceipt, line: LedgerLine): string[] {
  const problems: string[] = []
  const which = () => fr`(ligne « ${eventLabel(line.event)} »)`
  const amount = receipt.snapshot.amountCents
  if (line.amountCents !== amount)
    problems.push(
      fr`montant au registre ${describeAmount(line.amountCents)} ${which()} ≠ ${euros(amount)} sur le reçu`,
    )
  if (line.form !== receipt.form)
    problems.push(
      fr`formulaire au registre ${String(line.form)} ${which()} ≠ ${receipt.form} sur le reçu`,
    )
  if (line.paymentId !== receipt.paymentId)
    problems.push(
      fr`paiement HelloAsso au registre ${String(line.paymentId)} ${which()} ≠ ${receipt.paymentId} sur le reçu`,
    )
  return problems
}

/** Both halves of an « annule et remplace » must name each other, on the record and in the register. */
function linkProblems(receipt: RegisterReceipt, lines: LedgerLine[]): string[] {
  const problems: string[] = []
  const replacedLine = lines.find((line) => line.event === 'replaced')
  if (replacedLine && replacedLine.replacedBy !== receipt.replacedBy?.number)
    problems.push(
      fr`remplacé par le n° ${String(receipt.replacedBy?.number ?? '–')} selon le reçu, par le n° ${String(replacedLine.replacedBy ?? '–')} selon le registre`,
    )
  const issuedLine = lines.find((line) => line.event === 'issued')
  if (issuedLine && issuedLine.replaces !== receipt.snapshot.replaces?.number)
    problems.push(
      fr`remplace le n° ${String(receipt.snapshot.replaces?.number ?? '–')} selon le reçu, le n° ${String(issuedLine.replaces ?? '–')} selon le registre`,
    )
  return problems
}

export function eventLabel(event: string): string {
  return EVENT_LABELS[event] ?? `inconnu (${event})`
}

function describeAmount(value: unknown): string {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? euros(value)
    : `illisible (${String(value)})`
}
