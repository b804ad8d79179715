import { errorSummary, isTransient } from '../errors.js'
import type { Logger } from '../log.js'
import type { MessageQueue, QueueMessage } from './queue-message.js'
import { type RetryPolicy, retryDelayMs } from './retry-policy.js'

export interface InProcessQueueOptions extends RetryPolicy {
  handle: (message: QueueMessage) => Promise<void>
  /** Called once a message has failed for good (permanent error or attempts exhausted). */
  deadLetter: (message: QueueMessage, error: string, attempts: number) => Promise<void>
  concurrency: number
  log: Logger
}

export interface InProcessQueue extends MessageQueue {
  /** Resolves when nothing is queued, running or waiting for a retry. */
  drain(): Promise<void>
  /** Stops taking work; waits for running handlers. Waiting retries stay recorded as pending work. */
  stop(): Promise<void>
  size(): { queued: number; running: number; waiting: number }
}

interface Job {
  message: QueueMessage
  attempt: number
}

/**
 * The local stand-in for SQS: same at-least-once semantics, retries with backoff, dead letters
 * after maxAttempts (SQS maxReceiveCount) or at once for a permanent error.
 */
export function createInProcessQueue(options: InProcessQueueOptions): InProcessQueue {
  const queued: Job[] = []
  const timers = new Set<NodeJS.Timeout>()
  let running = 0
  let stopped = false
  let idleWaiters: (() => void)[] = []

  const isIdle = () => queued.length === 0 && running === 0 && timers.size === 0
  const notifyIdle = () => {
    if (!isIdle()) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  const pump = () => {
    while (!stopped && running < options.concurrency && queued.length > 0) {
      const job = queued.shift() as Job
      running++
      void run(job).finally(() => {
        running--
        pump()
        notifyIdle()
      })
    }
  }

  const run = async (job: Job) => {
    try {
      await options.handle(job.message)
    } catch (error) {
      await onFailure(job, error)
    }
  }

  const onFailure = async (job: Job, error: unknown) => {
    const summary = errorSummary(error)
    if (isTransient(error) && job.attempt < options.maxAttempts && !stopped) {
      const delay = retryDelayMs(options, job.attempt)
      options.log.warn('queue.retry', {
        type: job.message.type,
        attempt: job.attempt,
        delayMs: delay,
        error: summary,
      })
      const timer = setTimeout(() => {
        timers.delete(timer)
        queued.push({ message: job.message, attempt: job.attempt + 1 })
        pump()
      }, delay)
      timers.add(timer)
      return
    }
    if (stopped && isTransient(error)) return
    options.log.error('queue.dead-letter', {
      type: job.message.type,
      attempts: job.attempt,
      error: summary,
    })
    await options.deadLetter(job.message, summary, job.attempt).catch((deadLetterError) => {
      options.log.error('queue.dead-letter-failed', { error: errorSummary(deadLetterError) })
    })
  }

  return {
    async send(message) {
      queued.push({ message, attempt: 1 })
      pump()
    },
    drain() {
      return isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))
    },
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      queued.length = 0
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 20))
      notifyIdle()
    },
    size: () => ({ queued: queued.length, running, waiting: timers.size }),
  }
}
