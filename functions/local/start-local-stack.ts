import { join, resolve } from 'node:path'
import type { Env } from '../../shared/config/env.js'
import { loadAssociationConfig } from '../../shared/config/load-association-config.js'
import { assertRealIdentity } from '../../shared/config/real-identity.js'
import { DEV_WEBHOOK_SECRET } from '../../shared/ingest/ingest-settings.js'
import { createJsonLogger, type Logger } from '../../shared/log.js'
import { claimDataSetMode } from '../../shared/store/data-set-mode.js'
import type { LocalCore, LocalCoreOptions } from './create-local-core.js'
import { checkDataSet, type DatabasePlace } from './data-set.js'
import { startDynamoDbLocal } from './dynamodb-local.js'

export interface LocalStack<Runtime extends LocalCore = LocalCore> {
  runtime: Runtime
  stop(): Promise<void>
}

/**
 * Builds the runtime of a local process on its database: the core alone for a command-line
 * tool (create-local-core.ts), the core with the HTTP apps for `npm start`
 * (create-local-runtime.ts).
 */
export type CreateRuntime<Runtime extends LocalCore> = (
  options: LocalCoreOptions,
) => Promise<Runtime>

/** Config, DynamoDB Local (persisted under DATA_DIR) and the runtime, with the start-up checks. */
export async function startLocalStack<Runtime extends LocalCore>(
  env: Env,
  createRuntime: CreateRuntime<Runtime>,
  options: {
    log?: Logger
    /** A command-line tool on the same data, not the server (no webhook to warn about). */
    tool?: boolean
    /** DYNAMODB_ENDPOINT is the DynamoDB Local of an `npm start` found on this port. */
    runningServerPort?: number
    /** Only reads (check-config): no banner, and the pending work is left to the server. */
    readOnly?: boolean
  } = {},
): Promise<LocalStack<Runtime>> {
  const association = loadAssociationConfig(env.ASSOCIATION_CONFIG)
  const verified = Boolean(env.HELLOASSO_CLIENT_ID)
  if (verified) assertRealIdentity(association)
  const dynamo = env.DYNAMODB_ENDPOINT
    ? undefined
    : await startDynamoDbLocal({
        port: env.DYNAMODB_LOCAL_PORT,
        dataDir: resolve(join(env.DATA_DIR, 'dynamodb')),
      })
  const endpoint = env.DYNAMODB_ENDPOINT ?? (dynamo as NonNullable<typeof dynamo>).endpoint
  const place: DatabasePlace = dynamo
    ? { kind: 'own' }
    : options.runningServerPort
      ? { kind: 'running-server', port: options.runningServerPort }
      : { kind: 'endpoint', endpoint }
  // Before anything is written, in DATA_DIR or the database: both must be one data set.
  const dataSet = await checkDataSet({
    dataDir: env.DATA_DIR,
    place,
    endpoint,
    tableName: env.TABLE_NAME,
    region: env.AWS_REGION,
    now: () => new Date(),
  }).catch(async (error) => {
    await dynamo?.stop()
    throw error
  })
  const runtime = await createRuntime({
    env,
    association,
    dynamoEndpoint: endpoint,
    log: options.log ?? createJsonLogger(),
    now: () => new Date(),
  }).catch(async (error) => {
    await dynamo?.stop()
    throw error
  })
  await dataSet
    .record(runtime.table)
    .then(() =>
      claimDataSetMode(runtime.table, runtime.verified ? 'verified' : 'unverified', {
        dataDir: resolve(env.DATA_DIR),
        at: new Date().toISOString(),
      }),
    )
    .catch(async (error) => {
      await runtime.stop()
      await dynamo?.stop()
      throw error
    })
  if (!options.readOnly) banner(env, association.source, runtime.verified, !options.tool)
  // A tool attached to a running npm start leaves its pending work to it (it re-queued it at
  // its own start); resuming it here would run the same work twice, in two processes.
  if (!options.readOnly && place.kind !== 'running-server') {
    const resumed = await runtime.resumePendingWork()
    if (resumed > 0) console.info(`Resumed ${resumed} unfinished job(s) from the previous run.`)
  }
  return {
    runtime,
    async stop() {
      await runtime.stop()
      await dynamo?.stop()
    },
  }
}

function banner(env: Env, source: string, verified: boolean, serving: boolean): void {
  console.info(`Association config: ${source}`)
  if (!verified) {
    console.warn(
      'WARNING: no HELLOASSO_CLIENT_ID/HELLOASSO_CLIENT_SECRET — unverified mode: notification bodies are trusted as is and every receipt is a SPECIMEN.',
    )
  }
  if (serving && !env.WEBHOOK_SECRET)
    console.warn(
      `WARNING: WEBHOOK_SECRET not set — using the development secret "${DEV_WEBHOOK_SECRET}".`,
    )
}
