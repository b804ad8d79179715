import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { keys } from '../../shared/store/keys.js'
import { getPaymentStanding } from '../../shared/store/payment-standing.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { createTestTable } from '../support/test-table.js'

async function aTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return { doc, tableName, orgId: 'org' }
}

const put = (table: TableContext, item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }))

describe('getPaymentStanding: what the process step reads of a paid payment, at once', () => {
  it('gives nothing known for a payment seen for the first time', async () => {
    const table = await aTable()
    expect(await getPaymentStanding(table, 7, 'payment-7', [70, 71])).toEqual({
      receiptNumber: undefined,
      reviewOpen: false,
      recordedMemberships: new Set(),
    })
  })

  it('reads the claim, the open review and which memberships are recorded, past 100 keys', async () => {
    const table = await aTable()
    await put(table, { ...keys.paymentReceipt('org', 7), number: '2026-00042' })
    await put(table, { ...keys.review('org', 'payment-7'), record: { status: 'open' } })
    // 150 membership items (more than one BatchGetItem holds), every third one recorded.
    const itemIds = Array.from({ length: 150 }, (_, i) => 1000 + i)
    const recorded = itemIds.filter((_, i) => i % 3 === 0)
    for (const id of recorded) await put(table, { ...keys.membership('org', id), record: { id } })
    // Another organisation's membership under the same item id is not ours.
    await put(table, { ...keys.membership('other', 1001), record: {} })

    const standing = await getPaymentStanding(table, 7, 'payment-7', itemIds)

    expect(standing.receiptNumber).toBe('2026-00042')
    expect(standing.reviewOpen).toBe(true)
    expect([...standing.recordedMemberships].sort((a, b) => a - b)).toEqual(recorded)
  })

  it('does not count a settled review as open', async () => {
    const table = await aTable()
    await put(table, { ...keys.review('org', 'payment-8'), record: { status: 'resolved' } })
    expect((await getPaymentStanding(table, 8, 'payment-8')).reviewOpen).toBe(false)
  })
})
