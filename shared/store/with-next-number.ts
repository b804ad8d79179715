import { setTimeout as sleep } from 'node:timers/promises'
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { AppError } from '../errors.js'
import { type RetryPolicy, retryDelayMs } from '../queue/retry-policy.js'
import { readCounter } from './counter-store.js'
import { cancellationCodes, storeUnavailable } from './dynamo-errors.js'
import { receiptNumber } from './keys.js'
import { counterUpdate, type TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

/**
 * Conflicts on the counter before giving up (the queue retries the message later). Between
 * two tries a jittered, growing pause lets the other writers finish instead of all re-reading
 * at once: under the numbering lane there is one writer per organisation, but staff actions
 * and the yearly jobs number too. Bounded: at most about 8 s of waiting in all.
 */
export const COUNTER_RETRY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 500 }

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const TRANSACTION_ITEM_LIMIT = 100

export interface NumberingOptions {
  /** Waits between two conflicting tries (tests pass a recorder). */
  pause?: (ms: number) => Promise<unknown>
  random?: () => number
  /**
   * The counter's value as the caller last saw it: the first try uses it instead of reading
   * the counter. A stale value only costs a conflict, then a re-read (the condition holds).
   */
  lastKnown?: number
}

export type NumberedWrite<T> =
  | { done: T }
  /** The transaction failed on one of the caller's own conditions (index ≥ 1): the caller decides. */
  | { failedAt: number; codes: (string | undefined)[] }

/**
 * Takes the next number of the tax year and writes the caller's items in the same transaction
 * as the counter (item 0). A concurrent writer moves the counter first: re-read and try again.
 * This is what keeps the series gap-free (invariant 3) however many writers run at once.
 */
export async function withNextNumber<T>(
  ctx: TableContext,
  year: number,
  build: (number: string, sequence: number) => { items: TransactItem[]; result: T },
  options: NumberingOptions = {},
): Promise<NumberedWrite<T>> {
  const pause = options.pause ?? sleep
  let known = options.lastKnown
  for (let attempt = 1; attempt <= COUNTER_RETRY.maxAttempts; attempt++) {
    if (attempt > 1) await pause(retryDelayMs(COUNTER_RETRY, attempt - 1, options.random))
    const last = known ?? (await readCounter(ctx, year))
    known = undefined
    const { items, result } = build(receiptNumber(year, last + 1), last + 1)
    // Over the limit, DynamoDB refuses the write however often it is tried: say so at once.
    if (items.length + 1 > TRANSACTION_ITEM_LIMIT)
      throw new AppError(
        'store.rejected',
        `a numbered write of ${items.length + 1} items exceeds DynamoDB's ${TRANSACTION_ITEM_LIMIT}`,
      )
    try {
      await ctx.doc.send(
        new TransactWriteCommand({
          TransactItems: [counterUpdate(ctx, year, last, last + 1), ...items],
        }),
      )
      return { done: result }
    } catch (error) {
      const codes = cancellationCodes(error)
      if (!codes) throw storeUnavailable('numbered write', error)
      // The counter moved (or a write raced): numbers are re-read and the whole write retried.
      if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) continue
      const ownFailure = codes.findIndex(
        (code, index) => index > 0 && code === 'ConditionalCheckFailed',
      )
      if (ownFailure > 0) return { failedAt: ownFailure, codes }
      throw storeUnavailable('numbered write', error)
    }
  }
  throw new AppError('store.conflict', `receipt counter of ${year} kept changing; will retry`)
}
