import type { EligiblePayment } from '../../domain/eligible-payment.js'
import { parseInstant } from '../../domain/paris-time.js'
import type { AmountProvenance, CoveredPayment } from '../../domain/records.js'
import { type SnapshotFields, snapshotOf } from '../../process/build-receipt-snapshot.js'
import type { ProcessDeps } from '../../process/process-deps.js'
import type { NewReceipt } from '../../store/receipt-store.js'
import { appliedTaxRules } from '../../tax/applied-tax-rules.js'

/**
 * The yearly summary receipt of one donor's payments (same form, same tax year): amount = sum
 * of the eligible amounts, in integer cents; dates = first and last payment (Paris days).
 * On Cerfa 11580 the date prints « cumul AAAA » (tax-receipts.md §5.2); on 16216 the period
 * prints « du … au … » (note 9 allows one receipt per period within the company's year).
 * « cumul » only when the receipt is the donor's whole year (`wholeYear`) and covers more than
 * one payment; otherwise the period (or the single date) is the exact statement.
 * The donor data and email are those of the latest payment.
 */
export function summaryDraft(
  deps: ProcessDeps,
  year: number,
  payments: EligiblePayment[],
  { wholeYear }: { wholeYear: boolean },
): NewReceipt {
  const sorted = [...payments].sort(byPaymentTime)
  const first = sorted[0]
  const latest = sorted[sorted.length - 1]
  if (!first || !latest) throw new RangeError('a summary receipt needs at least one payment')
  const amountCents = sorted.reduce((sum, p) => sum + p.amountCents, 0)
  const issuedAt = deps.now().toISOString()
  const snapshot = snapshotOf({
    config: deps.config,
    ...(deps.signatureImagePng ? { signatureImagePng: deps.signatureImagePng } : {}),
    donor: latest.donor,
    amountCents,
    paymentDates: { from: first.paidOn, to: latest.paidOn },
    ...(latest.form === '11580' && wholeYear && sorted.length > 1
      ? { paymentDateLabel: `cumul ${year}` }
      : {}),
    ...paymentMethodsFields(sorted),
    issuedAt,
    specimen: !deps.helloAsso || sorted.some((p) => !p.verified),
  })
  const provenance = mergedProvenance(sorted, amountCents)
  return {
    orgId: deps.table.orgId,
    year,
    form: snapshot.form,
    status: 'issued',
    snapshot,
    provenance,
    taxRules: appliedTaxRules(deps.config, snapshot, provenance.lines),
    orderId: first.orderId,
    paymentId: first.paymentId,
    payerEmail: latest.payerEmail,
    issuedAt,
    delivery: { status: 'pending', attempts: 0 },
    members: uniqueMembers(sorted),
    coveredPayments: sorted.map(covered),
  }
}

function byPaymentTime(a: EligiblePayment, b: EligiblePayment): number {
  return (
    parseInstant(a.paidAt).getTime() - parseInstant(b.paidAt).getTime() || a.paymentId - b.paymentId
  )
}

function covered(payment: EligiblePayment): CoveredPayment {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    paidOn: payment.paidOn,
    amountCents: payment.amountCents,
    provenance: payment.provenance,
  }
}

/**
 * Every article of every payment, so the staff page's « D’où vient le montant » still adds up
 * (its first payment's id stays the receipt's `paymentId`).
 */
function mergedProvenance(payments: EligiblePayment[], amountCents: number): AmountProvenance {
  const sum = (pick: (p: AmountProvenance) => number) =>
    payments.reduce((total, p) => total + pick(p.provenance), 0)
  return {
    paymentId: (payments[0] as EligiblePayment).paymentId,
    paymentAmountCents: sum((p) => p.paymentAmountCents),
    tipCents: sum((p) => p.tipCents),
    lines: payments.flatMap((p) => p.provenance.lines),
    eligibleCents: amountCents,
  }
}

/**
 * Both models let the issuer tick several boxes (16216 note 8): a summary ticks the box of
 * every method used. `paymentMethod` (the latest payment's) stays for older readers; the
 * list is recorded only when the methods differ.
 */
function paymentMethodsFields(
  payments: EligiblePayment[],
): Pick<SnapshotFields, 'paymentMethod' | 'paymentMethods'> {
  const methods = [...new Set(payments.map((p) => p.paymentMethod))]
  const latest = (payments[payments.length - 1] as EligiblePayment).paymentMethod
  return methods.length > 1
    ? { paymentMethod: latest, paymentMethods: methods }
    : { paymentMethod: latest }
}

function uniqueMembers(payments: EligiblePayment[]): { firstName: string; lastName: string }[] {
  const seen = new Map<string, { firstName: string; lastName: string }>()
  for (const member of payments.flatMap((p) => p.members))
    seen.set(`${member.firstName}|${member.lastName}`.toLowerCase(), member)
  return [...seen.values()]
}
