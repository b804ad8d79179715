import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFlowHarness } from '../support/flow-harness.js'
import { withLegalForm } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'

/** Issue 11 §7 through the HTTP path: the company block's country and the company email. */
const { fake, t } = useFlowHarness()

const COMPANY = '03_order_membership_org_500eur_company_new_year_midnight'
const INDIVIDUAL = '01_order_membership_individual_50eur_with_tip'

async function deliver(fixture: string, order: Order) {
  fake.putOrder(order)
  expect((await t.post(loadFixture(fixture))).status).toBe(200)
  await t.settle()
}

describe('a company receipt', () => {
  it('prints the company’s country, and the email greets the person who paid by name', async () => {
    const order = withLegalForm(orderFromNotification(loadFixture(COMPANY)), 'SAS')
    await deliver(COMPANY, { ...order, payer: { ...order.payer, country: 'BEL' } })
    const [receipt] = await t.receipts(2026)
    expect(receipt?.snapshot.donor).toMatchObject({
      kind: 'company',
      address: { country: 'Belgique' },
      contactName: 'Lucie Perrin',
    })
    const [mail] = await t.outbox()
    const pdf = await extractPdfText(new Uint8Array(mail?.attachments[0]?.content ?? []))
    expect(pdf).toContain('Dénomination de l’entreprise : Atelier partagé du Diois')
    expect(pdf).toContain('Pays : Belgique')
    expect(pdf).not.toContain('Lucie Perrin')
    expect(mail?.text).toContain('Bonjour Lucie Perrin,')
  })
})

describe('a payer without country', () => {
  it('is not assumed to live in France: the receipt waits in review', async () => {
    const order = orderFromNotification(loadFixture(INDIVIDUAL))
    await deliver(INDIVIDUAL, { ...order, payer: { ...order.payer, country: null } } as Order)
    expect(await t.receipts(2025)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['address-missing'])
    expect(review?.message).toMatch(/pays/)
  })
})
