import { AppError } from '../errors.js'

/** The SDK's error names we branch on, translated at this edge (STYLE: vendor errors stop here). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException'
}

/** Cancellation reason codes of a TransactWriteItems, one per item, or undefined. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons
  return reasons?.map((reason) => reason.Code)
}

/**
 * The AppError for a failed DynamoDB call. Most failures pass (throttling, a network error, a
 * service error): 'store.unavailable', retried for as long as they last. A request DynamoDB
 * refuses as such (ValidationException: more than 100 items, an item over 400 KB, a malformed
 * expression; in a transaction, a ValidationError reason) fails the same way every time:
 * 'store.rejected', which no queue retries.
 */
export function storeUnavailable(what: string, cause: unknown): AppError {
  if (isRejectedRequest(cause))
    return new AppError('store.rejected', `DynamoDB refused ${what}: ${messageOf(cause)}`, {
      cause,
    })
  return new AppError('store.unavailable', `DynamoDB: ${what} failed`, { cause })
}

function isRejectedRequest(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'ValidationException') return true
  return cancellationCodes(error)?.includes('ValidationError') === true
}

/** DynamoDB's own words (limits, sizes, expression errors): never item values. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error)
}
