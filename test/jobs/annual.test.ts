import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { annualJob } from '../../shared/jobs/annual/annual-job.js'
import {
  type AnnualPreview,
  previewAnnualReceipts,
} from '../../shared/jobs/annual/preview-annual-receipts.js'
import { runJob } from '../../shared/jobs/run-job.js'
import { getPaymentReceiptNumber } from '../../shared/store/receipt-store.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { createTestRuntime } from '../support/test-runtime.js'
import {
  ANNUAL,
  aCompanyPayment,
  aDonation,
  pay,
  paymentIdOf,
  pdfTextOf,
  runAnnual,
  tableItems,
} from './annual-orders.js'

const { fake } = useFakeHelloAsso()

describe('annual policy: one summary receipt per donor, form and tax year', () => {
  const t = useTestRuntime({ config: ANNUAL })

  it('several payments give no receipt when paid, then one receipt for their sum, dated « cumul 2025 », and one email', async () => {
    const orders = [
      aDonation('2025-02-10T10:00:00.0000000+01:00', 3000),
      aDonation('2025-06-01T18:30:00.0000000+02:00', 4550),
      aDonation('2025-11-06T20:17:20.1129932+01:00', 10_000),
    ]
    await pay(fake, t, ...orders)
    expect(await t.receipts(2025)).toHaveLength(0)
    expect(await t.outboxFiles()).toHaveLength(0)

    const run = await runAnnual(t, 2025)

    expect(run.counts).toMatchObject({ issued: 1, payments: 3, amountCents: 17_550 })
    const [receipt, ...others] = await t.receipts(2025)
    expect(others).toHaveLength(0)
    expect(receipt).toMatchObject({
      number: '2025-00001',
      form: '11580',
      status: 'issued',
      paymentId: paymentIdOf(orders[0] as Order),
      delivery: { status: 'sent' },
      snapshot: {
        amountCents: 17_550,
        paymentDates: { from: '2025-02-10', to: '2025-11-06' },
        paymentDateLabel: 'cumul 2025',
        donor: { kind: 'individual', lastName: 'Caron', firstNames: 'Vincent' },
        layoutVersion: 3,
      },
      // The tips (12 € each) are in the provenance, never in the amount (invariant 6).
      provenance: { eligibleCents: 17_550, tipCents: 3 * 1200 },
    })
    expect(receipt?.coveredPayments?.map((p) => [p.paymentId, p.paidOn, p.amountCents])).toEqual([
      [paymentIdOf(orders[0] as Order), '2025-02-10', 3000],
      [paymentIdOf(orders[1] as Order), '2025-06-01', 4550],
      [paymentIdOf(orders[2] as Order), '2025-11-06', 10_000],
    ])
    for (const order of orders)
      expect(await getPaymentReceiptNumber(t.runtime.table, paymentIdOf(order))).toBe('2025-00001')
    const mails = await t.outbox()
    expect(mails).toHaveLength(1)
    const text = await pdfTextOf(mails[0])
    expect(text).toContain('Date du versement ou du don : cumul 2025')
    expect(text).toContain('***175,50***')
  })

  it('the same order replayed concurrently before the run is still one payment on one receipt', async () => {
    const order = aDonation('2025-05-05T10:00:00.0000000+02:00', 2500)
    fake.putOrder(order)
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.post({ eventType: 'Order', data: order })),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200))
    await t.settle()

    await runAnnual(t, 2025)

    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.snapshot.amountCents, r.coveredPayments?.length])).toEqual([
      [2500, 1],
    ])
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it('a second run issues nothing: every payment is already on a live receipt', async () => {
    await pay(
      fake,
      t,
      aDonation('2025-03-01T12:00:00.0000000+01:00', 2000),
      aDonation('2025-04-01T12:00:00.0000000+02:00', 2000),
    )
    await runAnnual(t, 2025)
    const second = await runAnnual(t, 2025)
    expect(second).toMatchObject({ status: 'done', totalItems: 0, counts: {} })
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it('a chunk run twice at once (a redo after a crash, a second worker) issues each receipt once', async () => {
    await pay(
      fake,
      t,
      aDonation('2025-03-01T12:00:00.0000000+01:00', 2000),
      aDonation('2025-05-01T12:00:00.0000000+02:00', 2500),
      aDonation('2025-04-01T12:00:00.0000000+02:00', 3000, {
        email: 'noe.guillot@example.org',
        firstName: 'Noé',
        lastName: 'Guillot',
      }),
    )
    const jobs = t.runtime.jobs
    const [chunk, ...more] = await annualJob.plan(jobs, { year: 2025 })
    expect(more).toHaveLength(0)
    expect(chunk?.size).toBe(2)
    const run = { kind: 'annual' as const, paramsKey: '2025', run: 1 }
    const chunkRef = chunk as NonNullable<typeof chunk>
    const results = await Promise.all([
      annualJob.runChunk(jobs, { year: 2025 }, chunkRef, run),
      annualJob.runChunk(jobs, { year: 2025 }, chunkRef, run),
    ])
    await t.settle()
    expect(results.reduce((sum, r) => sum + (r.counts.issued ?? 0), 0)).toBe(2)
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => r.number).sort()).toEqual(['2025-00001', '2025-00002'])
    expect(receipts.map((r) => r.snapshot.amountCents).sort()).toEqual([3000, 4500])
    expect(await t.outboxFiles()).toHaveLength(2)
  })

  it('an individual and a company sharing an email stay apart: a 11580 and a 16216 (period « du … au … »)', async () => {
    const person = {
      email: 'contact@atelier-diois.example',
      firstName: 'Lucie',
      lastName: 'Perrin',
    }
    await pay(
      fake,
      t,
      aCompanyPayment('2026-01-01T00:12:44.6140233+01:00'),
      aDonation('2026-02-01T09:00:00.0000000+01:00', 4000, person),
      aCompanyPayment('2026-03-15T09:00:00.0000000+01:00'),
      aDonation('2026-04-01T09:00:00.0000000+02:00', 6000, person),
    )

    await runAnnual(t, 2026)

    const receipts = (await t.receipts(2026)).sort((a, b) => a.form.localeCompare(b.form))
    expect(
      receipts.map((r) => [r.form, r.snapshot.amountCents, r.coveredPayments?.length]),
    ).toEqual([
      ['11580', 10_000, 2],
      ['16216', 100_000, 2],
    ])
    const company = receipts[1]
    expect(company?.snapshot.donor).toMatchObject({ kind: 'company', legalForm: 'SAS' })
    expect(company?.snapshot.paymentDates).toEqual({ from: '2026-01-01', to: '2026-03-15' })
    expect(company?.snapshot.paymentDateLabel).toBeUndefined()
    const mails = await t.outbox()
    const companyMail = mails.find((m) => m.subject?.includes(company?.number ?? '?'))
    const text = (await pdfTextOf(companyMail)).replace(/\s+/g, ' ')
    expect(text).toContain('effectués9 : du 01/01/2026 au 15/03/2026')
  })

  it('the tax year is the Paris calendar year: 31/12 23:50 goes to 2025, 01/01 00:12 to 2026', async () => {
    const late = aDonation('2025-12-31T23:50:00+01:00', 2000)
    const early = aDonation('2026-01-01T00:12:00+01:00', 3000)
    await pay(fake, t, late, early)

    await runAnnual(t, 2025)
    await runAnnual(t, 2026)

    const [of2025] = await t.receipts(2025)
    const [of2026] = await t.receipts(2026)
    expect(of2025).toMatchObject({
      number: '2025-00001',
      paymentId: paymentIdOf(late),
      snapshot: { amountCents: 2000, paymentDates: { from: '2025-12-31', to: '2025-12-31' } },
    })
    expect(of2026).toMatchObject({
      number: '2026-00001',
      paymentId: paymentIdOf(early),
      snapshot: { amountCents: 3000, paymentDates: { from: '2026-01-01', to: '2026-01-01' } },
    })
  })

  it('--dry-run lists what would be issued and writes nothing', async () => {
    await pay(
      fake,
      t,
      aDonation('2025-02-10T10:00:00.0000000+01:00', 3000),
      aDonation('2025-11-06T10:00:00.0000000+01:00', 7000),
    )
    const before = await tableItems(t)

    const previews: AnnualPreview[] = []
    for await (const preview of previewAnnualReceipts(t.runtime.jobs, 2025)) previews.push(preview)

    expect(previews).toEqual([
      {
        donorKey: expect.stringMatching(/^11580-[0-9a-f]{32}$/),
        donorLabel: 'Vincent Caron',
        form: '11580',
        paymentCount: 2,
        amountCents: 10_000,
        period: { from: '2025-02-10', to: '2025-11-06' },
        dateText: 'cumul 2025',
        fitsOneReceipt: true,
      },
    ])
    await t.settle()
    expect(await tableItems(t)).toEqual(before)
    expect(await t.outboxFiles()).toHaveLength(0)
  })
})

describe('switching from per-payment to annual during the year', () => {
  it('a payment already receipted is not counted again, and numbers continue the same series', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'receipts-annual-'))
    const env = { TABLE_NAME: `test-${randomUUID()}`, DATA_DIR: dataDir }
    try {
      const early = aDonation('2025-02-10T10:00:00.0000000+01:00', 3000)
      const perPayment = await createTestRuntime({ env })
      try {
        fake.putOrder(early)
        await perPayment.post({ eventType: 'Order', data: early })
        await perPayment.settle()
        expect((await perPayment.receipts(2025)).map((r) => r.number)).toEqual(['2025-00001'])
      } finally {
        await perPayment.stop()
      }
      const annual = await createTestRuntime({ env, config: ANNUAL })
      try {
        const later = [
          aDonation('2025-06-01T10:00:00.0000000+02:00', 4000),
          aDonation('2025-09-01T10:00:00.0000000+02:00', 5000),
        ]
        await pay(fake, annual, ...later)
        expect(await annual.receipts(2025)).toHaveLength(1)

        await runJob(annual.runtime.jobs, annualJob, { year: 2025 })
        await annual.settle()

        const receipts = (await annual.receipts(2025)).sort((a, b) => a.sequence - b.sequence)
        expect(receipts.map((r) => [r.number, r.snapshot.amountCents])).toEqual([
          ['2025-00001', 3000],
          ['2025-00002', 9000],
        ])
        expect(receipts[1]?.coveredPayments?.map((p) => p.paymentId)).toEqual(
          later.map(paymentIdOf),
        )
        // The per-payment receipt holds part of the year: « cumul 2025 » would overstate this one.
        expect(receipts[1]?.snapshot.paymentDateLabel).toBeUndefined()
        expect(receipts[1]?.snapshot.paymentDates).toEqual({ from: '2025-06-01', to: '2025-09-01' })
        expect(await annual.outboxFiles()).toHaveLength(2)
      } finally {
        await annual.stop()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
