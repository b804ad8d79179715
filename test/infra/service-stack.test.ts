import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DONOR_HOME_ROUTE,
  DONOR_PAGES_ROUTE,
  HEALTH_ROUTE,
  PUBLIC_ASSETS_ROUTE,
  STAFF_EXPORT_ROUTE,
  STAFF_HOME_ROUTE,
  STAFF_PAGES_ROUTE,
  STAFF_PDF_ROUTE,
  STAFF_ROUTE,
  STAFF_SEARCH_ROUTE,
  VERIFY_HOME_ROUTE,
  VERIFY_ROUTE,
  WEBHOOK_ROUTE,
} from '../../infra/http-endpoint.js'
import { ARCHIVE_PREFIXES } from '../../infra/service-stack.js'
import { USER_POOL_LOGICAL_ID } from '../../infra/staff-user-pool.js'
import { archivePath } from '../../shared/jobs/archive/write-archive.js'
import { declarationPath, registerPath } from '../../shared/jobs/declaration/build-declaration.js'
import { PENDING_AGE_METRICS } from '../../shared/jobs/pending-age.js'
import { receiptPdfPath } from '../../shared/jobs/regenerate/check-receipt-pdf.js'
import { REQUEUE_QUIET_MS } from '../../shared/jobs/requeue-pending-work.js'
import { DEAD_LETTER_STEPS, DEAD_LETTERS_METRIC } from '../../shared/queue/dead-letter-metric.js'
import {
  SQS_MAX_RECEIVE_COUNT,
  SQS_PARK_RECEIVE_COUNT,
  SQS_RETRY,
} from '../../shared/queue/retry-policy.js'
import { type SynthesizedApp, synthApp } from './support/synth-app.js'

type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }

let synth: SynthesizedApp
let template: Template

beforeAll(() => {
  synth = synthApp()
  template = synth.serviceTemplate
})

/** The one resource of `type` whose logical id is `prefix` and CDK's 8-digit hash. */
function resource(type: string, prefix: string): { id: string; resource: Resource } {
  const pattern = new RegExp(`^${prefix}[0-9A-F]{8}$`)
  const matches = Object.entries(template.findResources(type)).filter(([id]) => pattern.test(id))
  if (matches.length !== 1) throw new Error(`${matches.length} ${type} named ${prefix}*`)
  const [id, found] = matches[0] as [string, Resource]
  return { id, resource: found }
}

const ref = (prefix: string, type: string) => ({ Ref: resource(type, prefix).id })
const arnOf = (prefix: string, type: string) => ({
  'Fn::GetAtt': [resource(type, prefix).id, 'Arn'],
})
const queueArn = (prefix: string) => arnOf(prefix, 'AWS::SQS::Queue')
const queueUrl = (prefix: string) => ref(prefix, 'AWS::SQS::Queue')
const secretRef = (id: string) => ({ Ref: id })
/** A value of the data stack, read through CloudFormation (weak cross-stack reference). */
const fromDataStack = (output: string) => ({
  'Fn::GetStackOutput': {
    StackName: 'RecusFiscaux-test-data',
    Region: 'eu-west-3',
    OutputName: expect.stringMatching(output),
  },
})
const TABLE_ARN = fromDataStack('TableArn')
const INDEX_ARN = (name: string) => ({ 'Fn::Join': ['', [TABLE_ARN, `/index/${name}`]] })
/** The archive bucket's name, read from the data stack's ArchiveBucketName output. */
const ARCHIVE_BUCKET = {
  'Fn::GetStackOutput': {
    StackName: 'RecusFiscaux-test-data',
    Region: 'eu-west-3',
    OutputName: 'ArchiveBucketName',
  },
}
const archiveObjects = (prefix: string) => ({
  'Fn::Join': ['', ['arn:aws:s3:::', ARCHIVE_BUCKET, `/${prefix}*`]],
})
/** https://<api id>.execute-api.eu-west-3.<suffix>: the API's own address, a token until deployed. */
const API_URL_PARTS = () => [
  'https://',
  ref('HttpApi', 'AWS::ApiGatewayV2::Api'),
  '.execute-api.eu-west-3.',
  { Ref: 'AWS::URLSuffix' },
]
const API_BASE_URL = () => ({ 'Fn::Join': ['', API_URL_PARTS()] })
/** The API's address followed by `path`, as CDK joins them. */
const apiUrl = (path: string) => ({ 'Fn::Join': ['', [...API_URL_PARTS(), path]] })

const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
]
const READ_WRITE = [
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
]
/** The jobs: process's transactions, staff's reads, and BatchWriteItem for a run's findings. */
const JOBS_TABLE = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
]
const sesArn = (kind: string, prefix: string, type: string) => ({
  'Fn::Join': ['', [`arn:aws:ses:eu-west-3:123456789012:${kind}/`, ref(prefix, type)]],
})
const SES_SENDING = () => [
  sesArn('configuration-set', 'MailConfigurationSet', 'AWS::SES::ConfigurationSet'),
  sesArn('identity', 'MailIdentity', 'AWS::SES::EmailIdentity'),
]

function policyStatements(fn: string): unknown[] {
  const { resource: policy } = resource('AWS::IAM::Policy', `${fn}RoleDefaultPolicy`)
  return (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement
}

const environment = (name: string) =>
  (
    resource('AWS::Lambda::Function', `${name}Function`).resource.Properties.Environment as {
      Variables: Record<string, unknown>
    }
  ).Variables

const allow = (Action: string | string[], Resource: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
})
const writeLogs = (fn: string) =>
  allow(['logs:CreateLogStream', 'logs:PutLogEvents'], arnOf(`${fn}Logs`, 'AWS::Logs::LogGroup'))

describe('ServiceStack: functions', () => {
  const expected = {
    Ingest: { MemorySize: 512, Timeout: 10 },
    Process: { MemorySize: 512, Timeout: 90 },
    Number: { MemorySize: 256, Timeout: 30 },
    Deliver: { MemorySize: 1024, Timeout: 60 },
    SesEvents: { MemorySize: 256, Timeout: 30 },
    StaffApp: { MemorySize: 1024, Timeout: 15 },
    Jobs: { MemorySize: 1769, Timeout: 900 },
    JobsWorker: { MemorySize: 1769, Timeout: 300 },
  }

  it.each(Object.entries(expected))(
    '%s: Node.js 24 on arm64, sized, with its own log group',
    (name, sizes) => {
      const { resource: fn } = resource('AWS::Lambda::Function', `${name}Function`)
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        ...sizes,
        Role: arnOf(`${name}Role`, 'AWS::IAM::Role'),
        LoggingConfig: { LogGroup: ref(`${name}Logs`, 'AWS::Logs::LogGroup') },
      })
      expect(resource('AWS::Logs::LogGroup', `${name}Logs`).resource.Properties).toEqual({
        RetentionInDays: 90,
        Tags: expect.any(Array),
      })
      // No AWS managed policy (AWSLambdaBasicExecutionRole…): only the statements below.
      expect(resource('AWS::IAM::Role', `${name}Role`).resource.Properties).not.toHaveProperty(
        'ManagedPolicyArns',
      )
    },
  )

  const common = {
    TABLE_NAME: fromDataStack('RefTable'),
    ASSOCIATION_CONFIG: '/var/task/association/association.json',
    DEPLOYMENT_STAGE: 'test',
    NODE_OPTIONS: '--enable-source-maps',
  }

  it('gives each function exactly the settings it reads, secrets as ARNs only, the URLs of the queues it sends to', () => {
    const toProcess = { PROCESS_QUEUE_URL: queueUrl('ProcessQueue') }
    const toNumber = { NUMBER_QUEUE_URL: queueUrl('NumberQueue') }
    const toDeliver = { DELIVER_QUEUE_URL: queueUrl('DeliverQueue') }
    // The functions that record dead letters or publish pending ages (EMF lines).
    const metrics = { METRICS_NAMESPACE: 'RecusFiscaux/test' }
    // The functions that number receipts sign their verification links.
    const signing = {
      RECEIPT_SIGNING_KEY_ARN: secretRef('ReceiptSigningKey'),
      PUBLIC_BASE_URL: API_BASE_URL(),
    }
    const helloAsso = {
      HELLOASSO_CLIENT_ID: 'test-client-id',
      HELLOASSO_CLIENT_SECRET_ARN: secretRef('HelloAssoClientSecret'),
      HELLOASSO_API_URL: 'https://api.helloasso.com/v5',
      HELLOASSO_TOKEN_URL: 'https://api.helloasso.com/oauth2/token',
    }
    expect(environment('Ingest')).toEqual({
      ...common,
      ...toProcess,
      WEBHOOK_SECRET_ARN: secretRef('WebhookSecret'),
      HELLOASSO_SIGNATURE_KEY_ARN: secretRef('HelloAssoSignatureKey'),
    })
    expect(environment('Process')).toEqual({
      ...common,
      ...toNumber,
      ...toDeliver,
      ...helloAsso,
      ...metrics,
    })
    // Numbering reads one secret, the signing key, and calls nothing outside DynamoDB.
    expect(environment('Number')).toEqual({ ...common, ...toDeliver, ...metrics, ...signing })
    expect(environment('Deliver')).toEqual({
      ...common,
      SES_CONFIGURATION_SET: ref('MailConfigurationSet', 'AWS::SES::ConfigurationSet'),
      ...metrics,
    })
    expect(environment('SesEvents')).toEqual({ ...common, ...metrics })
    expect(environment('StaffApp')).toEqual({
      ...common,
      // « Réexaminer » and « Rattacher à un palier » send the payment through processing again.
      ...toProcess,
      ...toDeliver,
      STAFF_SESSION_KEY_ARN: secretRef('StaffSessionKey'),
      COGNITO_USER_POOL_ID: { Ref: USER_POOL_LOGICAL_ID },
      COGNITO_CLIENT_ID: ref('StaffUserPoolStaffClient', 'AWS::Cognito::UserPoolClient'),
      COGNITO_DOMAIN: {
        'Fn::Join': [
          '',
          [
            ref('StaffUserPoolSignInDomain', 'AWS::Cognito::UserPoolDomain'),
            '.auth.eu-west-3.amazoncognito.com',
          ],
        ],
      },
      STAFF_BASE_URL: API_BASE_URL(),
      ...signing,
    })
    expect(environment('Jobs')).toEqual({
      ...common,
      ...toProcess,
      ...toNumber,
      ...toDeliver,
      ...helloAsso,
      ARCHIVE_BUCKET,
      JOBS_QUEUE_URL: queueUrl('JobsQueue'),
      JOBS_SERIAL_QUEUE_URL: queueUrl('JobsSerialQueue'),
      RECONCILE_LOOKBACK_DAYS: '400',
      ...metrics,
      ...signing,
    })
    expect(environment('JobsWorker')).toEqual({
      ...common,
      ...toDeliver,
      ...helloAsso,
      ARCHIVE_BUCKET,
      SES_CONFIGURATION_SET: ref('MailConfigurationSet', 'AWS::SES::ConfigurationSet'),
      ...metrics,
      ...signing,
    })
    expect(environment('PublicPages')).toEqual({
      ...common,
      PUBLIC_BASE_URL: API_BASE_URL(),
      SES_CONFIGURATION_SET: ref('MailConfigurationSet', 'AWS::SES::ConfigurationSet'),
    })
  })

  it('grants ingest: its logs, three item actions on the table, the process queue, its secrets', () => {
    expect(policyStatements('Ingest')).toEqual([
      writeLogs('Ingest'),
      allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], TABLE_ARN),
      allow('sqs:SendMessage', queueArn('ProcessQueue')),
      allow('secretsmanager:GetSecretValue', [
        secretRef('HelloAssoSignatureKey'),
        secretRef('WebhookSecret'),
      ]),
    ])
  })

  it('grants process: the table, the number and deliver queues, the HelloAsso secret, its own queue', () => {
    expect(policyStatements('Process')).toEqual([
      writeLogs('Process'),
      // A paid payment's standing in one BatchGetItem, its members' search entries in batches.
      allow(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', ...READ_WRITE], TABLE_ARN),
      allow('sqs:SendMessage', [queueArn('DeliverQueue'), queueArn('NumberQueue')]),
      allow('secretsmanager:GetSecretValue', secretRef('HelloAssoClientSecret')),
      allow(CONSUME, queueArn('ProcessQueue')),
    ])
  })

  it('grants number: the table, the deliver queue, its own queue; the signing key its one secret', () => {
    expect(policyStatements('Number')).toEqual([
      writeLogs('Number'),
      allow(['dynamodb:BatchWriteItem', ...READ_WRITE], TABLE_ARN),
      allow('sqs:SendMessage', queueArn('DeliverQueue')),
      allow(CONSUME, queueArn('NumberQueue')),
      allow('secretsmanager:GetSecretValue', secretRef('ReceiptSigningKey')),
    ])
  })

  it('grants deliver: the table, SES on its identity and configuration set only, its queue', () => {
    expect(policyStatements('Deliver')).toEqual([
      writeLogs('Deliver'),
      allow(READ_WRITE, TABLE_ARN),
      allow(['ses:SendEmail', 'ses:SendRawEmail'], SES_SENDING()),
      allow(CONSUME, queueArn('DeliverQueue')),
    ])
  })

  it('grants ses-events: the item actions it uses (a send is kept under a condition check) and its queue', () => {
    expect(policyStatements('SesEvents')).toEqual([
      writeLogs('SesEvents'),
      allow(
        [
          'dynamodb:ConditionCheckItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        TABLE_ARN,
      ),
      allow(CONSUME, queueArn('MailEventsQueue')),
    ])
  })

  it('grants staff: item actions on the table, Query on it and its two indexes, the process and deliver queues, its key', () => {
    expect(policyStatements('StaffApp')).toEqual([
      writeLogs('StaffApp'),
      // TransactWriteItems is authorized as the item actions it carries.
      allow(
        [
          'dynamodb:BatchGetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        TABLE_ARN,
      ),
      allow('dynamodb:Query', [TABLE_ARN, INDEX_ARN('gsi1'), INDEX_ARN('gsi2')]),
      allow('sqs:SendMessage', [queueArn('DeliverQueue'), queueArn('ProcessQueue')]),
      // Its session key, and the key that signs the receipts it numbers (corrections).
      allow('secretsmanager:GetSecretValue', [
        secretRef('ReceiptSigningKey'),
        secretRef('StaffSessionKey'),
      ]),
    ])
  })

  it('grants jobs: the table and its indexes, the deliver and jobs queues, its secret, its S3 prefixes', () => {
    expect(policyStatements('Jobs')).toEqual([
      writeLogs('Jobs'),
      // The retention purge finds old review items by a filtered scan.
      allow([...JOBS_TABLE, 'dynamodb:Scan'].sort(), TABLE_ARN),
      allow('dynamodb:Query', [TABLE_ARN, INDEX_ARN('gsi1'), INDEX_ARN('gsi2')]),
      // SendMessageBatch is authorized as SendMessage. Reconciliation goes through process
      // (numbering, cancellation notices); the re-queue sends every kind of pending work.
      allow('sqs:SendMessage', [
        queueArn('DeliverQueue'),
        queueArn('JobsQueue'),
        queueArn('JobsSerialQueue'),
        queueArn('NumberQueue'),
        queueArn('ProcessQueue'),
      ]),
      // HelloAsso's secret, and the key that signs the yearly summary receipts.
      allow('secretsmanager:GetSecretValue', [
        secretRef('HelloAssoClientSecret'),
        secretRef('ReceiptSigningKey'),
      ]),
      // The declaration CSVs and the archive ZIP are multipart uploads: PutObject and abort.
      allow(
        ['s3:AbortMultipartUpload', 's3:PutObject'],
        [archiveObjects('archives/'), archiveObjects('declaration/')],
      ),
      // A nightly run that failed inside the function goes to the schedule's DLQ (CDK's
      // grantSendMessages adds the two read actions SQS clients use with SendMessage).
      allow(
        ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        queueArn('ReconcileScheduleDeadLetters'),
      ),
    ])
  })

  it('grants the jobs worker: the table, the deliver queue, its secret, SES like deliver, receipts/ in S3, its two queues', () => {
    expect(policyStatements('JobsWorker')).toEqual([
      writeLogs('JobsWorker'),
      allow(JOBS_TABLE, TABLE_ARN),
      allow('dynamodb:Query', [TABLE_ARN, INDEX_ARN('gsi1'), INDEX_ARN('gsi2')]),
      allow('sqs:SendMessage', queueArn('DeliverQueue')),
      // HelloAsso's secret, and the key that signs the yearly summary receipts.
      allow('secretsmanager:GetSecretValue', [
        secretRef('HelloAssoClientSecret'),
        secretRef('ReceiptSigningKey'),
      ]),
      allow(['ses:SendEmail', 'ses:SendRawEmail'], SES_SENDING()),
      allow('s3:PutObject', archiveObjects('receipts/')),
      allow(CONSUME, [queueArn('JobsQueue'), queueArn('JobsSerialQueue')]),
    ])
  })

  it('grants the jobs S3 prefixes that hold every path they write', () => {
    const under = (prefixes: readonly string[], path: string) =>
      prefixes.some((prefix) => path.startsWith(prefix))
    for (const path of [declarationPath(2026), registerPath(2026), archivePath(2026)])
      expect(under(ARCHIVE_PREFIXES.jobs, path), path).toBe(true)
    expect(
      under(ARCHIVE_PREFIXES.worker, receiptPdfPath({ year: 2026, number: '2026-00042' })),
    ).toBe(true)
  })

  it('has no wildcard in any action or resource of any policy, but the jobs’ S3 prefixes', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'))
    const prefixes = [...ARCHIVE_PREFIXES.jobs, ...ARCHIVE_PREFIXES.worker]
    const wildcards = policies.match(/"[^"]*\*[^"]*"/g) ?? []
    expect([...new Set(wildcards)].sort()).toEqual(prefixes.map((prefix) => `"/${prefix}*"`).sort())
  })
})

describe('ServiceStack: queues', () => {
  it('flow queues: the handler lets a message waiting out an outage go before SQS would redrive it, and the re-queue leaves alone what backs off', () => {
    for (const queueId of ['ProcessQueue', 'NumberQueue', 'DeliverQueue']) {
      const queue = resource('AWS::SQS::Queue', queueId).resource
      const receives = (queue.Properties as { RedrivePolicy: { maxReceiveCount: number } })
        .RedrivePolicy.maxReceiveCount
      expect(SQS_PARK_RECEIVE_COUNT).toBeLessThan(receives)
    }
    // A message backing off is tried (and noted) at least every ceiling: never quiet that long.
    expect(REQUEUE_QUIET_MS).toBeGreaterThan(SQS_RETRY.maxDelayMs)
    // ChangeMessageVisibility takes at most 12 hours.
    expect(SQS_RETRY.maxDelayMs).toBeLessThanOrEqual(12 * 3600_000)
  })

  it.each([
    // The flow's handler waits out outages and parks a message before SQS would redrive it.
    ['ProcessQueue', 'ProcessQueue', 540, false, SQS_MAX_RECEIVE_COUNT],
    ['NumberQueue', 'NumberQueue', 180, true, SQS_MAX_RECEIVE_COUNT],
    ['DeliverQueue', 'DeliverQueue', 360, false, SQS_MAX_RECEIVE_COUNT],
    ['MailEvents', 'MailEventsQueue', 180, false, 5],
    ['JobsQueue', 'JobsQueue', 1800, false, 5],
    ['JobsSerialQueue', 'JobsSerialQueue', 1800, true, 5],
  ] as const)(
    '%s (queue %s): encrypted, TLS only, visibility %i s (6 × timeout), DLQ after %i receives',
    (prefix, queueId, visibility, fifo, receives) => {
      const queue = resource('AWS::SQS::Queue', queueId).resource
      const dlq = resource('AWS::SQS::Queue', `${prefix}DeadLetters`)
      expect(queue.Properties).toMatchObject({
        VisibilityTimeout: visibility,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] },
          maxReceiveCount: receives,
        },
        ...(fifo ? { FifoQueue: true, ContentBasedDeduplication: false } : {}),
      })
      expect(dlq.resource.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
        ...(fifo ? { FifoQueue: true } : {}),
      })
      if (!fifo) expect(queue.Properties).not.toHaveProperty('FifoQueue')
      for (const id of [`${queueId}Policy`, `${prefix}DeadLettersPolicy`]) {
        expect(JSON.stringify(resource('AWS::SQS::QueuePolicy', id).resource)).toContain(
          '"aws:SecureTransport":"false"',
        )
      }
    },
  )

  it.each([
    ['Process', 'ProcessQueue', 5],
    ['Number', 'NumberQueue', 10],
    ['Deliver', 'DeliverQueue', 5],
    ['SesEvents', 'MailEventsQueue', 10],
  ] as const)('%s consumes its queue with partial batch failures', (fn, queue, batchSize) => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: queueArn(queue),
      FunctionName: ref(`${fn}Function`, 'AWS::Lambda::Function'),
      BatchSize: batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
  })

  const mappingOf = (queue: string) => {
    const found = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (mapping) =>
        JSON.stringify(mapping.Properties.EventSourceArn) === JSON.stringify(queueArn(queue)),
    )
    expect(found).toHaveLength(1)
    return (found[0] as Resource).Properties
  }

  it('pipelines the flow: fetch and analysis, then delivery, on standard queues; only numbering on FIFO', () => {
    // Standard queues: any number of process and deliver functions run at once.
    for (const queue of ['ProcessQueue', 'DeliverQueue'])
      expect(resource('AWS::SQS::Queue', queue).resource.Properties).not.toHaveProperty('FifoQueue')
    // FIFO: the producer sets the organisation as message group (test/queue/sqs-queue.test.ts),
    // so numbers are allocated one at a time per organisation; no content-based deduplication
    // (each send has its own id: a deliberate second request is never swallowed).
    expect(resource('AWS::SQS::Queue', 'NumberQueue').resource.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
    })
    expect(mappingOf('ProcessQueue').FunctionName).toEqual(
      ref('ProcessFunction', 'AWS::Lambda::Function'),
    )
    expect(mappingOf('NumberQueue').FunctionName).toEqual(
      ref('NumberFunction', 'AWS::Lambda::Function'),
    )
    expect(mappingOf('DeliverQueue').FunctionName).toEqual(
      ref('DeliverFunction', 'AWS::Lambda::Function'),
    )
  })

  it('works the parallel lane one chunk a message, on at most 50 workers at once', () => {
    expect(mappingOf('JobsQueue')).toEqual({
      EventSourceArn: queueArn('JobsQueue'),
      FunctionName: ref('JobsWorkerFunction', 'AWS::Lambda::Function'),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 50 },
      Tags: expect.any(Array),
    })
  })

  it('works the serial lane (FIFO) one chunk a message, uncapped: one group goes one at a time', () => {
    expect(mappingOf('JobsSerialQueue')).toEqual({
      EventSourceArn: queueArn('JobsSerialQueue'),
      FunctionName: ref('JobsWorkerFunction', 'AWS::Lambda::Function'),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Tags: expect.any(Array),
    })
  })
})

describe('ServiceStack: nightly reconciliation', () => {
  const schedule = () =>
    resource('AWS::Scheduler::Schedule', 'ReconcileSchedule').resource.Properties

  it('invokes the jobs function at 03:30 Paris time with the reconcile command', () => {
    expect(schedule()).toEqual({
      Description: 'Nightly reconciliation with HelloAsso (jobs function)',
      ScheduleExpression: 'cron(30 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: arnOf('JobsFunction', 'AWS::Lambda::Function'),
        RoleArn: arnOf('ReconcileScheduleRole', 'AWS::IAM::Role'),
        Input: JSON.stringify({ command: 'reconcile' }),
        // Three more tries within the hour, then the dead-letter queue (alarmed).
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: queueArn('ReconcileScheduleDeadLetters') },
      },
    })
  })

  it('sends a run that failed inside the function (after two Lambda retries) to the same DLQ', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))
    expect(configs).toHaveLength(1)
    expect((configs[0] as Resource).Properties).toEqual({
      FunctionName: { Ref: expect.stringMatching(/^JobsFunction/) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: queueArn('ReconcileScheduleDeadLetters') } },
    })
  })

  it('keeps the invocations it gave up on 14 days, encrypted, TLS only', () => {
    const dlq = resource('AWS::SQS::Queue', 'ReconcileScheduleDeadLetters').resource
    expect(dlq.Properties).toMatchObject({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    })
    // Scheduler writes only to a standard queue.
    expect(dlq.Properties).not.toHaveProperty('FifoQueue')
    expect(
      JSON.stringify(
        resource('AWS::SQS::QueuePolicy', 'ReconcileScheduleDeadLettersPolicy').resource,
      ),
    ).toContain('"aws:SecureTransport":"false"')
  })

  it('runs as a role only Scheduler of this account may assume, that invokes the unqualified function and writes its DLQ', () => {
    const role = resource('AWS::IAM::Role', 'ReconcileScheduleRole').resource
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:SourceAccount': '123456789012',
              'aws:SourceArn': 'arn:aws:scheduler:eu-west-3:123456789012:schedule-group/default',
            },
          },
        },
      ],
    })
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns')
    expect(policyStatements('ReconcileSchedule')).toEqual([
      allow('lambda:InvokeFunction', arnOf('JobsFunction', 'AWS::Lambda::Function')),
      allow('sqs:SendMessage', queueArn('ReconcileScheduleDeadLetters')),
    ])
  })

  it('follows the deployment file: on/off, time, lookback and worker concurrency', () => {
    const other = synthApp({
      deployment: {
        stage: 'test-jobs',
        jobs: {
          reconcileEnabled: false,
          reconcileCron: { hour: 22, minute: 5 },
          reconcileLookbackDays: 90,
          workerMaxConcurrency: 200,
        },
      },
    }).serviceTemplate
    other.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 22 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'DISABLED',
    })
    other.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ RECONCILE_LOOKBACK_DAYS: '90' }) },
    })
    other.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 200 },
    })
    // Reconciliation off does not stop the re-queue of pending work.
    other.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
    })
  })

  it('re-queues pending work every 15 minutes, on its own schedule, whatever reconciliation does', () => {
    expect(resource('AWS::Scheduler::Schedule', 'RequeueSchedule').resource.Properties).toEqual({
      Description: 'Re-queues pending work every 15 minutes (jobs function)',
      ScheduleExpression: 'rate(15 minutes)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: arnOf('JobsFunction', 'AWS::Lambda::Function'),
        RoleArn: arnOf('ReconcileScheduleRole', 'AWS::IAM::Role'),
        Input: JSON.stringify({ command: 'requeue' }),
        // A missed run is covered by the next one: two more tries within 10 minutes.
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: queueArn('ReconcileScheduleDeadLetters') },
      },
    })
  })

  it('outputs the name of the jobs function, for `aws lambda invoke`', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>
    expect(outputs.JobsFunctionName?.Value).toEqual(ref('JobsFunction', 'AWS::Lambda::Function'))
  })
})

describe('ServiceStack: HTTP API', () => {
  const integrationOf = (fn: string) => {
    const found = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).filter(
      ([, integration]) =>
        JSON.stringify(integration.Properties.IntegrationUri) ===
        JSON.stringify(arnOf(`${fn}Function`, 'AWS::Lambda::Function')),
    )
    expect(found).toHaveLength(1)
    return (found[0] as [string, unknown])[0]
  }

  it('routes the webhook and the health check to ingest, every /staff route to staff, the public pages to theirs', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => ({
        key: route.Properties.RouteKey,
        target: route.Properties.Target,
        authorization: route.Properties.AuthorizationType,
      }),
    )
    const to = (fn: string) => ({ 'Fn::Join': ['', ['integrations/', { Ref: integrationOf(fn) }]] })
    const authorizer = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))
    expect(authorizer).toHaveLength(1)
    expect(routes.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [
        { key: WEBHOOK_ROUTE, target: to('Ingest'), authorization: 'NONE' },
        { key: HEALTH_ROUTE, target: to('Ingest'), authorization: 'NONE' },
        // Bearer ID tokens only: API Gateway checks them before the function does again.
        { key: STAFF_ROUTE, target: to('StaffApp'), authorization: 'JWT' },
        // Session cookie or public sign-in: the function authenticates them.
        { key: STAFF_HOME_ROUTE, target: to('StaffApp'), authorization: 'NONE' },
        { key: STAFF_PAGES_ROUTE, target: to('StaffApp'), authorization: 'NONE' },
        { key: STAFF_SEARCH_ROUTE, target: to('StaffApp'), authorization: 'NONE' },
        { key: STAFF_PDF_ROUTE, target: to('StaffApp'), authorization: 'NONE' },
        { key: STAFF_EXPORT_ROUTE, target: to('StaffApp'), authorization: 'NONE' },
        // Public by design: a signed verification link, a donor's emailed link.
        ...[
          VERIFY_HOME_ROUTE,
          VERIFY_ROUTE,
          DONOR_HOME_ROUTE,
          DONOR_PAGES_ROUTE,
          PUBLIC_ASSETS_ROUTE,
        ].map((key) => ({ key, target: to('PublicPages'), authorization: 'NONE' })),
      ].sort((a, b) => a.key.localeCompare(b.key)),
    )
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: STAFF_ROUTE,
      AuthorizerId: { Ref: authorizer[0] },
    })
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3)
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: arnOf('IngestFunction', 'AWS::Lambda::Function'),
    })
  })

  it('accepts on the staff API only ID tokens of the staff client, from the staff pool', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        // An ID token's `aud` is the client id.
        Audience: [ref('StaffUserPoolStaffClient', 'AWS::Cognito::UserPoolClient')],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.eu-west-3.amazonaws.com/', { Ref: USER_POOL_LOGICAL_ID }],
          ],
        },
      },
    })
  })

  it('throttles per route and logs access without the path (it holds the secret)', () => {
    const stage = resource('AWS::ApiGatewayV2::Stage', 'HttpStage').resource
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      RouteSettings: {
        [WEBHOOK_ROUTE]: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
        [HEALTH_ROUTE]: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
        [STAFF_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        [STAFF_HOME_ROUTE]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        [STAFF_PAGES_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 30 },
        [STAFF_SEARCH_ROUTE]: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        [STAFF_PDF_ROUTE]: { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
        [STAFF_EXPORT_ROUTE]: { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 },
      },
      AccessLogSettings: { DestinationArn: arnOf('HttpAccessLogs', 'AWS::Logs::LogGroup') },
    })
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format
    expect(format).toContain('$context.routeKey')
    expect(format).not.toMatch(/\$context\.(path|identity\.sourceIp)/)
    // Route settings for routes not created yet are refused by API Gateway.
    expect(stage.DependsOn).toEqual(
      expect.arrayContaining([
        resource('AWS::ApiGatewayV2::Route', 'HttpApiPOSTwebhookshelloassosecret').id,
        resource('AWS::ApiGatewayV2::Route', 'HttpApiGEThealthz').id,
      ]),
    )
  })
})

describe('ServiceStack: staff sign-in, secrets, mail', () => {
  it('has a staff user pool: admin-created accounts, MFA required, retained, pinned', () => {
    const pool = template.findResources('AWS::Cognito::UserPool')
    expect(Object.keys(pool)).toEqual([USER_POOL_LOGICAL_ID])
    expect(pool[USER_POOL_LOGICAL_ID]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        UserPoolTier: 'PLUS',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            RequireUppercase: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
      },
    })
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    )
    expect(groups.sort()).toEqual(['manager', 'viewer'])
  })

  it('only adds the custom:org attribute to the deployed pool: same id, same settings, retained', () => {
    // The pool's properties before the staff function, plus Schema: CloudFormation adds a
    // custom attribute in place (AddCustomAttributes); any other Schema change fails the update.
    const pool = template.findResources('AWS::Cognito::UserPool')[USER_POOL_LOGICAL_ID]
    expect(pool?.DeletionPolicy).toBe('Retain')
    expect(pool?.UpdateReplacePolicy).toBe('Retain')
    const verification = 'The verification code to your new account is {####}'
    expect(pool?.Properties).toEqual({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AutoVerifiedAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
      EmailVerificationMessage: verification,
      EmailVerificationSubject: 'Verify your new account',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      MfaConfiguration: 'ON',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          RequireUppercase: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      Schema: [
        {
          Name: 'org',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
        },
      ],
      SmsVerificationMessage: verification,
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      UserPoolTags: { project: 'recus-fiscaux', stage: 'test' },
      UserPoolTier: 'PLUS',
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailMessage: verification,
        EmailSubject: 'Verify your new account',
        SmsMessage: verification,
      },
    })
  })

  it('signs staff in through the hosted UI: code grant, public client, redirects to the app', () => {
    const { resource: client } = resource(
      'AWS::Cognito::UserPoolClient',
      'StaffUserPoolStaffClient',
    )
    expect(client.Properties).toEqual({
      UserPoolId: { Ref: USER_POOL_LOGICAL_ID },
      // Public: PKCE protects the code (hosted-ui.ts always sends it); changing this would
      // replace the client.
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [apiUrl('/staff/auth/callback')],
      LogoutURLs: [apiUrl('/staff/connexion')],
      SupportedIdentityProviders: ['COGNITO'],
      // Scripts get ID tokens for the API with SRP.
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ReadAttributes: ['custom:org', 'email', 'email_verified', 'name'],
      // custom:org is readable, never writable by the person it describes.
      WriteAttributes: ['name'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    })
  })

  it('serves the hosted UI on the Cognito prefix domain, classic pages', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1)
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'recus-le-labo-de-l-ess-test',
      UserPoolId: { Ref: USER_POOL_LOGICAL_ID },
      ManagedLoginVersion: 1,
    })
  })

  it('outputs the staff URL, the sign-in host and the session key ARN', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>
    expect(outputs.StaffUrl?.Value).toEqual(apiUrl('/staff'))
    expect(outputs.StaffSignInHost?.Value).toEqual(environment('StaffApp').COGNITO_DOMAIN)
    expect(outputs.StaffSessionKeyArn?.Value).toEqual(secretRef('StaffSessionKey'))
    expect(outputs).not.toHaveProperty('StaffSignInDomainTarget')
  })

  it('keeps the secrets under pinned logical ids, the signing key only when asked for', () => {
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort()).toEqual([
      'HelloAssoClientSecret',
      'HelloAssoSignatureKey',
      'ReceiptSigningKey',
      'StaffSessionKey',
      'WebhookSecret',
    ])
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    })
  })

  it('sends from the configured identity through a configuration set whose events (sends included) reach ses-events', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      ConfigurationSetAttributes: {
        ConfigurationSetName: ref('MailConfigurationSet', 'AWS::SES::ConfigurationSet'),
      },
    })
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'recus-fiscaux-test',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    })
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        // `send`: a retry after a crash asks whether SES took the message (one email per sending).
        MatchingEventTypes: ['send', 'bounce', 'complaint', 'reject'],
        EventBridgeDestination: {
          EventBusArn: 'arn:aws:events:eu-west-3:123456789012:event-bus/default',
        },
      },
    })
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [
          'Email Sent',
          'Email Bounced',
          'Email Complaint Received',
          'Email Rejected',
        ],
        detail: {
          mail: {
            tags: {
              'ses:configuration-set': [ref('MailConfigurationSet', 'AWS::SES::ConfigurationSet')],
            },
          },
        },
      },
      Targets: [Match.objectLike({ Arn: queueArn('MailEventsQueue') })],
    })
  })
})

describe('ServiceStack: alarms and dashboard', () => {
  const alarmOn = (metric: Record<string, unknown>, threshold: number) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...metric,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [ref('MonitoringAlarmTopic', 'AWS::SNS::Topic')],
    })

  it('alarms on every DLQ holding a message: a function that crashed or timed out on every receive', () => {
    for (const prefix of [
      'ProcessQueueDeadLetters',
      'NumberQueueDeadLetters',
      'DeliverQueueDeadLetters',
      'MailEventsDeadLetters',
      'JobsQueueDeadLetters',
      'JobsSerialQueueDeadLetters',
      'ReconcileScheduleDeadLetters',
    ])
      alarmOn(
        {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [
            {
              Name: 'QueueName',
              Value: { 'Fn::GetAtt': [resource('AWS::SQS::Queue', prefix).id, 'QueueName'] },
            },
          ],
        },
        0,
      )
  })

  it('alarms on every dead letter a step records (the DeadLetters metric its function publishes)', () => {
    expect(DEAD_LETTER_STEPS).toEqual(['process', 'number', 'deliver', 'ses-events', 'jobs'])
    for (const step of DEAD_LETTER_STEPS)
      alarmOn(
        {
          Namespace: 'RecusFiscaux/test',
          MetricName: DEAD_LETTERS_METRIC,
          Dimensions: [{ Name: 'Step', Value: step }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
        },
        0,
      )
  })

  it('alarms on errors and throttles of every function', () => {
    for (const fn of [
      'Ingest',
      'Process',
      'Number',
      'Deliver',
      'SesEvents',
      'StaffApp',
      'Jobs',
      'JobsWorker',
    ])
      for (const metric of ['Errors', 'Throttles'])
        alarmOn(
          {
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [
              { Name: 'FunctionName', Value: ref(`${fn}Function`, 'AWS::Lambda::Function') },
            ],
          },
          0,
        )
  })

  it('alarms on SES reputation, API 5xx and HelloAsso failures read from the process logs', () => {
    alarmOn({ Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate' }, 0.04)
    alarmOn({ Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate' }, 0.0008)
    alarmOn({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }, 0)
    alarmOn({ Namespace: 'RecusFiscaux/test', MetricName: 'HelloAssoFailures' }, 4)
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: ref('ProcessLogs', 'AWS::Logs::LogGroup'),
      FilterPattern: '{ ($.event = "sqs.retry") && ($.error = "helloasso.*") }',
      MetricTransformations: [
        { MetricNamespace: 'RecusFiscaux/test', MetricName: 'HelloAssoFailures', MetricValue: '1' },
      ],
    })
    // DLQs (6 queues and the schedules'), errors and throttles of 9 functions, these 4, the
    // pending age of 3 lanes and the dead letters of 5 steps.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7 + 18 + 4 + 3 + 5)
  })

  it('alarms when the oldest pending work of a lane (notifications, receipt drafts, deliveries) waits more than 30 minutes (published by the re-queue run)', () => {
    expect(Object.keys(PENDING_AGE_METRICS)).toEqual(['notifications', 'drafts', 'deliveries'])
    for (const metric of Object.values(PENDING_AGE_METRICS))
      alarmOn(
        {
          Namespace: 'RecusFiscaux/test',
          MetricName: metric,
          Statistic: 'Maximum',
          Period: 900,
          EvaluationPeriods: 1,
        },
        1800,
      )
  })

  it('mails the alarms to the configured address over a TLS-only topic, and has a dashboard', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'alertes@example.org',
    })
    expect(JSON.stringify(template.findResources('AWS::SNS::TopicPolicy'))).toContain(
      '"aws:SecureTransport":"false"',
    )
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: 'recus-fiscaux-test',
    })
  })

  it('counts the credentials the staff app refused, from its logs, on a dashboard row of its own', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: ref('StaffAppLogs', 'AWS::Logs::LogGroup'),
      FilterPattern: '{ $.event = "staff.auth.refused" }',
      MetricTransformations: [
        { MetricNamespace: 'RecusFiscaux/test', MetricName: 'StaffAuthRefused', MetricValue: '1' },
      ],
    })
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties
        .DashboardBody,
    )
    for (const title of ['Staff app requests', 'Staff app latency (p99)', 'Staff sign-in refusals'])
      expect(body).toContain(title)
  })
})
