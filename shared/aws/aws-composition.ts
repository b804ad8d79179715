import type { Env } from '../config/env.js'
import { environmentCredentials, loadEnv } from '../config/env.js'
import type { LoadedAssociationConfig } from '../config/load-association-config.js'
import { assertRealIdentity, isDevStage } from '../config/real-identity.js'
import { readValidatedAssociationConfig } from '../config/validated-association-config.js'
import { createJsonLogger, type Logger } from '../log.js'
import type { MessageQueue } from '../queue/queue-message.js'
import { createSqsQueue } from '../queue/sqs-queue.js'
import { createDynamoDbClients } from '../store/create-dynamodb-clients.js'
import type { TableContext } from '../store/table-context.js'
import { createAwsJsonApi } from './aws-json-api.js'

/** What every Lambda needs, read once per cold start (STYLE: one validating env reader). */
export interface AwsCore {
  env: Env
  association: LoadedAssociationConfig
  table: TableContext
  log: Logger
  now: () => Date
}

/** The core plus the work queues: the functions of the ingest → process → deliver flow. */
export interface AwsBase extends AwsCore {
  queue: MessageQueue
}

export function createAwsCore(source: NodeJS.ProcessEnv = process.env): AwsCore {
  const env = loadEnv(source)
  // Validated by the CDK app at synth time (validated-association-config.ts): no zod here.
  const association = readValidatedAssociationConfig(env.ASSOCIATION_CONFIG)
  // On AWS every receipt is verified: placeholders are refused at cold start, as locally.
  if (!isDevStage(env.DEPLOYMENT_STAGE)) assertRealIdentity(association)
  const { doc } = createDynamoDbClients({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  })
  const table = { doc, tableName: env.TABLE_NAME, orgId: association.config.id }
  return { env, association, table, log: createJsonLogger(), now: () => new Date() }
}

export function createAwsBase(source: NodeJS.ProcessEnv = process.env): AwsBase {
  const core = createAwsCore(source)
  const { PROCESS_QUEUE_URL, NUMBER_QUEUE_URL, DELIVER_QUEUE_URL } = core.env
  const sqs = createSqsApi(core.env, source)
  const queue = createSqsQueue(sqs, {
    ...(PROCESS_QUEUE_URL ? { process: PROCESS_QUEUE_URL } : {}),
    ...(NUMBER_QUEUE_URL ? { number: NUMBER_QUEUE_URL } : {}),
    ...(DELIVER_QUEUE_URL ? { deliver: DELIVER_QUEUE_URL } : {}),
  })
  return { ...core, queue }
}

/** SQS's JSON API with the function role's credentials (no SDK client at cold start). */
export function createSqsApi(env: Env, source: NodeJS.ProcessEnv = process.env) {
  return createAwsJsonApi({
    service: 'sqs',
    region: env.AWS_REGION,
    credentials: environmentCredentials(source),
  })
}
