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
  /** DynamoDB refused the request itself (too many items, an item too large): it fails again. */
  | 'store.rejected'
  /** A DynamoDB call failed in a way we do not recognise (a bug, an unexpected condition). */
  | 'store.failed'
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

/** Codes of failures we cannot classify: treated like an unknown error (a few attempts). */
const UNKNOWN_CODES: ReadonlySet<AppErrorCode> = new Set(['store.failed'])

export class AppError extends Error {
  override readonly name = 'AppError'

  /**
   * Set when the work cannot succeed before a known time (another worker's lease): the queue
   * waits that long and tries again without counting an attempt, so a lease left by a killed
   * worker never sends the work to the dead letters.
   */
  readonly retryAfterMs: number | undefined

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.retryAfterMs = options?.retryAfterMs
  }

  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code)
  }
}

/**
 * Whether trying again may help: transient errors and unknown ones (bugs, SDK surprises; the
 * queue bounds their attempts). A retry is cheap, a lost payment is not.
 */
export function isTransient(error: unknown): boolean {
  return failureKind(error) !== 'permanent'
}

/**
 * How a queue treats a failure: a transient AppError is retried with backoff for as long as it
 * lasts (an outage is waited out, never dead-lettered), a permanent one goes to the dead letters
 * at once, an unknown error (a bug, an SDK surprise) gets a few attempts only.
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown'

export function failureKind(error: unknown): FailureKind {
  if (!(error instanceof AppError) || UNKNOWN_CODES.has(error.code)) return 'unknown'
  return error.transient ? 'transient' : 'permanent'
}

/** Attempts an unknown error gets before its message is dead-lettered. */
export const UNKNOWN_ERROR_MAX_ATTEMPTS = 3

/**
 * Whether a message that failed with `error` on attempt `attempt` may be tried again. An unknown
 * error gets `unknownMaxAttempts` attempts, at most UNKNOWN_ERROR_MAX_ATTEMPTS.
 */
export function mayRetry(
  error: unknown,
  attempt: number,
  unknownMaxAttempts: number = UNKNOWN_ERROR_MAX_ATTEMPTS,
): boolean {
  const kind = failureKind(error)
  if (kind === 'transient') return true
  if (kind === 'permanent') return false
  return attempt < Math.min(unknownMaxAttempts, UNKNOWN_ERROR_MAX_ATTEMPTS)
}

export function errorSummary(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

/** How long a queue should wait before the next try, when the error knows (see retryAfterMs). */
export function retryAfterMsOf(error: unknown): number | undefined {
  return error instanceof AppError ? error.retryAfterMs : undefined
}
