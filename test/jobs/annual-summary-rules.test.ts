import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import {
  type AnnualPreview,
  previewAnnualReceipts,
} from '../../shared/jobs/annual/preview-annual-receipts.js'
import type {
  CheckOption,
  ContentElement,
} from '../../shared/receipts/pdf/content/receipt-content.js'
import { receiptContentFor } from '../../shared/receipts/pdf/content/receipt-content-for.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { ANNUAL, aCompanyPayment, aDonation, pay, runAnnual } from './annual-orders.js'

/** Issue 11 §7: what a yearly summary prints about payment methods and company years. */
const { fake } = useFakeHelloAsso()

const byCheque = (order: Order): Order => ({
  ...order,
  payments: order.payments.map((p) => ({ ...p, paymentMeans: 'Check' })),
})

function ticked(elements: ContentElement[], labelStart: string): string[] {
  const all = elements.flatMap((e) => (e.kind === 'frame' ? e.children : [e]))
  const found = all.find(
    (e) => e.kind === 'options' && e.label?.[0]?.text.startsWith(labelStart),
  ) as { options: CheckOption[] } | undefined
  return (found?.options ?? []).filter((o) => o.checked).map((o) => o.label[0]?.text ?? '')
}

describe('a yearly summary of payments made by card and by cheque', () => {
  const t = useTestRuntime({ config: ANNUAL })

  it('ticks every method used', async () => {
    await pay(
      fake,
      t,
      aDonation('2025-02-10T10:00:00.0000000+01:00', 3000),
      byCheque(aDonation('2025-06-01T10:00:00.0000000+02:00', 4000)),
    )
    await runAnnual(t, 2025)
    const [receipt] = await t.receipts(2025)
    expect(receipt?.snapshot.paymentMethods?.sort()).toEqual(['card', 'cheque'])
    const { body } = receiptContentFor(receipt?.snapshot as NonNullable<typeof receipt>['snapshot'])
    expect(ticked(body, 'En cas de don en numéraire')).toEqual([
      'Chèque',
      'Virement, prélèvement, carte bancaire',
    ])
  })
})

describe('a company’s yearly summary, companies’ financial year from 1 July', () => {
  const t = useTestRuntime({
    config: { ...ANNUAL, companyFinancialYear: { startMonthDay: '07-01' } },
  })

  it('gives one receipt per financial year, never one straddling two', async () => {
    await pay(
      fake,
      t,
      aCompanyPayment('2025-03-10T10:00:00.0000000+01:00'),
      aCompanyPayment('2025-05-10T10:00:00.0000000+02:00'),
      aCompanyPayment('2025-09-15T10:00:00.0000000+02:00'),
    )
    const previews: AnnualPreview[] = []
    for await (const preview of previewAnnualReceipts(t.runtime.jobs, 2025)) previews.push(preview)
    expect(previews.map((p) => [p.paymentCount, p.dateText, p.note])).toEqual([
      [
        2,
        'du 10/03/2025 au 10/05/2025',
        'exercice des entreprises ouvert le 01/07 : un reçu par exercice',
      ],
      [1, 'le 15/09/2025', 'exercice des entreprises ouvert le 01/07 : un reçu par exercice'],
    ])

    const run = await runAnnual(t, 2025)
    expect(run.counts).toMatchObject({ issued: 2, payments: 3 })
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.form, r.snapshot.paymentDates, r.snapshot.amountCents])).toEqual([
      ['16216', { from: '2025-03-10', to: '2025-05-10' }, 100_000],
      ['16216', { from: '2025-09-15', to: '2025-09-15' }, 50_000],
    ])
  })
})

describe('a company’s yearly summary when the companies’ financial year is not configured', () => {
  const t = useTestRuntime({ config: ANNUAL })

  it('assumes the calendar year, and the dry run the treasurer reviews says so', async () => {
    await pay(
      fake,
      t,
      aCompanyPayment('2025-03-10T10:00:00.0000000+01:00'),
      aCompanyPayment('2025-09-15T10:00:00.0000000+02:00'),
    )
    const previews: AnnualPreview[] = []
    for await (const preview of previewAnnualReceipts(t.runtime.jobs, 2025)) previews.push(preview)
    expect(previews).toMatchObject([
      {
        form: '16216',
        paymentCount: 2,
        note: 'exercice des entreprises inconnu : année civile supposée (companyFinancialYear)',
      },
    ])
    await runAnnual(t, 2025)
    expect(await t.receipts(2025)).toHaveLength(1)
  })
})
