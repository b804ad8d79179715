/**
 * Receives of an SQS message before it moves to its dead-letter queue (the queues' redrive
 * policy in infra/, and the batch handler's last attempt).
 */
export const SQS_MAX_RECEIVE_COUNT = 5

export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(exponential / 2 + (exponential / 2) * random())
}
