import { join } from 'node:path'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { type Env, hasHelloAssoCredentials, publicBaseUrl } from '../../shared/config/env.js'
import type { LoadedAssociationConfig } from '../../shared/config/load-association-config.js'
import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { createDirectoryFiles } from '../../shared/jobs/directory-files.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { createJsonLogger, type Logger } from '../../shared/log.js'
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
import { recordDeadLetter } from '../../shared/queue/record-dead-letter.js'
import { staffAuthFromEnv } from '../../shared/staff/staff-auth-from-env.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { createIngestApp } from '../ingest/app.js'
import { createPublicApp } from '../public/app.js'
import { clientIpFromEnv } from '../public/public-deps.js'
import { createStaffApp } from '../staff/app.js'
import { createStaffAuth } from '../staff/auth/staff-auth-middleware.js'
import { createStaffPages } from '../staff/pages/staff-pages.js'
import { createDeadLetterRoutes } from './dead-letter-routes.js'
import { createMessageHandler } from './handle-message.js'
import { loadOrCreateSessionKey } from './local-session-key.js'
import { loadOrCreateSigningKey } from './local-signing-key.js'

export interface LocalRuntimeOptions {
  env: Env
  association: LoadedAssociationConfig
  /** DynamoDB endpoint already running (DynamoDB Local). */
  dynamoEndpoint: string
  log?: Logger
  now?: () => Date
  /** Peer address of a request, from the HTTP server in use. */
  remoteAddress?: (c: Context) => string | undefined
  /** Which messages run one at a time (default: numbering per organisation); for benchmarks. */
  queueGroupOf?: InProcessQueueOptions['groupOf']
}

export interface LocalRuntime {
  app: Hono
  queue: InProcessQueue
  table: TableContext
  handle: (message: Parameters<ReturnType<typeof createMessageHandler>>[0]) => Promise<void>
  outboxDir: string
  verified: boolean
  /** What the jobs (`npm run receipts`) need, with their output under `$DATA_DIR/jobs`. */
  jobs: JobDeps
  /** Re-queues work recorded but not finished (a previous run stopped or crashed). */
  resumePendingWork(): Promise<number>
  stop(): Promise<void>
}

/** Every app of the product in one process, with local adapters: the shape of `npm start`. */
export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { env, association } = options
  const log = options.log ?? createJsonLogger()
  const now = options.now ?? (() => new Date())
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
    send: (message: Parameters<InProcessQueue['send']>[0]) =>
      (queue as InProcessQueue).send(message),
  }
  const processDeps: ProcessDeps = {
    config: association.config,
    ...(association.signatureImagePng ? { signatureImagePng: association.signatureImagePng } : {}),
    table,
    ...(verified ? { helloAsso: helloAssoClient(env) } : {}),
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
  const handle = createMessageHandler({ process: processDeps, deliver: deliverDeps })
  const metrics = createLogMetrics(log)
  queue = createInProcessQueue({
    handle,
    deadLetter: (message, error, attempts, kind) =>
      recordDeadLetter(table, message, error, attempts, now(), kind),
    // No CloudWatch here: the count is a `metric` line of the log, as EMF is on AWS.
    deadLetterMetric: (step) => countDeadLetter(metrics, step),
    maxAttempts: env.QUEUE_MAX_ATTEMPTS,
    baseDelayMs: env.QUEUE_BASE_DELAY_MS,
    maxDelayMs: env.QUEUE_MAX_DELAY_MS,
    concurrency: env.QUEUE_CONCURRENCY,
    ...(options.queueGroupOf ? { groupOf: options.queueGroupOf } : {}),
    log,
  })
  const app = new Hono()
  app.route(
    '/',
    createIngestApp({
      config: association.config,
      table,
      queue,
      now,
      log,
      settings: ingestSettingsFromEnv(env, { requireSecret: false }),
      remoteAddress: options.remoteAddress ?? (() => undefined),
    }),
  )
  app.route(
    '/',
    createPublicApp({
      config: association.config,
      table,
      mailer: deliverDeps.mailer,
      now,
      log,
      publicBaseUrl: publicBaseUrl(env),
      clientIp: clientIpFromEnv(env, options.remoteAddress ?? (() => undefined)),
      answerMs: env.DONOR_LINK_ANSWER_MS,
    }),
  )
  app.route('/admin', createDeadLetterRoutes({ table, handle, staffToken: env.STAFF_TOKEN }))
  if (env.STAFF_TOKEN || env.STAFF_VIEWER_TOKEN || env.COGNITO_USER_POOL_ID) {
    const auth = createStaffAuth(
      staffAuthFromEnv(env, {
        orgId: association.config.id,
        secureCookies: false,
        log,
        localSessionKey: await loadOrCreateSessionKey(env.DATA_DIR),
      }),
    )
    app.route(
      '/',
      createStaffApp({
        deps: { config: association.config, table, queue, now, log, specimen: !verified },
        auth,
        pages: createStaffPages,
      }),
    )
  } else {
    app.all('/staff/*', (c) =>
      c.text('Espace équipe désactivé : définissez STAFF_TOKEN pour l’activer.', 404),
    )
  }
  const runningQueue = queue
  return {
    app,
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

function helloAssoClient(env: Env) {
  return createHttpHelloAssoClient({
    apiUrl: env.HELLOASSO_API_URL,
    tokenUrl: env.HELLOASSO_TOKEN_URL,
    clientId: env.HELLOASSO_CLIENT_ID as string,
    clientSecret: env.HELLOASSO_CLIENT_SECRET as string,
    timeoutMs: env.HELLOASSO_TIMEOUT_MS,
  })
}
