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
 * The AppError for a failed DynamoDB call, classified, since a queue retries a transient error
 * for as long as it lasts:
 * - a request DynamoDB refuses as such (ValidationException: more than 100 items, an item over
 *   400 KB, a malformed expression; in a transaction, a ValidationError reason) fails the same
 *   way every time: 'store.rejected', permanent;
 * - a condition the caller did not expect to fail, or an error that never reached DynamoDB (the
 *   SDK marks every service and network error with `$metadata`; a marshalling bug has none):
 *   'store.failed', an unknown error, given a few attempts;
 * - anything else (throttling, a network error, a service error): 'store.unavailable', transient.
 */
export function storeUnavailable(what: string, cause: unknown): AppError {
  if (isRejectedRequest(cause))
    return new AppError('store.rejected', `DynamoDB refused ${what}: ${messageOf(cause)}`, {
      cause,
    })
  if (isUnexpected(cause))
    return new AppError('store.failed', `DynamoDB: ${what} failed: ${messageOf(cause)}`, { cause })
  return new AppError('store.unavailable', `DynamoDB: ${what} failed`, { cause })
}

function isRejectedRequest(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'ValidationException') return true
  return cancellationCodes(error)?.includes('ValidationError') === true
}

function isUnexpected(error: unknown): boolean {
  if (!(error instanceof Error) || !('$metadata' in error)) return true
  if (isConditionalCheckFailed(error)) return true
  const codes = cancellationCodes(error)
  return (
    codes?.includes('ConditionalCheckFailed') === true && !codes.includes('TransactionConflict')
  )
}

/** DynamoDB's own words (limits, sizes, expression errors) or the SDK's: never item values. */
function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error)
}
