import { errorSummary, type FailureKind, failureKind, mayRetry, retryAfterMsOf } from '../errors.js'
import type { Logger } from '../log.js'
import {
  type MessageQueue,
  messageGroupOf,
  QUEUE_MESSAGE_TYPES,
  type QueueMessage,
  type QueueMessageType,
} from './queue-message.js'
import { type RetryPolicy, retryDelayMs } from './retry-policy.js'

export interface InProcessQueueOptions extends RetryPolicy {
  handle: (message: QueueMessage) => Promise<void>
  /** Called once a message has failed for good (a permanent error, or an unknown one too often). */
  deadLetter: (
    message: QueueMessage,
    error: string,
    attempts: number,
    kind: FailureKind,
  ) => Promise<void>
  /** Counts one recorded dead letter of the message's step, for its alarm. */
  deadLetterMetric?: (step: QueueMessageType) => void
  /** Handlers running at once in each lane (process, number, deliver). */
  concurrency: number
  /**
   * Messages of one group run one at a time. The default serializes numbering per organisation
   * only, as on AWS; the pipeline benchmark passes another to simulate the older shape.
   */
  groupOf?: (message: QueueMessage) => string | undefined
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

interface Lane {
  queued: Job[]
  running: number
}

/**
 * The local stand-in for SQS, in the shape of the AWS topology: three lanes, one per step.
 * Process and deliver run in parallel (standard queues); numbering runs one message at a time
 * per organisation (the FIFO message group). Same at-least-once semantics as the SQS handler:
 * a transient error is retried with backoff up to maxDelayMs, for as long as it lasts (an
 * outage is waited out, the work stays pending); a permanent error goes to the dead letters at
 * once, an unknown one after maxAttempts (at most UNKNOWN_ERROR_MAX_ATTEMPTS).
 */
export function createInProcessQueue(options: InProcessQueueOptions): InProcessQueue {
  const groupOf = options.groupOf ?? messageGroupOf
  const lanes = Object.fromEntries(
    QUEUE_MESSAGE_TYPES.map((type): [QueueMessageType, Lane] => [type, { queued: [], running: 0 }]),
  ) as Record<QueueMessageType, Lane>
  const busyGroups = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  let stopped = false
  let idleWaiters: (() => void)[] = []

  const all = () => Object.values(lanes)
  const isIdle = () =>
    all().every((lane) => lane.queued.length === 0 && lane.running === 0) && timers.size === 0
  const notifyIdle = () => {
    if (!isIdle()) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  /** The first job of the lane whose group is free (FIFO within a group). */
  const nextJob = (lane: Lane): Job | undefined => {
    const index = lane.queued.findIndex((job) => {
      const group = groupOf(job.message)
      return group === undefined || !busyGroups.has(group)
    })
    return index < 0 ? undefined : lane.queued.splice(index, 1)[0]
  }

  const pump = () => {
    for (const lane of all()) {
      while (!stopped && lane.running < options.concurrency) {
        const job = nextJob(lane)
        if (!job) break
        const group = groupOf(job.message)
        if (group !== undefined) busyGroups.add(group)
        lane.running++
        void run(job).finally(() => {
          lane.running--
          if (group !== undefined) busyGroups.delete(group)
          pump()
          notifyIdle()
        })
      }
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
    const waitMs = retryAfterMsOf(error)
    if (waitMs !== undefined && !stopped) {
      // Known to fail until then (a lease held by another, possibly killed, worker): not an
      // attempt. Tried again at the usual pace, as the holder may finish well before its lease.
      const delay = Math.min(waitMs, retryDelayMs(options, job.attempt))
      options.log.warn('queue.deferred', { type: job.message.type, delayMs: delay })
      const timer = setTimeout(() => {
        timers.delete(timer)
        lanes[job.message.type].queued.push(job)
        pump()
      }, delay)
      timers.add(timer)
      return
    }
    const retry = mayRetry(error, job.attempt, options.maxAttempts)
    if (retry && !stopped) {
      const delay = retryDelayMs(options, job.attempt)
      options.log.warn('queue.retry', {
        type: job.message.type,
        attempt: job.attempt,
        delayMs: delay,
        error: summary,
      })
      const timer = setTimeout(() => {
        timers.delete(timer)
        lanes[job.message.type].queued.push({ message: job.message, attempt: job.attempt + 1 })
        pump()
      }, delay)
      timers.add(timer)
      return
    }
    // Stopping: the work stays recorded as pending and is re-queued at the next start.
    if (retry) return
    options.log.error('queue.dead-letter', {
      type: job.message.type,
      attempts: job.attempt,
      error: summary,
    })
    const kind = failureKind(error)
    await options.deadLetter(job.message, summary, job.attempt, kind).then(
      () => options.deadLetterMetric?.(job.message.type),
      (deadLetterError) => {
        options.log.error('queue.dead-letter-failed', { error: errorSummary(deadLetterError) })
      },
    )
  }

  return {
    async send(message) {
      lanes[message.type].queued.push({ message, attempt: 1 })
      pump()
    },
    drain() {
      return isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))
    },
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const lane of all()) lane.queued.length = 0
      while (all().some((lane) => lane.running > 0))
        await new Promise((resolve) => setTimeout(resolve, 20))
      notifyIdle()
    },
    size: () => ({
      queued: all().reduce((sum, lane) => sum + lane.queued.length, 0),
      running: all().reduce((sum, lane) => sum + lane.running, 0),
      waiting: timers.size,
    }),
  }
}
