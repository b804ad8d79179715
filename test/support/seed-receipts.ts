import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { receiptNumber } from '../../shared/domain/receipt-number.js'
import type { ReceiptRecord } from '../../shared/domain/records.js'
import { keys } from '../../shared/store/keys.js'
import { ledgerPut, receiptItem, searchIndexPuts } from '../../shared/store/receipt-items.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from './builders/a-new-receipt.js'

/**
 * Many issued receipts of one year, written with the production item builders (receipt, ledger
 * line, search entries, counter) in BatchWrite calls: what thousands of issues leave behind,
 * in seconds rather than one transaction each.
 */
export async function seedReceipts(
  table: TableContext,
  options: { year: number; count: number; name?: (i: number) => [last: string, first: string] },
): Promise<ReceiptRecord[]> {
  const receipts = Array.from({ length: options.count }, (_, i) =>
    seededReceipt(table.orgId, options.year, i + 1, options.name?.(i) ?? ['Martin', 'Camille']),
  )
  const items = receipts.flatMap((receipt) => [
    receiptItem(table, receipt),
    (ledgerPut(table, receipt, 'issued', receipt.issuedAt).Put as { Item: Record<string, unknown> })
      .Item,
    ...searchIndexPuts(table, receipt).map(
      (put) => (put as { Put: { Item: Record<string, unknown> } }).Put.Item,
    ),
  ])
  items.push({ ...keys.counter(table.orgId, options.year), last: options.count })
  await batchPut(table, items)
  return receipts
}

export async function batchPut(table: TableContext, items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = []
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25))
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Record<string, unknown>[]
        let request:
          | Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>
          | undefined = { [table.tableName]: batch.map((Item) => ({ PutRequest: { Item } })) }
        while (request && Object.keys(request).length > 0) {
          const result = await table.doc.send(new BatchWriteCommand({ RequestItems: request }))
          request = result.UnprocessedItems as typeof request
        }
      }
    }),
  )
}

function seededReceipt(
  orgId: string,
  year: number,
  sequence: number,
  [lastName, firstNames]: [string, string],
): ReceiptRecord {
  const draft = aNewReceipt(1_000_000 + sequence, {
    year,
    orderId: 5_000_000 + sequence,
    payerEmail: `membre${sequence}@example.org`,
    issuedAt: `${year}-03-15T09:30:00.000Z`,
  })
  const number = receiptNumber(year, sequence)
  return {
    ...draft,
    orgId,
    number,
    sequence,
    snapshot: {
      ...draft.snapshot,
      number,
      issuedAt: `${year}-03-15T09:30:00.000Z`,
      paymentDates: { from: `${year}-03-14`, to: `${year}-03-14` },
      donor: {
        kind: 'individual',
        lastName,
        firstNames,
        address: {
          street: `${sequence} rue Exemple`,
          postalCode: '26000',
          city: 'Valence',
          country: 'France',
        },
      },
    },
    history: [{ at: draft.issuedAt, event: 'issued' }],
  }
}
