export interface RetryPolicy {
  /**
   * For a queue: the attempts an error of unknown kind (a bug) gets, at most
   * UNKNOWN_ERROR_MAX_ATTEMPTS; a transient error is retried whatever this says.
   */
  maxAttempts: number
  baseDelayMs: number
  /** The ceiling: however long an outage lasts, the work is tried again at least this often. */
  maxDelayMs: number
}

/**
 * Backoff of a transient failure on SQS, by receive count: 15 s, 30 s, 1 min… then every 10
 * minutes for as long as the outage lasts. Set with ChangeMessageVisibility (sqs-batch-handler).
 */
export const SQS_RETRY: Omit<RetryPolicy, 'maxAttempts'> = {
  baseDelayMs: 15_000,
  maxDelayMs: 10 * 60_000,
}

/**
 * Receives after which a message still failing transiently is let go (deleted, no dead letter):
 * about five hours at the ceiling. Its pending record stays in the table, and the scheduled
 * re-queue sends a fresh message once nothing has tried it for REQUEUE_QUIET_MS.
 */
export const SQS_PARK_RECEIVE_COUNT = 40

/**
 * The queues' redrive maxReceiveCount (infra/work-queue.ts): above SQS_PARK_RECEIVE_COUNT, so
 * the handler decides the end of every message it sees; only a message whose handler never
 * answers (a crash or a timeout, again and again) reaches the SQS dead-letter queue.
 */
export const SQS_MAX_RECEIVE_COUNT = 50

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function retryDelayMs(
  policy: Omit<RetryPolicy, 'maxAttempts'>,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(exponential / 2 + (exponential / 2) * random())
}
