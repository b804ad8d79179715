import { beforeEach, describe, expect, it } from 'vitest'
import type { EligiblePayment } from '../../shared/domain/eligible-payment.js'
import { listEligiblePayments } from '../../shared/store/eligible-payment-queries.js'
import {
  markEligibleRefunded,
  recordEligiblePayment,
} from '../../shared/store/eligible-payment-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { createTestTable } from '../support/test-table.js'

let table: TableContext
beforeEach(async () => {
  const { doc, tableName } = await createTestTable()
  table = { doc, tableName, orgId: 'org' }
})

function aPayment(donorKey: string, amountCents = 5_000): EligiblePayment {
  return {
    orgId: 'org',
    year: 2025,
    donorKey,
    form: '11580',
    paymentId: 42,
    orderId: 4_200,
    paidAt: '2025-03-10T10:00:00+01:00',
    paidOn: '2025-03-10',
    amountCents,
    paymentMethod: 'card',
    donor: {
      kind: 'individual',
      lastName: 'Martin',
      firstNames: 'Camille',
      address: { street: '1 rue de la Paix', postalCode: '26600', city: 'Tain', country: 'France' },
    },
    payerEmail: 'camille@example.org',
    members: [],
    provenance: {
      paymentId: 42,
      paymentAmountCents: amountCents,
      tipCents: 0,
      lines: [],
      eligibleCents: amountCents,
    },
    verified: true,
    recordedAt: '2025-03-10T09:00:00.000Z',
  } as EligiblePayment
}

describe('recording an eligible payment', () => {
  it('a replay refreshes the one item; a payer whose identity changed moves it, never doubles it', async () => {
    expect(await recordEligiblePayment(table, aPayment('11580-a'))).toBe('recorded')
    expect(await recordEligiblePayment(table, aPayment('11580-a', 4_000))).toBe('recorded')
    let items = await listEligiblePayments(table, 2025)
    expect(items.map((p) => [p.donorKey, p.amountCents])).toEqual([['11580-a', 4_000]])
    expect(await recordEligiblePayment(table, aPayment('11580-b'))).toBe('recorded')
    items = await listEligiblePayments(table, 2025)
    expect(items.map((p) => p.donorKey)).toEqual(['11580-b'])
  })

  it('a refunded payment stays refunded: a late replay of its paid state changes nothing', async () => {
    await recordEligiblePayment(table, aPayment('11580-a'))
    expect(
      await markEligibleRefunded(table, 42, { at: '2025-04-01T10:00:00Z', reason: 'refund' }),
    ).toBe(true)
    expect(await recordEligiblePayment(table, aPayment('11580-a'))).toBe('refunded')
    expect(await recordEligiblePayment(table, aPayment('11580-b'))).toBe('refunded')
    const items = await listEligiblePayments(table, 2025)
    expect(items.map((p) => [p.donorKey, p.refunded?.reason])).toEqual([['11580-a', 'refund']])
  })
})
