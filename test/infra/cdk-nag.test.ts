import { Validations } from 'aws-cdk-lib'
import { Queue } from 'aws-cdk-lib/aws-sqs'
import type { IConstruct } from 'constructs'
import { beforeAll, describe, expect, it } from 'vitest'
import { type SynthesizedApp, synthApp } from './support/synth-app.js'

/**
 * cdk-nag's AwsSolutions pack runs inside every synth of the app (infra/build-app.ts): the
 * synth itself fails on a finding nobody acknowledged. These tests pin that, and the short
 * list of acknowledged findings, each with its reason.
 */
let synth: SynthesizedApp

beforeAll(() => {
  synth = synthApp()
})

/** cdk-nag's name for the objects under `prefix` of the archive bucket (its IAM5 finding). */
const archiveObjects = (prefix: string) =>
  `AwsSolutions-IAM5[Resource::arn:aws:s3:::${JSON.stringify({
    'Fn::GetStackOutput': {
      StackName: 'RecusFiscaux-test-data',
      Region: 'eu-west-3',
      OutputName: 'ArchiveBucketName',
    },
  })}/${prefix}*]`

interface Acknowledged {
  path: string
  id: string
  reason: string
}

function acknowledgements(root: IConstruct): Acknowledged[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Stored as { "Annotation::<rule id>": reason } by Validations.acknowledge().
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          path: construct.node.path,
          id: key.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  )
}

describe('cdk-nag (AwsSolutions)', () => {
  it('passes with no unacknowledged finding (the synth would have thrown)', () => {
    expect(synth.assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
      'RecusFiscaux-test-data',
      'RecusFiscaux-test-service',
    ])
  })

  it('acknowledges only these findings, narrowly, on the construct concerned', () => {
    const found = [synth.data, synth.service]
      .flatMap((stack) => acknowledgements(stack))
      .map(({ path, id }) => `${id} @ ${path}`)
    expect(found.sort()).toEqual(
      [
        'AwsSolutions-S1 @ RecusFiscaux-test-data/ArchiveBucket',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/POST--webhooks--helloasso--{secret}',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--healthz',
        'AwsSolutions-SMG4 @ RecusFiscaux-test-service/Secrets/HelloAssoClientSecret',
        'AwsSolutions-SMG4 @ RecusFiscaux-test-service/Secrets/WebhookSecret',
        'AwsSolutions-SMG4 @ RecusFiscaux-test-service/Secrets/HelloAssoSignatureKey',
        'AwsSolutions-SMG4 @ RecusFiscaux-test-service/Secrets/StaffSessionKey',
        'AwsSolutions-SMG4 @ RecusFiscaux-test-service/Secrets/ReceiptSigningKey',
        // The public pages: a signed verification link, a donor's emailed link; the app checks each.
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--verifier',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--verifier--{token}',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/ANY--mes-recus',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/ANY--mes-recus--{proxy+}',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--public-assets--{proxy+}',
        // Staff routes the function authenticates itself (session cookie, public sign-in);
        // ANY /staff/api/{proxy+} has the JWT authorizer and needs none.
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--staff',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/ANY--staff--{proxy+}',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--staff--api--receipts',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--staff--api--receipts--{number}--pdf',
        'AwsSolutions-APIG4 @ RecusFiscaux-test-service/IngestFlow/Http/Api/GET--staff--api--export.csv',
        // Each wildcard by name: the objects under the prefixes the jobs write, nothing else.
        `${archiveObjects('archives/')} @ RecusFiscaux-test-service/JobsFlow/Jobs/Role`,
        `${archiveObjects('declaration/')} @ RecusFiscaux-test-service/JobsFlow/Jobs/Role`,
        `${archiveObjects('receipts/')} @ RecusFiscaux-test-service/JobsFlow/JobsWorker/Role`,
        // The schedule's DLQ is no queue's DLQ: cdk-nag looks for one.
        'AwsSolutions-SQS3 @ RecusFiscaux-test-service/JobsFlow/ReconcileSchedule/DeadLetters',
      ].sort(),
    )
  })

  it('gives every acknowledgement a one-line reason', () => {
    for (const { id, reason } of acknowledgements(synth.service).concat(
      acknowledgements(synth.data),
    )) {
      expect(reason, id).toMatch(/^[^\n]{20,160}$/)
    }
  })

  it('fails the synth of the app on a new finding', () => {
    expect(() =>
      synthApp({
        deployment: { stage: 'test-nag' },
        extend: (service) => new Queue(service, 'PlainQueue'),
      }),
    ).toThrow(/PlainQueue[\s\S]*AwsSolutions-SQS4/)
  })
})
