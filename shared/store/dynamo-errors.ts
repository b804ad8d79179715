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

export function storeUnavailable(what: string, cause: unknown): AppError {
  return new AppError('store.unavailable', `DynamoDB: ${what} failed`, { cause })
}
