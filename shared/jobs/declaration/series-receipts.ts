import type { ReceiptRecord } from '../../domain/records.js'
import type { ReceiptSnapshot } from '../../receipts/receipt-snapshot.js'
import { type KeyedReceipt, receiptsByKey } from '../../store/receipts-by-key.js'
import type { TableContext } from '../../store/table-context.js'

/** What the register and the checks read of a receipt: no association block, no signature. */
export type RegisterReceipt = Pick<
  ReceiptRecord,
  | 'number'
  | 'year'
  | 'form'
  | 'status'
  | 'issuedAt'
  | 'orderId'
  | 'paymentId'
  | 'cancellation'
  | 'replacedBy'
> & {
  snapshot: Pick<
    ReceiptSnapshot,
    | 'amountCents'
    | 'paymentDates'
    | 'paymentDateLabel'
    | 'cerfaNumber'
    | 'donor'
    | 'replaces'
    | 'specimen'
  >
}

export const REGISTER_PATHS = [
  'number',
  'year',
  'form',
  'status',
  'issuedAt',
  'orderId',
  'paymentId',
  'cancellation',
  'replacedBy',
  'snapshot.amountCents',
  'snapshot.paymentDates',
  'snapshot.paymentDateLabel',
  'snapshot.cerfaNumber',
  'snapshot.donor',
  'snapshot.replaces',
  'snapshot.specimen',
]

export interface SeriesReadOptions {
  /** Record paths to read (`snapshot.donor`); whole records when absent. */
  paths?: readonly string[]
  /** Keys per BatchGet (at most 100). */
  batchSize: number
  /** BatchGets running ahead of the consumer. */
  ahead: number
}

/**
 * The receipt records of a series, by key, in the order of `numbers`; missing ones are left
 * out (the checks see them missing from the merge). BatchGets with strongly consistent reads,
 * a few in flight ahead of the consumer: on DynamoDB Local a Query on the by-year index costs
 * seconds per thousand receipts, BatchGet a fraction of that. Memory holds `ahead` batches.
 */
export async function* seriesReceipts<R = ReceiptRecord>(
  ctx: TableContext,
  numbers: Iterable<string>,
  options: SeriesReadOptions,
): AsyncGenerator<KeyedReceipt<R>> {
  const source = numbers[Symbol.iterator]()
  const start = () => {
    const batch = takeUpTo(source, options.batchSize)
    if (batch.length === 0) return undefined
    const fetching = receiptsByKey<R>(ctx, batch, options.paths)
    // Rejections are handled when the batch's turn comes; until then it must not crash the process.
    fetching.catch(() => {})
    return fetching
  }
  const inFlight: Promise<KeyedReceipt<R>[]>[] = []
  for (let i = 0; i < Math.max(1, options.ahead); i++) {
    const fetching = start()
    if (fetching) inFlight.push(fetching)
  }
  for (let fetching = inFlight.shift(); fetching; fetching = inFlight.shift()) {
    const found = await fetching
    const next = start()
    if (next) inFlight.push(next)
    yield* found
  }
}

function takeUpTo<T>(source: Iterator<T>, count: number): T[] {
  const taken: T[] = []
  while (taken.length < count) {
    const next = source.next()
    if (next.done) break
    taken.push(next.value)
  }
  return taken
}
