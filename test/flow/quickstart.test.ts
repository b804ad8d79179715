import { afterEach, describe, expect, it } from 'vitest'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import { loadFixture } from '../support/fixtures.js'
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js'

let t: TestRuntime
afterEach(() => t.stop())

describe('README quickstart: built-in Le Labo de l’ESS profile, no HelloAsso credentials', () => {
  it('the example notification becomes a SPECIMEN receipt emailed to the outbox', async () => {
    t = await createTestRuntime({ verified: false, config: defaultAssociationConfig })
    const response = await t.post(loadFixture('../quickstart/order-paid'))
    expect(response.status).toBe(200)
    await t.settle()
    const [receipt] = await t.receipts(2026)
    expect(receipt).toMatchObject({
      number: '2026-00001',
      form: '11580',
      // New receipts are rendered with the embedded-font layout, and say so.
      snapshot: { specimen: true, amountCents: 5000, layoutVersion: 3 },
    })
    const [mail] = await t.outbox()
    expect(mail?.subject).toMatch(/SPECIMEN/)
    expect(mail?.attachments[0]?.filename).toBe('recu-fiscal-2026-00001.pdf')
  })

  it('in unverified mode a Payment event for a known order updates it from the body (refund → cancellation)', async () => {
    t = await createTestRuntime({ verified: false, config: defaultAssociationConfig })
    const order = loadFixture('../quickstart/order-paid') as {
      data: { payments: Record<string, unknown>[]; payer: unknown; items: unknown[] }
    }
    await t.post(order)
    await t.settle()
    const { payments, payer, items, ...light } = order.data
    await t.post({
      eventType: 'Payment',
      data: { ...payments[0], state: 'Refunded', order: light, payer, items },
    })
    await t.settle()
    const [receipt] = await t.receipts(2026)
    expect(receipt?.status).toBe('cancelled')
  })
})
