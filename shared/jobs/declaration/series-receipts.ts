import { BatchGetCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../../domain/records.js'
import type { ReceiptSnapshot } from '../../receipts/receipt-snapshot.js'
import { storeUnavailable } from '../../store/dynamo-errors.js'
import { keys } from '../../store/keys.js'
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

/** A receipt with the number it is stored under (which should also be its own). */
export interface KeyedReceipt<R> {
  number: string
  record: R
}

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
    const fetching = fetchBatch<R>(ctx, batch, options.paths)
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

type BatchRequest = NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']>

async function fetchBatch<R>(
  ctx: TableContext,
  numbers: string[],
  paths: readonly string[] | undefined,
): Promise<KeyedReceipt<R>[]> {
  const found = new Map<string, R>()
  let request: BatchRequest | undefined = {
    [ctx.tableName]: {
      Keys: numbers.map((number) => ({ ...keys.receipt(ctx.orgId, number) })),
      ConsistentRead: true,
      ...(paths ? projection(paths) : {}),
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

/** Every path segment goes through a placeholder: several are DynamoDB reserved words. */
function projection(paths: readonly string[]) {
  const segments = new Set(['pk', 'record', ...paths.flatMap((path) => path.split('.'))])
  return {
    ProjectionExpression: [
      '#pk',
      ...paths.map((path) => ['record', ...path.split('.')].map((part) => `#${part}`).join('.')),
    ].join(', '),
    ExpressionAttributeNames: Object.fromEntries([...segments].map((part) => [`#${part}`, part])),
  }
}
