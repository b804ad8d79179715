import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { loadFixture, orderFromNotification, paymentFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'

const { fake, t } = useFlowHarness()

/** HelloAsso knows the order; the notification is posted; the flow runs to the end. */
async function deliver(
  fixture: string,
  order: Order = orderFromNotification(loadFixture(fixture)),
) {
  fake.putOrder(order)
  const response = await t.post(loadFixture(fixture))
  await t.settle()
  return response
}

describe('the fixtures of test/fixtures/helloasso give their stated outcome', () => {
  it('01: an individual 50 € membership with a 5 € tip gives one 50,00 € receipt, emailed with its PDF', async () => {
    const response = await deliver('01_order_membership_individual_50eur_with_tip')
    expect(response.status).toBe(200)
    const [receipt, ...others] = await t.receipts(2025)
    expect(others).toHaveLength(0)
    expect(receipt).toMatchObject({
      number: '2025-00001',
      form: '11580',
      status: 'issued',
      delivery: { status: 'sent' },
    })
    expect(receipt?.snapshot.amountCents).toBe(5000)
    expect(receipt?.provenance).toMatchObject({ tipCents: 500, eligibleCents: 5000 })
    expect(receipt?.snapshot.specimen).toBe(false)
    const [mail] = await t.outbox()
    expect(mail?.attachments.map((a) => a.filename)).toEqual(['recu-fiscal-2025-00001.pdf'])
    const pdfText = await extractPdfText(new Uint8Array(mail?.attachments[0]?.content ?? []))
    for (const expected of [
      '2025-00001',
      'Arnaud',
      'Camille',
      '***50,00***',
      'cinquante euros',
      '18/09/2025',
      '200 du CGI',
    ]) {
      expect(pdfText).toContain(expected)
    }
    expect(pdfText).not.toContain('55,00')
    const membership = await getMembership(
      t.runtime.table,
      receipt?.provenance.lines[0]?.itemId ?? 0,
    )
    expect(membership).toMatchObject({
      status: 'active',
      tierKey: 'individuelle',
      validFrom: '2025-09-01',
      validTo: '2026-08-31',
    })
  })

  it('the membership belongs to the member (items[].user), the receipt to the payer', async () => {
    const order = orderFromNotification(
      loadFixture('01_order_membership_individual_50eur_with_tip'),
    )
    const [item] = order.items
    const gift = {
      ...order,
      items: [{ ...item, user: { firstName: 'Jules', lastName: 'Filleul' } }],
    } as Order
    await deliver('01_order_membership_individual_50eur_with_tip', gift)
    const [receipt] = await t.receipts(2025)
    expect(receipt?.snapshot.donor).toMatchObject({
      kind: 'individual',
      lastName: 'Arnaud',
      firstNames: 'Camille',
    })
    expect(await getMembership(t.runtime.table, item?.id ?? 0)).toMatchObject({
      member: { firstName: 'Jules', lastName: 'Filleul' },
    })
  })

  it('02: a reduced 25 € membership gives a 25,00 € receipt', async () => {
    await deliver('02_order_membership_reduced_25eur')
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => r.snapshot.amountCents)).toEqual([2500])
  })

  it('03: an organisation paying at 00:12 on 1 January (Paris) belongs to the new tax year; without a legal form it waits in review', async () => {
    await deliver('03_order_membership_org_500eur_company_new_year_midnight')
    expect(await t.receipts(2026)).toHaveLength(0)
    expect(await t.receipts(2025)).toHaveLength(0)
    const reviews = await t.reviews()
    expect(reviews.flatMap((r) => r.reasons)).toContain('company-data-missing')
  })

  it('03 with its legal form: a Cerfa 16216 receipt numbered in 2026', async () => {
    const order = withLegalForm(
      orderFromNotification(
        loadFixture('03_order_membership_org_500eur_company_new_year_midnight'),
      ),
      'SAS',
    )
    await deliver('03_order_membership_org_500eur_company_new_year_midnight', order)
    const [receipt] = await t.receipts(2026)
    expect(receipt).toMatchObject({ number: '2026-00001', form: '16216' })
    expect(receipt?.snapshot.donor).toMatchObject({ kind: 'company', legalForm: 'SAS' })
    expect(receipt?.snapshot.donor).toMatchObject({ siren: expect.stringMatching(/^\d{9}$/) })
  })

  it('04: three instalments, one received: a receipt for the 334 € actually received only', async () => {
    const order = withLegalForm(
      orderFromNotification(loadFixture('04_order_membership_org_1000eur_company_3_instalments')),
      'SCIC SAS',
    )
    await deliver('04_order_membership_org_1000eur_company_3_instalments', order)
    const receipts = await t.receipts(2025)
    expect(receipts.map((r) => [r.form, r.snapshot.amountCents])).toEqual([['16216', 33400]])
  })

  it('05: a SEPA payment waiting for the bank gives no receipt and no email', async () => {
    await deliver('05_order_membership_org_2500eur_company_sepa_waiting')
    expect(await t.receipts(2025)).toHaveLength(0)
    expect(await t.outboxFiles()).toHaveLength(0)
  })

  it('06: membership + donation already receipted by HelloAsso: no second receipt, a review item', async () => {
    await deliver('06_order_membership_plus_extra_donation')
    expect(await t.receipts(2025)).toHaveLength(0)
    const reviews = await t.reviews()
    expect(reviews.flatMap((r) => r.reasons)).toContain('helloasso-receipt-exists')
  })

  it('07 after 01: the refund cancels the receipt (number kept), ends the membership and emails a cancellation notice', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    const refund = paymentFromNotification(loadFixture('07_payment_refunded'))
    fake.putPayment(refund)
    fake.setPaymentState(refund.id, 'Refunded', { refundOperations: refund.refundOperations })
    expect((await t.post(loadFixture('07_payment_refunded'))).status).toBe(200)
    await t.settle()
    const [receipt] = await t.receipts(2025)
    expect(receipt).toMatchObject({
      number: '2025-00001',
      status: 'cancelled',
      cancellation: { reason: 'refund' },
      cancellationDelivery: { status: 'sent' },
    })
    expect((await t.reviews()).flatMap((r) => r.reasons)).toContain('receipt-cancelled')
    const mails = await t.outbox()
    expect(mails).toHaveLength(2)
    expect(mails[1]?.subject).toMatch(/annul/i)
    const membership = await getMembership(
      t.runtime.table,
      receipt?.provenance.lines[0]?.itemId ?? 0,
    )
    expect(membership?.status).toBe('ended')
  })

  it('08: a refused card payment records nothing that matters: no receipt, no email', async () => {
    const payment = paymentFromNotification(loadFixture('08_payment_refused'))
    fake.putPayment(payment)
    fake.putOrder(orderForRefusedPayment(payment))
    expect((await t.post(loadFixture('08_payment_refused'))).status).toBe(200)
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(0)
    expect(await t.outboxFiles()).toHaveLength(0)
  })

  it('09: a Form event is stored and acknowledged, nothing else', async () => {
    const response = await t.post(loadFixture('09_form_event_membership_form_edited'))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ignored' })
    await t.settle()
    expect(fake.calls.orders + fake.calls.payments).toBe(0)
  })

  it('10: a later redelivery of 01 (other meta, cash-out state) creates nothing new', async () => {
    await deliver('01_order_membership_individual_50eur_with_tip')
    await deliver('10_order_duplicate_redelivery_of_01')
    expect(await t.receipts(2025)).toHaveLength(1)
    expect(await t.outboxFiles()).toHaveLength(1)
  })

  it.each([
    ['12_order_membership_discount_code', 'amount-mismatch'],
    ['13_order_membership_pwyw_amount_matches_no_tier', 'amount-mismatch'],
    ['14_order_membership_payer_without_address', 'address-missing'],
  ])(
    '%s: a doubtful receipt waits in review (%s), the membership is still recorded',
    async (fixture, reason) => {
      await deliver(fixture)
      expect(await t.receipts(2025)).toHaveLength(0)
      expect(await t.outboxFiles()).toHaveLength(0)
      const [review] = await t.reviews()
      expect(review?.reasons).toContain(reason)
      const itemId = orderFromNotification(loadFixture(fixture)).items[0]?.id ?? 0
      expect(await getMembership(t.runtime.table, itemId)).toMatchObject({ status: 'active' })
    },
  )

  it('15: an option bought with the membership is excluded from the receipt', async () => {
    await deliver('15_order_membership_with_option')
    const [receipt] = await t.receipts(2025)
    expect(receipt?.snapshot.amountCents).toBe(5000)
    expect(receipt?.provenance.lines).toEqual([
      expect.objectContaining({ shareCents: 5000, optionsCents: 1500, eligible: true }),
    ])
  })

  it('16: a gift on a Donation form gives a receipt for the gift, tip excluded', async () => {
    await deliver('16_order_donation_form')
    const [receipt] = await t.receipts(2025)
    expect(receipt?.snapshot.amountCents).toBe(10000)
    expect(receipt?.provenance.tipCents).toBe(1200)
  })

  it('17: an individual paying at 00:12 on 1 January Paris time is numbered in the new year', async () => {
    await deliver('17_order_membership_individual_new_year_midnight')
    expect((await t.receipts(2026)).map((r) => r.number)).toEqual(['2026-00001'])
    expect(await t.receipts(2025)).toHaveLength(0)
  })
})

/** HelloAsso answers GET /orders/{id} for a refused attempt with the order and its refused payment. */
function orderForRefusedPayment(payment: ReturnType<typeof paymentFromNotification>): Order {
  const { order, payer, items, ...fields } = payment
  return {
    ...order,
    payer,
    items: (items ?? []).map((item) => ({
      id: item.id,
      type: item.type ?? 'Membership',
      name: item.name,
      amount: item.amount ?? 0,
      state: item.state,
    })),
    payments: [
      {
        ...fields,
        items: (items ?? []).map((item) => ({
          id: item.id,
          shareAmount: item.shareAmount,
          shareItemAmount: item.shareItemAmount,
        })),
      },
    ],
  } as Order
}
