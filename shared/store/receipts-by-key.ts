import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../domain/records.js'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import { recordProjection } from './record-projection.js'
import type { TableContext } from './table-context.js'

/** A receipt with the number it is stored under (which should also be its own). */
export interface KeyedReceipt<R> {
  number: string
  record: R
}

type BatchRequest = NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']>

/**
 * The records stored under these receipt numbers (at most 100), in the order asked, missing
 * ones left out; keyed by where they are stored, so a record that names another number shows.
 * One BatchGet with strongly consistent reads, unprocessed keys asked again. `paths` reads only
 * those record paths (`snapshot.donor`); whole records when absent.
 */
export async function receiptsByKey<R = ReceiptRecord>(
  ctx: TableContext,
  numbers: readonly string[],
  paths?: readonly string[],
): Promise<KeyedReceipt<R>[]> {
  const found = new Map<string, R>()
  let request: BatchRequest | undefined = {
    [ctx.tableName]: {
      Keys: numbers.map((number) => ({ ...keys.receipt(ctx.orgId, number) })),
      ConsistentRead: true,
      ...(paths ? recordProjection(paths, ['pk']) : {}),
    },
  }
  while (request && Object.keys(request).length > 0) {
    const result = await ctx.doc
      .send(new BatchGetCommand({ RequestItems: request }))
      .catch((cause) => {
        throw storeUnavailable('batch get receipts of series', cause)
      })
    for (const item of result.Responses?.[ctx.tableName] ?? [])
      found.set(String(item.pk), item.record as R)
    request = result.UnprocessedKeys as BatchRequest | undefined
  }
  return numbers.flatMap((number) => {
    const record = found.get(keys.receipt(ctx.orgId, number).pk)
    return record === undefined ? [] : [{ number, record }]
  })
}
