import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getPaymentReceiptNumber, issueReceipt } from '../../shared/store/receipt-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { createTestTable } from '../support/test-table.js'

async function aTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return { doc, tableName, orgId: 'org' }
}

describe('issueReceipt: one transaction for counter, receipt, payment claim and ledger', () => {
  it('numbers per tax year, from 00001', async () => {
    const table = await aTable()
    const a = await issueReceipt(table, aNewReceipt(1))
    const b = await issueReceipt(table, aNewReceipt(2, { year: 2027 }))
    const c = await issueReceipt(table, aNewReceipt(3))
    expect([a, b, c].map((r) => (r.outcome === 'issued' ? r.receipt.number : r.outcome))).toEqual([
      '2026-00001',
      '2027-00001',
      '2026-00002',
    ])
  })

  it('a second receipt for the same payment is a duplicate and uses no number', async () => {
    const table = await aTable()
    await issueReceipt(table, aNewReceipt(7))
    expect(await issueReceipt(table, aNewReceipt(7))).toEqual({
      outcome: 'duplicate',
      number: '2026-00001',
    })
    const next = await issueReceipt(table, aNewReceipt(8))
    expect(next.outcome === 'issued' && next.receipt.number).toBe('2026-00002')
    expect(await getPaymentReceiptNumber(table, 7)).toBe('2026-00001')
  })

  it('without any serialisation, concurrent issues stay gap-free and one per payment (optimistic retries)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 25 }),
        async (paymentIds) => {
          const table = await aTable()
          const results = await Promise.all(
            paymentIds.map((id) => issueReceipt(table, aNewReceipt(id))),
          )
          const issued = results
            .flatMap((r) => (r.outcome === 'issued' ? [r.receipt.number] : []))
            .sort()
          const distinct = new Set(paymentIds).size
          expect(issued).toEqual(
            Array.from({ length: distinct }, (_, i) => `2026-${String(i + 1).padStart(5, '0')}`),
          )
          for (const id of new Set(paymentIds))
            expect(await getPaymentReceiptNumber(table, id)).toMatch(/^2026-\d{5}$/)
        },
      ),
      { numRuns: 8 },
    )
  })
})
