import { createHash, randomUUID } from 'node:crypto'
import { HttpResponse, http } from 'msw'
import { type AwsBase, createAwsBase } from '../../../shared/aws/aws-composition.js'
import { awsDeliverDeps } from '../../../shared/aws/aws-deliver-deps.js'
import { awsProcessDeps } from '../../../shared/aws/aws-process-deps.js'
import { createAwsQueueConsumer } from '../../../shared/aws/aws-queue-consumer.js'
import { withReceiptSigning } from '../../../shared/aws/receipt-signing.js'
import { deliverEmail } from '../../../shared/deliver/deliver-email.js'
import { AppError } from '../../../shared/errors.js'
import { receiveNotification } from '../../../shared/ingest/receive-notification.js'
import { silentLogger } from '../../../shared/log.js'
import type { Mailer } from '../../../shared/mail/mailer.js'
import { numberPaymentReceipt } from '../../../shared/process/number-payment-receipt.js'
import { processNotification } from '../../../shared/process/process-notification.js'
import { createKeyedMutex } from '../../../shared/queue/keyed-mutex.js'
import type { QueueMessage, QueueMessageType } from '../../../shared/queue/queue-message.js'
import type { SqsRecord } from '../../../shared/queue/sqs-batch-handler.js'
import { generateSigningKeyPem } from '../../../shared/verification/signing-key.js'
import { loadFixtureText } from '../../support/fixtures.js'
import { shipAssociationConfig } from '../../support/ship-association-config.js'
import { TEST_API_URL, TEST_TOKEN_URL } from '../../support/test-runtime.js'
import { createTestTable } from '../../support/test-table.js'
import { writeTestConfigFile } from '../../support/write-test-config-file.js'

/**
 * The flow functions as their composition roots build them (createAwsBase), on a fresh table of
 * DynamoDB Local, with msw standing in for the AWS APIs they call over HTTP (SQS, SES): what a
 * role test needs to seed real work through the flow, then run one Lambda's path on it.
 */

const ACCOUNT_QUEUES = 'https://sqs.eu-west-3.amazonaws.com/123456789012'
export const QUEUE_ARNS: Record<QueueMessageType, string> = {
  process: 'arn:aws:sqs:eu-west-3:123456789012:process',
  number: 'arn:aws:sqs:eu-west-3:123456789012:number.fifo',
  deliver: 'arn:aws:sqs:eu-west-3:123456789012:deliver',
}

/** SQS: messages sent are kept in `queued`; a hidden one (the backoff) in `hidden`. */
export function createSqsStandIn() {
  const queued: QueueMessage[] = []
  const hidden: string[] = []
  const state = { sendStatus: 200 }
  const handler = http.post('https://sqs.eu-west-3.amazonaws.com/', async ({ request }) => {
    const input = (await request.json()) as { MessageBody?: string; ReceiptHandle?: string }
    if (request.headers.get('x-amz-target') === 'AmazonSQS.ChangeMessageVisibility') {
      hidden.push(input.ReceiptHandle ?? '')
      return HttpResponse.json({})
    }
    if (state.sendStatus !== 200)
      return HttpResponse.json({ __type: 'InternalError' }, { status: state.sendStatus })
    const body = input.MessageBody ?? ''
    queued.push(JSON.parse(body) as QueueMessage)
    const md5 = createHash('md5').update(body).digest('hex')
    return HttpResponse.json({ MessageId: randomUUID(), MD5OfMessageBody: md5 })
  })
  return {
    handler,
    queued,
    hidden,
    /** SendMessage answers `status` from now on (200: accepted). */
    answerSends: (status: number) => {
      state.sendStatus = status
    },
  }
}

export type SqsStandIn = ReturnType<typeof createSqsStandIn>

/** One email SES took: its MessageId and our tags (receipt, kind, send). */
export interface SesSend {
  messageId: string
  tags: Record<string, string>
}

/** SES v2 SendEmail: takes every email (kept in `sent`), or answers an error from `failWith`. */
export function createSesStandIn() {
  const sent: SesSend[] = []
  const state: { error?: { status: number; type: string } } = {}
  const handler = http.post(
    'https://email.eu-west-3.amazonaws.com/v2/email/outbound-emails',
    async ({ request }) => {
      if (state.error)
        return HttpResponse.json(
          { message: state.error.type },
          { status: state.error.status, headers: { 'x-amzn-errortype': state.error.type } },
        )
      const body = (await request.json()) as { EmailTags?: { Name: string; Value: string }[] }
      const tags = Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value]))
      const messageId = `ses-${sent.length + 1}`
      sent.push({ messageId, tags })
      return HttpResponse.json({ MessageId: messageId })
    },
  )
  return {
    handler,
    sent,
    /** SES answers this error from now on; undefined: it takes emails again. */
    failWith: (error?: { status: number; type: string }) => {
      if (error) state.error = error
      else delete state.error
    },
  }
}

/** The base of the flow functions, signing receipts as the number function does. */
export async function createLambdaBase(helloAsso: {
  clientId: string
  clientSecret: string
}): Promise<AwsBase> {
  const { tableName, endpoint } = await createTestTable()
  return withReceiptSigning(
    createAwsBase({
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      ASSOCIATION_CONFIG: shipAssociationConfig(await writeTestConfigFile()),
      PROCESS_QUEUE_URL: `${ACCOUNT_QUEUES}/process`,
      NUMBER_QUEUE_URL: `${ACCOUNT_QUEUES}/number.fifo`,
      DELIVER_QUEUE_URL: `${ACCOUNT_QUEUES}/deliver`,
      HELLOASSO_API_URL: TEST_API_URL,
      HELLOASSO_TOKEN_URL: TEST_TOKEN_URL,
      HELLOASSO_CLIENT_ID: helloAsso.clientId,
      HELLOASSO_CLIENT_SECRET: helloAsso.clientSecret,
      SES_CONFIGURATION_SET: 'recus',
      RECEIPT_SIGNING_KEY: generateSigningKeyPem(),
      PUBLIC_BASE_URL: 'https://recus.example.org',
    }),
  ).then((base) => ({ ...base, log: silentLogger }))
}

/**
 * Runs fixtures through the flow on `base`'s table, unrecorded: ingest, then each queued message
 * through its step (the body is the only source, as in unverified local mode), except messages
 * of `holdBack`, returned unrun: the real work a failure path is then tried on.
 */
export async function seedFlow(
  base: AwsBase,
  sqs: SqsStandIn,
  fixtures: string[],
  holdBack?: QueueMessageType,
): Promise<QueueMessage[]> {
  const held: QueueMessage[] = []
  const { config } = base.association
  const steps = {
    process: { ...base, config, serialize: createKeyedMutex() },
    deliver: awsDeliverDeps(base),
  }
  for (const fixture of fixtures) {
    await receiveNotification({ ...base, config }, loadFixtureText(fixture), 'application/json')
    for (let message = sqs.queued.shift(); message; message = sqs.queued.shift()) {
      if (message.type === holdBack) held.push(message)
      else if (message.type === 'process')
        await processNotification(steps.process, message.notificationId)
      else if (message.type === 'number') await numberPaymentReceipt(base, message.paymentId)
      else await deliverEmail(steps.deliver, message.receiptNumber, message.kind)
    }
  }
  return held
}

/** The handler of a functions/<step>/lambda.ts: its step's messages only, the rest dead-lettered. */
function only<T extends QueueMessageType>(
  type: T,
  run: (message: Extract<QueueMessage, { type: T }>) => Promise<unknown>,
) {
  return async (message: QueueMessage) => {
    if (message.type !== type)
      throw new AppError('input.invalid', `${type} queue got a ${message.type} message`)
    await run(message as Extract<QueueMessage, { type: T }>)
  }
}

/** The consumers functions/{process,number,deliver}/lambda.ts export, composed on `lambda`. */
export const processLambda = (lambda: AwsBase) => {
  const deps = awsProcessDeps(lambda)
  return createAwsQueueConsumer(
    lambda,
    'process',
    only('process', (m) => processNotification(deps, m.notificationId)),
  )
}

export const numberLambda = (lambda: AwsBase) =>
  createAwsQueueConsumer(
    lambda,
    'number',
    only('number', (m) => numberPaymentReceipt(lambda, m.paymentId)),
  )

/** `mailer`: in place of SES, for a failure SES itself never answers with. */
export const deliverLambda = (lambda: AwsBase, mailer?: Mailer) => {
  const deps = { ...awsDeliverDeps(lambda), ...(mailer ? { mailer } : {}) }
  return createAwsQueueConsumer(
    lambda,
    'deliver',
    only('deliver', (m) => deliverEmail(deps, m.receiptNumber, m.kind)),
  )
}

/** The SQS event a queue's Lambda gets for `body`, received `receiveCount` times. */
export function sqsEventOf(
  queue: QueueMessageType,
  body: QueueMessage | string,
  receiveCount = 1,
): { Records: SqsRecord[] } {
  const messageId = randomUUID()
  return {
    Records: [
      {
        messageId,
        receiptHandle: `handle-${messageId}`,
        eventSourceARN: QUEUE_ARNS[queue],
        body: typeof body === 'string' ? body : JSON.stringify(body),
        attributes: { ApproximateReceiveCount: String(receiveCount) },
      },
    ],
  }
}
