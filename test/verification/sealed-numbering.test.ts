import { describe, expect, it } from 'vitest'
import { parisIsoDay } from '../../shared/domain/paris-time.js'
import { recordPaymentState } from '../../shared/store/order-store.js'
import { issueDraftedReceipt, saveReceiptDraft } from '../../shared/store/receipt-draft-store.js'
import { issueReceipt } from '../../shared/store/receipt-store.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { verifyReceiptToken } from '../../shared/verification/receipt-verification.js'
import { snapshotDigest, tokenOfSnapshot } from '../../shared/verification/seal-receipt.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { decodeVerificationToken } from '../../shared/verification/verification-token.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import { createTestTable } from '../support/test-table.js'

const AT = '2026-03-15T10:00:00.000Z'

async function aSigningTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return enableReceiptSigning(
    { doc, tableName, orgId: 'org' },
    {
      signingKey: generateSigningKeyPem(),
      publicBaseUrl: 'https://recus.example.org/',
      now: () => new Date(AT),
    },
  )
}

async function drafted(table: TableContext, paymentId: number) {
  await recordPaymentState(table, {
    paymentId,
    orderId: paymentId + 1_000_000,
    state: 'Authorized',
    status: 'paid',
    amountCents: 5000,
    date: '2026-03-15T09:00:00.000Z',
    at: AT,
  })
  await saveReceiptDraft(table, { receipt: aNewReceipt(paymentId), memberships: [] })
}

describe('the verification link is signed in the numbering transaction, for the number written', () => {
  it('signs again on a counter conflict: the token names the number the retry wrote', async () => {
    const table = await aSigningTable()
    await drafted(table, 1)
    await drafted(table, 2)
    await issueDraftedReceipt(table, 1, AT)
    // A stale hint (another writer moved the counter): the first try builds 2026-00001, conflicts.
    const hints = new Map([[`${table.tableName}#org#2026`, 0]])
    const result = await issueDraftedReceipt(table, 2, AT, hints)
    if (result.outcome !== 'issued') throw new Error(result.outcome)
    const { snapshot } = result.receipt
    expect(snapshot.number).toBe('2026-00002')
    expect(snapshot.verification?.url).toMatch(/^https:\/\/recus\.example\.org\/verifier\//)
    const decoded = decodeVerificationToken(tokenOfSnapshot(snapshot) as string)
    expect(decoded?.claims).toEqual({
      orgId: 'org',
      number: '2026-00002',
      amountCents: snapshot.amountCents,
      issuedOn: parisIsoDay(AT),
      snapshotSha256: snapshotDigest(snapshot),
    })
    expect(await verifyReceiptToken(table, tokenOfSnapshot(snapshot) as string)).toMatchObject({
      number: '2026-00002',
      state: { status: 'valid' },
    })
  })

  it('signs a receipt issued from review the same way; a table without a key numbers without a link', async () => {
    const table = await aSigningTable()
    const issued = await issueReceipt(table, aNewReceipt(3))
    if (issued.outcome !== 'issued') throw new Error(issued.outcome)
    const token = tokenOfSnapshot(issued.receipt.snapshot) as string
    expect(await verifyReceiptToken(table, token)).toMatchObject({ number: issued.receipt.number })
    // Another organisation's pages do not know it.
    expect(await verifyReceiptToken({ ...table, orgId: 'other' }, token)).toBeUndefined()
    const { sealReceipt: _none, ...unsigned } = table
    const plain = await issueReceipt(unsigned, aNewReceipt(4))
    expect(plain.outcome === 'issued' && plain.receipt.snapshot.verification).toBeUndefined()
  })
})
