import { join } from 'node:path'
import { type Env, hasHelloAssoCredentials, publicBaseUrl } from '../../shared/config/env.js'
import type { LoadedAssociationConfig } from '../../shared/config/load-association-config.js'
import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import { createDirectoryFiles } from '../../shared/jobs/directory-files.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import type { Logger } from '../../shared/log.js'
import { createOutboxMailer } from '../../shared/mail/outbox-mailer.js'
import { purgeOutbox } from '../../shared/mail/outbox-purge.js'
import { createLogMetrics } from '../../shared/metrics.js'
import type { ProcessDeps } from '../../shared/process/process-deps.js'
import { countDeadLetter } from '../../shared/queue/dead-letter-metric.js'
import {
  createInProcessQueue,
  type InProcessQueue,
  type InProcessQueueOptions,
} from '../../shared/queue/in-process-queue.js'
import { createKeyedMutex } from '../../shared/queue/keyed-mutex.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { createLazyMessageHandler } from './lazy-message-handler.js'
import { loadOrCreateSigningKey } from './local-signing-key.js'

export interface LocalCoreOptions {
  env: Env
  association: LoadedAssociationConfig
  /** DynamoDB endpoint already running (DynamoDB Local). */
  dynamoEndpoint: string
  log: Logger
  now: () => Date
  /** Which messages run one at a time (default: numbering per organisation); for benchmarks. */
  queueGroupOf?: InProcessQueueOptions['groupOf']
}

/**
 * Everything of the local runtime but its HTTP apps: the table, the queue with its handlers and
 * what the jobs need. A command-line job builds only this: the apps (staff pages, public pages,
 * sign-in) cost over a second of CPU to load, which every `npm run receipts` paid for nothing.
 */
export interface LocalCore {
  queue: InProcessQueue
  table: TableContext
  handle: (message: QueueMessage) => Promise<void>
  outboxDir: string
  verified: boolean
  /** What the jobs (`npm run receipts`) need, with their output under `$DATA_DIR/jobs`. */
  jobs: JobDeps
  /** Re-queues work recorded but not finished (a previous run stopped or crashed). */
  resumePendingWork(): Promise<number>
  stop(): Promise<void>
}

/** The table (created if missing, with receipt signing), the in-process queue and the job deps. */
export async function createLocalCore(options: LocalCoreOptions): Promise<LocalCore> {
  const { env, association, log, now } = options
  const { client, doc } = createDynamoDbClients({
    endpoint: options.dynamoEndpoint,
    region: env.AWS_REGION,
  })
  await ensureTable(client, env.TABLE_NAME)
  const table: TableContext = await enableReceiptSigning(
    { doc, tableName: env.TABLE_NAME, orgId: association.config.id },
    {
      signingKey: env.RECEIPT_SIGNING_KEY ?? (await loadOrCreateSigningKey(env.DATA_DIR)),
      publicBaseUrl: publicBaseUrl(env),
      now,
    },
  )
  const verified = hasHelloAssoCredentials(env)
  const outboxDir = join(env.DATA_DIR, 'outbox')
  let queue: InProcessQueue | undefined
  const queuePort = {
    send: (message: QueueMessage) => (queue as InProcessQueue).send(message),
  }
  const processDeps: ProcessDeps = {
    config: association.config,
    ...(association.signatureImagePng ? { signatureImagePng: association.signatureImagePng } : {}),
    table,
    ...(verified ? { helloAsso: await helloAssoClient(env) } : {}),
    queue: queuePort,
    now,
    serialize: createKeyedMutex(),
    log,
  }
  const deliverDeps: DeliverDeps = {
    config: association.config,
    table,
    mailer: createOutboxMailer(outboxDir),
    now,
    log,
    leaseMs: env.DELIVERY_LEASE_MS,
  }
  const handle = createLazyMessageHandler({ process: processDeps, deliver: deliverDeps })
  const metrics = createLogMetrics(log)
  const runningQueue = createInProcessQueue({
    handle,
    // Imported with the first dead letter: most runs have none, and it is 15 store modules.
    deadLetter: async (message, error, attempts, kind) => {
      const failedAt = now()
      const { recordDeadLetter } = await import('../../shared/queue/record-dead-letter.js')
      return recordDeadLetter(table, message, error, attempts, failedAt, kind)
    },
    // No CloudWatch here: the count is a `metric` line of the log, as EMF is on AWS.
    deadLetterMetric: (step) => countDeadLetter(metrics, step),
    maxAttempts: env.QUEUE_MAX_ATTEMPTS,
    baseDelayMs: env.QUEUE_BASE_DELAY_MS,
    maxDelayMs: env.QUEUE_MAX_DELAY_MS,
    concurrency: env.QUEUE_CONCURRENCY,
    ...(options.queueGroupOf ? { groupOf: options.queueGroupOf } : {}),
    log,
  })
  queue = runningQueue
  return {
    queue: runningQueue,
    table,
    handle,
    outboxDir,
    verified,
    jobs: {
      process: processDeps,
      files: createDirectoryFiles(join(env.DATA_DIR, 'jobs')),
      mailer: deliverDeps.mailer,
      retention: {
        years: env.PERSONAL_DATA_RETENTION_YEARS,
        purgeMail: (purge) => purgeOutbox(outboxDir, purge),
      },
    },
    async resumePendingWork() {
      const pending = await listPendingWork(table)
      for (const message of pending) await runningQueue.send(message)
      return pending.length
    },
    async stop() {
      await runningQueue.stop()
      client.destroy()
    },
  }
}

/** Imported in verified mode only: an unverified data set never calls HelloAsso. */
async function helloAssoClient(env: Env) {
  const { createHttpHelloAssoClient } = await import(
    '../../shared/helloasso/http-helloasso-client.js'
  )
  return createHttpHelloAssoClient({
    apiUrl: env.HELLOASSO_API_URL,
    tokenUrl: env.HELLOASSO_TOKEN_URL,
    clientId: env.HELLOASSO_CLIENT_ID as string,
    clientSecret: env.HELLOASSO_CLIENT_SECRET as string,
    timeoutMs: env.HELLOASSO_TIMEOUT_MS,
  })
}
