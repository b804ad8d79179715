import { SESv2Client } from '@aws-sdk/client-sesv2'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { Env } from '../config/env.js'
import { hasHelloAssoCredentials, loadEnv } from '../config/env.js'
import {
  type LoadedAssociationConfig,
  loadAssociationConfig,
} from '../config/load-association-config.js'
import type { DeliverDeps } from '../deliver/deliver-deps.js'
import { AppError } from '../errors.js'
import { createHttpHelloAssoClient } from '../helloasso/http-helloasso-client.js'
import { createJsonLogger, type Logger } from '../log.js'
import { createSesMailer } from '../mail/ses-mailer.js'
import type { ProcessDeps } from '../process/process-deps.js'
import { createKeyedMutex } from '../queue/keyed-mutex.js'
import type { MessageQueue } from '../queue/queue-message.js'
import { createSqsQueue } from '../queue/sqs-queue.js'
import { createDynamoDbClients } from '../store/create-dynamodb-clients.js'
import type { TableContext } from '../store/table-context.js'

/** What every Lambda needs, read once per cold start (STYLE: one validating env reader). */
export interface AwsBase {
  env: Env
  association: LoadedAssociationConfig
  table: TableContext
  queue: MessageQueue
  log: Logger
  now: () => Date
}

export function createAwsBase(source: NodeJS.ProcessEnv = process.env): AwsBase {
  const env = loadEnv(source)
  const association = loadAssociationConfig(env.ASSOCIATION_CONFIG)
  const { doc } = createDynamoDbClients({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  })
  const table = { doc, tableName: env.TABLE_NAME, orgId: association.config.id }
  const queue = createSqsQueue(new SQSClient({ region: env.AWS_REGION }), {
    process: required(env, 'PROCESS_QUEUE_URL'),
    deliver: required(env, 'DELIVER_QUEUE_URL'),
  })
  return { env, association, table, queue, log: createJsonLogger(), now: () => new Date() }
}

export function awsProcessDeps(base: AwsBase): ProcessDeps {
  if (!hasHelloAssoCredentials(base.env))
    throw new AppError(
      'config.invalid',
      'HELLOASSO_CLIENT_ID and HELLOASSO_CLIENT_SECRET are required on AWS',
    )
  return {
    config: base.association.config,
    ...(base.association.signatureImagePng
      ? { signatureImagePng: base.association.signatureImagePng }
      : {}),
    table: base.table,
    helloAsso: createHttpHelloAssoClient({
      apiUrl: base.env.HELLOASSO_API_URL,
      tokenUrl: base.env.HELLOASSO_TOKEN_URL,
      clientId: base.env.HELLOASSO_CLIENT_ID as string,
      clientSecret: base.env.HELLOASSO_CLIENT_SECRET as string,
      timeoutMs: base.env.HELLOASSO_TIMEOUT_MS,
    }),
    queue: base.queue,
    now: base.now,
    // Within one invocation; across invocations the FIFO message group serializes.
    serialize: createKeyedMutex(),
    log: base.log,
  }
}

export function awsDeliverDeps(base: AwsBase): DeliverDeps {
  const ses = new SESv2Client({ region: base.env.AWS_REGION })
  return {
    config: base.association.config,
    table: base.table,
    mailer: createSesMailer(
      ses,
      base.env.SES_CONFIGURATION_SET
        ? { configurationSetName: base.env.SES_CONFIGURATION_SET }
        : {},
    ),
    now: base.now,
    log: base.log,
  }
}

function required(env: Env, name: 'PROCESS_QUEUE_URL' | 'DELIVER_QUEUE_URL'): string {
  const value = env[name]
  if (!value) throw new AppError('config.invalid', `${name} is required on AWS`)
  return value
}
