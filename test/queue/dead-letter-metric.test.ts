import { describe, expect, it } from 'vitest'
import { createEmfMetrics } from '../../shared/aws/emf-metrics.js'
import { createSesEventsHandler } from '../../shared/deliver/ses-events-handler.js'
import { AppError } from '../../shared/errors.js'
import { createJobChunkHandler } from '../../shared/jobs/job-chunk-handler.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { silentLogger } from '../../shared/log.js'
import {
  countDeadLetter,
  DEAD_LETTERS_METRIC,
  type DeadLetterStep,
} from '../../shared/queue/dead-letter-metric.js'
import { createInProcessQueue } from '../../shared/queue/in-process-queue.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { createSqsBatchHandler } from '../../shared/queue/sqs-batch-handler.js'
import type { TableContext } from '../../shared/store/table-context.js'

/**
 * Issue 19, point 3: every dead letter, wherever it is recorded, publishes the DeadLetters
 * metric of its step (the alarms of infra/ watch it). Here each place that ends work for good,
 * with the metric as CloudWatch reads it: one Embedded Metric Format line.
 */
function emfLines() {
  const lines: string[] = []
  const publish = createEmfMetrics(
    'RecusFiscaux/test',
    (line) => lines.push(line),
    () => new Date(1_000),
  )
  return { lines, publish, steps: () => lines.map((line) => JSON.parse(line).Step as string) }
}

/** The EMF line of one dead letter of `step`. */
const deadLetterLine = (step: DeadLetterStep) => ({
  _aws: {
    Timestamp: 1_000,
    CloudWatchMetrics: [
      {
        Namespace: 'RecusFiscaux/test',
        Dimensions: [['Step']],
        Metrics: [{ Name: DEAD_LETTERS_METRIC, Unit: 'Count' }],
      },
    ],
  },
  event: 'metric',
  Step: step,
  [DEAD_LETTERS_METRIC]: 1,
})

const processMessage: QueueMessage = { type: 'process', orgId: 'o', notificationId: 'n1' }
const sqsRecord = (messageId: string, body: string) => ({ messageId, body })

describe('the SQS batch handler (process, number, deliver on AWS)', () => {
  it('publishes one dead letter per message it records, and per unreadable message it keeps', async () => {
    const metrics = emfLines()
    const recorded: QueueMessage[] = []
    const unreadable: string[] = []
    const handler = createSqsBatchHandler({
      handle: async () => {
        throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async (message) => {
        recorded.push(message)
      },
      deadLetterUnreadable: async (letter) => {
        unreadable.push(letter.body)
      },
      deadLetterMetric: () => countDeadLetter(metrics.publish, 'process'),
      log: silentLogger,
    })
    const result = await handler({
      Records: [sqsRecord('1', JSON.stringify(processMessage)), sqsRecord('2', '{oops')],
    })
    expect(result.batchItemFailures).toEqual([])
    expect(recorded).toEqual([processMessage])
    expect(unreadable).toEqual(['{oops'])
    expect(metrics.lines.map((line) => JSON.parse(line))).toEqual([
      deadLetterLine('process'),
      deadLetterLine('process'),
    ])
  })

  it('publishes nothing for a message it retries, nor for one it could not record (SQS keeps it)', async () => {
    const metrics = emfLines()
    const handler = createSqsBatchHandler({
      handle: async (message) => {
        if (message.type === 'process') throw new AppError('helloasso.unavailable', 'down')
        throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async () => {
        throw new Error('table down')
      },
      deadLetterMetric: () => countDeadLetter(metrics.publish, 'number'),
      log: silentLogger,
    })
    const result = await handler({
      Records: [
        sqsRecord('1', JSON.stringify(processMessage)),
        sqsRecord('2', JSON.stringify({ type: 'number', orgId: 'o', paymentId: 1 })),
      ],
    })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '1' }, { itemIdentifier: '2' }])
    expect(metrics.lines).toEqual([])
  })
})

describe('the in-process queue (npm start)', () => {
  it('publishes a dead letter of the message’s step once it is recorded, not before, not for a success', async () => {
    const metrics = emfLines()
    const queue = createInProcessQueue({
      handle: async (message) => {
        if (message.type === 'deliver') throw new AppError('config.invalid', 'bad')
        if (message.type === 'number') throw new TypeError('a bug')
      },
      deadLetter: async () => {},
      deadLetterMetric: (step) => countDeadLetter(metrics.publish, step),
      maxAttempts: 4,
      baseDelayMs: 1,
      maxDelayMs: 2,
      concurrency: 2,
      log: silentLogger,
    })
    await queue.send(processMessage)
    await queue.send({ type: 'number', orgId: 'o', paymentId: 7 })
    await queue.send({ type: 'deliver', orgId: 'o', receiptNumber: '2026-00001', kind: 'receipt' })
    await queue.drain()
    expect(metrics.steps().sort()).toEqual(['deliver', 'number'])
  })

  it('publishes nothing when the dead letter could not be recorded', async () => {
    const metrics = emfLines()
    const queue = createInProcessQueue({
      handle: async () => {
        throw new AppError('config.invalid', 'bad')
      },
      deadLetter: async () => {
        throw new Error('table down')
      },
      deadLetterMetric: (step) => countDeadLetter(metrics.publish, step),
      maxAttempts: 2,
      baseDelayMs: 1,
      maxDelayMs: 2,
      concurrency: 1,
      log: silentLogger,
    })
    await queue.send(processMessage)
    await queue.drain()
    expect(metrics.lines).toEqual([])
  })
})

describe('the handlers that drop what they cannot read', () => {
  it('the jobs worker publishes a dead letter for an unreadable chunk (it is deleted, not retried)', async () => {
    const metrics = emfLines()
    const deps = { process: { table: { orgId: 'o' } as TableContext } } as JobDeps
    const handler = createJobChunkHandler(deps, silentLogger, {
      deadLetterMetric: () => countDeadLetter(metrics.publish, 'jobs'),
    })
    const result = await handler({
      Records: [sqsRecord('1', 'not json'), sqsRecord('2', JSON.stringify({ kind: 'annual' }))],
    })
    expect(result.batchItemFailures).toEqual([])
    expect(metrics.lines.map((line) => JSON.parse(line))).toEqual([
      deadLetterLine('jobs'),
      deadLetterLine('jobs'),
    ])
  })

  it('the SES events handler publishes a dead letter for an event it cannot read', async () => {
    const metrics = emfLines()
    const handler = createSesEventsHandler(
      { table: {} as TableContext, now: () => new Date(), log: silentLogger },
      { deadLetterMetric: () => countDeadLetter(metrics.publish, 'ses-events') },
    )
    const result = await handler({ Records: [sqsRecord('1', '{not an event')] })
    expect(result.batchItemFailures).toEqual([])
    expect(metrics.lines.map((line) => JSON.parse(line))).toEqual([deadLetterLine('ses-events')])
  })
})
