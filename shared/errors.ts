/**
 * The one error type of the project. Expected outcomes are return values; an AppError is a
 * failure, with a closed set of codes so callers (HTTP mapping, queue retry policy) can branch
 * on it without parsing messages.
 */
export type AppErrorCode =
  | 'config.invalid'
  | 'input.invalid'
  | 'helloasso.unavailable'
  | 'helloasso.unauthorized'
  | 'helloasso.notFound'
  | 'helloasso.invalidResponse'
  | 'store.unavailable'
  | 'store.conflict'
  | 'mail.unavailable'
  | 'mail.rejected'
  | 'queue.unavailable'
  | 'receipt.notFound'
  | 'receipt.conflict'
  | 'review.notFound'
  | 'staff.unauthenticated'
  | 'staff.forbidden'
  | 'runtime.unavailable'

/** Codes worth retrying: the same call may succeed later without anybody changing anything. */
const TRANSIENT_CODES: ReadonlySet<AppErrorCode> = new Set([
  'helloasso.unavailable',
  'helloasso.unauthorized',
  'store.unavailable',
  'store.conflict',
  'mail.unavailable',
  'queue.unavailable',
])

export class AppError extends Error {
  override readonly name = 'AppError'

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code)
  }
}

/** Unknown errors (bugs, SDK surprises) are retried: a retry is cheap, a lost payment is not. */
export function isTransient(error: unknown): boolean {
  return error instanceof AppError ? error.transient : true
}

export function errorSummary(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
