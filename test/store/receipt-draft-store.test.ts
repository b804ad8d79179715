import { describe, expect, it } from 'vitest'
import type { MembershipRecord, ReceiptRecord } from '../../shared/domain/records.js'
import { MAX_MEMBERSHIPS_IN_TRANSACTION } from '../../shared/process/draft-payment-receipt.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { recordPaymentState } from '../../shared/store/order-store.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import {
  draftNumberingItems,
  getReceiptDraft,
  issueDraftedReceipt,
  NUMBERING_ITEM_BUDGET,
  saveReceiptDraft,
} from '../../shared/store/receipt-draft-store.js'
import { getPaymentReceiptNumber } from '../../shared/store/receipt-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { anIndividualDonor } from '../support/builders/a-receipt-snapshot.js'
import { createTestTable } from '../support/test-table.js'

const AT = '2026-03-15T10:00:00.000Z'

async function aTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return { doc, tableName, orgId: 'org' }
}

/** What the process step leaves for the numbering step: the payment's state and its draft. */
async function drafted(table: TableContext, paymentId: number, status = 'paid') {
  await recordPaymentState(table, {
    paymentId,
    orderId: paymentId + 1_000_000,
    state: status === 'paid' ? 'Authorized' : 'Refunded',
    status,
    amountCents: 5000,
    date: '2026-03-15T09:00:00.000Z',
    at: AT,
  })
  await saveReceiptDraft(table, { receipt: aNewReceipt(paymentId), memberships: [] })
}

describe('the numbering step: a drafted receipt numbered once, whatever is replayed', () => {
  it('numbers the draft, removes it in the same transaction, and lists it as pending until then', async () => {
    const table = await aTable()
    await drafted(table, 7)
    expect(await listPendingWork(table)).toEqual([{ type: 'number', orgId: 'org', paymentId: 7 }])
    const first = await issueDraftedReceipt(table, 7, AT)
    expect(first).toMatchObject({
      outcome: 'issued',
      receipt: { number: '2026-00001', issuedAt: AT },
    })
    expect(await getReceiptDraft(table, 7)).toBeUndefined()
    // Only the email is pending now.
    expect(await listPendingWork(table)).toEqual([
      { type: 'deliver', orgId: 'org', receiptNumber: '2026-00001', kind: 'receipt' },
    ])
    // SQS delivers the number message a second time.
    expect(await issueDraftedReceipt(table, 7, AT)).toEqual({ outcome: 'no-draft' })
    expect(await readCounter(table, 2026)).toBe(1)
  })

  it('a late replay of the process step drafts again: the claim makes it a duplicate, no number taken', async () => {
    const table = await aTable()
    await drafted(table, 8)
    await issueDraftedReceipt(table, 8, AT)
    await saveReceiptDraft(table, { receipt: aNewReceipt(8), memberships: [] })
    expect(await issueDraftedReceipt(table, 8, AT)).toEqual({
      outcome: 'duplicate',
      number: '2026-00001',
    })
    expect(await getReceiptDraft(table, 8)).toBeUndefined()
    expect(await readCounter(table, 2026)).toBe(1)
  })

  it('a refund recorded between draft and numbering: no receipt, no number used, draft gone', async () => {
    const table = await aTable()
    await drafted(table, 9)
    await recordPaymentState(table, {
      paymentId: 9,
      orderId: 1_000_009,
      state: 'Refunded',
      status: 'refunded',
      amountCents: 5000,
      date: '2026-03-15T09:00:00.000Z',
      at: AT,
    })
    expect(await issueDraftedReceipt(table, 9, AT)).toEqual({ outcome: 'not-paid' })
    expect(await getPaymentReceiptNumber(table, 9)).toBeUndefined()
    expect(await readCounter(table, 2026)).toBe(0)
    expect(await listPendingWork(table)).toEqual([])
  })

  it('numbers from the last number it took, and from the counter when another writer moved it', async () => {
    const table = await aTable()
    const hints = new Map<string, number>()
    await drafted(table, 10)
    expect(await issueDraftedReceipt(table, 10, AT, hints)).toMatchObject({
      receipt: { number: '2026-00001' },
    })
    expect([...hints.values()]).toEqual([1])
    // Staff or a yearly job takes 00002 meanwhile: the hint (1) is stale.
    await drafted(table, 11)
    await issueDraftedReceipt(table, 11, AT)
    await drafted(table, 12)
    expect(await issueDraftedReceipt(table, 12, AT, hints)).toMatchObject({
      receipt: { number: '2026-00003' },
    })
    expect([...hints.values()]).toEqual([3])
    expect(await readCounter(table, 2026)).toBe(3)
  })
})

describe('the numbering transaction has an item budget (issue 19 point 1)', () => {
  const words = (prefix: string) =>
    Array.from({ length: 60 }, (_, i) => `${prefix}${i.toString(36)}`).join(' ')

  it('holds at most NUMBERING_ITEM_BUDGET items, counter included, whatever the names typed', async () => {
    const table = await aTable()
    const draft = aNewReceipt(20)
    const members = Array.from({ length: MAX_MEMBERSHIPS_IN_TRANSACTION }, (_, m) => ({
      firstName: words(`f${m}x`),
      lastName: words(`l${m}x`),
    }))
    const receipt: ReceiptRecord = {
      ...draft,
      number: '2026-00001',
      sequence: 1,
      snapshot: {
        ...draft.snapshot,
        number: '2026-00001',
        donor: anIndividualDonor({ lastName: words('nom'), firstNames: words('pre') }),
      },
      members,
      history: [],
    }
    const memberships: MembershipRecord[] = members.map((member, i) => ({
      orgId: 'org',
      itemId: 100 + i,
      orderId: draft.orderId,
      tierKey: 'base',
      member,
      payerKind: 'individual',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      status: 'active',
      firstPaymentId: 20,
      updatedAt: AT,
    }))
    const items = draftNumberingItems(table, receipt, memberships)
    expect(items.length + 1).toBeLessThanOrEqual(NUMBERING_ITEM_BUDGET)
  })
})
