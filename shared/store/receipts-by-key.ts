import type { ReceiptRecord } from '../domain/records.js'
import { getItems } from './get-item.js'
import { keys } from './keys.js'
import { recordProjection } from './record-projection.js'
import type { TableContext } from './table-context.js'

/** A receipt with the number it is stored under (which should also be its own). */
export interface KeyedReceipt<R> {
  number: string
  record: R
}

/**
 * The records stored under these receipt numbers, in the order asked, missing ones left out;
 * keyed by where they are stored, so a record that names another number shows. Strongly
 * consistent. `paths` reads only those record paths (`snapshot.donor`); whole records when absent.
 */
export async function receiptsByKey<R = ReceiptRecord>(
  ctx: TableContext,
  numbers: readonly string[],
  paths?: readonly string[],
): Promise<KeyedReceipt<R>[]> {
  const items = await getItems(
    ctx,
    numbers.map((number) => keys.receipt(ctx.orgId, number)),
    'batch get receipts of series',
    paths ? { projection: recordProjection(paths, ['pk', 'sk']) } : {},
  )
  return numbers.flatMap((number, i) => {
    const record = items[i]?.record as R | undefined
    return record === undefined ? [] : [{ number, record }]
  })
}
