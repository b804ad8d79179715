import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import {
  availableByDonor,
  type DonorPayments,
} from '../../shared/jobs/annual/available-by-donor.js'
import { issueDonorSummary } from '../../shared/jobs/annual/issue-donor-summary.js'
import type { IndividualDonor } from '../../shared/receipts/receipt-snapshot.js'
import { correctReceipt } from '../../shared/staff/correct-receipt.js'
import { markEligibleRefunded } from '../../shared/store/eligible-payment-store.js'
import { runFindings } from '../../shared/store/job-run-store.js'
import { getPaymentReceiptNumber } from '../../shared/store/receipt-store.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { ANNUAL, aDonation, pay, paymentIdOf, refund, runAnnual } from './annual-orders.js'

const { fake } = useFakeHelloAsso()

describe('annual policy: refunds, races and limits', () => {
  const t = useTestRuntime({ config: ANNUAL })

  it('a refund after the summary cancels it, frees the other payments, and the next run re-issues them', async () => {
    const orders = [
      aDonation('2025-02-10T10:00:00.0000000+01:00', 3000),
      aDonation('2025-06-01T10:00:00.0000000+02:00', 4000),
      aDonation('2025-09-01T10:00:00.0000000+02:00', 5000),
    ]
    await pay(fake, t, ...orders)
    await runAnnual(t, 2025)

    await refund(fake, t, orders[1] as Order)

    const first = (await t.receipts(2025)).find((r) => r.number === '2025-00001')
    expect(first).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'refund', note: expect.stringContaining('2 autre(s) versement(s)') },
      cancellationDelivery: { status: 'sent' },
    })
    const review = (await t.reviews()).find((r) => r.refs.receiptNumber === '2025-00001')
    expect(review?.reasons).toEqual(['receipt-cancelled'])
    expect(review?.message).toContain('reçu annuel')

    const rerun = await runAnnual(t, 2025)

    expect(rerun.counts).toMatchObject({ issued: 1, payments: 2 })
    const second = (await t.receipts(2025)).find((r) => r.number === '2025-00002')
    expect(second).toMatchObject({
      status: 'issued',
      snapshot: { amountCents: 8000, paymentDateLabel: 'cumul 2025' },
    })
    expect(second?.coveredPayments?.map((p) => p.paymentId)).toEqual([
      paymentIdOf(orders[0] as Order),
      paymentIdOf(orders[2] as Order),
    ])
    const mails = await t.outbox()
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringContaining('2025-00001'),
      expect.stringMatching(/annul/i),
      expect.stringContaining('2025-00002'),
    ])
    expect((await runAnnual(t, 2025)).totalItems).toBe(0)
  })

  it('a payment refunded before the run never reaches a summary', async () => {
    const kept = aDonation('2025-02-10T10:00:00.0000000+01:00', 3000)
    const refunded = aDonation('2025-03-10T10:00:00.0000000+01:00', 9000)
    await pay(fake, t, kept, refunded)
    await refund(fake, t, refunded)

    await runAnnual(t, 2025)

    const [receipt] = await t.receipts(2025)
    expect(receipt?.snapshot.amountCents).toBe(3000)
    // A single payment keeps its own date: more precise than « cumul ».
    expect(receipt?.snapshot.paymentDateLabel).toBeUndefined()
    expect(receipt?.coveredPayments?.map((p) => p.paymentId)).toEqual([paymentIdOf(kept)])
  })

  it('a refund landing between reading the payments and writing the summary leaves it out', async () => {
    const kept = aDonation('2025-02-10T10:00:00.0000000+01:00', 3000)
    const racing = aDonation('2025-03-10T10:00:00.0000000+01:00', 9000)
    await pay(fake, t, kept, racing)
    const jobs = t.runtime.jobs
    const [[donorKey, stale]] = [...(await availableByDonor(jobs.process.table, 2025))] as [
      [string, DonorPayments],
    ]
    expect(stale.available).toHaveLength(2)
    await markEligibleRefunded(jobs.process.table, paymentIdOf(racing), {
      at: new Date().toISOString(),
      reason: 'refund',
    })

    const outcome = await issueDonorSummary(jobs.process, 2025, donorKey, stale)

    expect(outcome).toMatchObject({ kind: 'issued', payments: 1, amountCents: 3000 })
    expect(await getPaymentReceiptNumber(jobs.process.table, paymentIdOf(racing))).toBeUndefined()
    await t.settle()
  })

  it('a refund after a staff correction of the summary cancels the live replacement', async () => {
    const orders = [
      aDonation('2025-02-10T10:00:00.0000000+01:00', 3000),
      aDonation('2025-06-01T10:00:00.0000000+02:00', 4000),
    ]
    await pay(fake, t, ...orders)
    await runAnnual(t, 2025)
    const { table, queue, now, log, config } = t.runtime.jobs.process
    const [original] = await t.receipts(2025)
    await correctReceipt(
      { table, queue, now, log, config },
      { id: 'staff-1', name: 'Camille', role: 'manager' },
      '2025-00001',
      {
        donor: { ...(original?.snapshot.donor as IndividualDonor), firstNames: 'Vincent Paul' },
        reason: 'prénom complet',
      },
    )
    await t.settle()

    // The second payment's claim still names 2025-00001; its refund must find 2025-00002.
    await refund(fake, t, orders[1] as Order)

    const byNumber = new Map((await t.receipts(2025)).map((r) => [r.number, r]))
    expect(byNumber.get('2025-00001')?.status).toBe('replaced')
    expect(byNumber.get('2025-00002')).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'refund' },
    })
    const rerun = await runAnnual(t, 2025)
    expect(rerun.counts).toMatchObject({ issued: 1, payments: 1 })
    expect((await t.receipts(2025)).find((r) => r.number === '2025-00003')).toMatchObject({
      status: 'issued',
      paymentId: paymentIdOf(orders[0] as Order),
      snapshot: { amountCents: 3000 },
    })
  })

  it('more payments than one transaction can claim: a review item and a finding, no receipt, no crash', async () => {
    const base = aDonation('2025-01-05T10:00:00.0000000+01:00', 50_000)
    const item = base.items[0] as Order['items'][number]
    const template = base.payments[0] as Order['payments'][number]
    const payments = Array.from({ length: 50 }, (_, i) => ({
      ...template,
      id: template.id * 100 + i,
      date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.0000000+01:00`,
      amount: 1000,
      amountTip: 0,
      installmentNumber: i + 1,
      items: [{ id: item.id, shareAmount: 1000, shareItemAmount: 1000 }],
    }))
    await pay(fake, t, { ...base, payments })

    const run = await runAnnual(t, 2025)

    expect(run.counts).toMatchObject({ 'too-many': 1 })
    expect(await t.receipts(2025)).toHaveLength(0)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toContain('annual-too-many-payments')
    const findings = []
    for await (const finding of runFindings(t.runtime.table, run)) findings.push(finding)
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'too-many-payments', key: expect.stringMatching(/^11580-/) }),
    ])
  })
})
