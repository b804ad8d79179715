import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ARCHIVE_BUCKET_LOGICAL_ID,
  ARCHIVE_BUCKET_NAME_OUTPUT,
  DataStack,
  TABLE_LOGICAL_ID,
} from '../../infra/data-stack.js'
import { createTableInput } from '../../shared/store/table-definition.js'

let template: Template

beforeAll(() => {
  // The built-in CloudFormation validation costs 3–4 s per synth and checks CDK, not us.
  const app = new App({ builtinCloudFormationValidation: false })
  template = Template.fromStack(new DataStack(app, 'Data', { env: { region: 'eu-west-3' } }))
})

function tableResource(): { Properties: Record<string, unknown>; [key: string]: unknown } {
  const tables = template.findResources('AWS::DynamoDB::GlobalTable')
  const table = tables[TABLE_LOGICAL_ID]
  if (!table) throw new Error(`no table ${TABLE_LOGICAL_ID} in ${Object.keys(tables).join(', ')}`)
  return table as { Properties: Record<string, unknown> }
}

describe('DataStack', () => {
  it('holds exactly one table, under its pinned logical id', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1)
    // Changing this id makes CloudFormation create a new, empty table: never do it lightly.
    expect(Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))).toEqual(['Table'])
  })

  it('keeps the table when the stack or the resource goes', () => {
    expect(tableResource()).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    })
  })

  it('is on demand, encrypted with the AWS managed key, with TTL on the ttl attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    })
  })

  it('pins the logical ids of every stateful resource', () => {
    // Changing one makes CloudFormation create a new, empty resource and retain the old one.
    const stateful = ['AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket'].flatMap((type) =>
      Object.keys(template.findResources(type)),
    )
    expect(stateful).toEqual([TABLE_LOGICAL_ID, ARCHIVE_BUCKET_LOGICAL_ID])
    expect([TABLE_LOGICAL_ID, ARCHIVE_BUCKET_LOGICAL_ID]).toEqual(['Table', 'ArchiveBucket'])
  })

  it('outputs the archive bucket name under the name the service stack reads it by', () => {
    // The jobs functions' environment and S3 grants read it with Fn::GetStackOutput.
    expect(ARCHIVE_BUCKET_NAME_OUTPUT).toBe('ArchiveBucketName')
    template.hasOutput(ARCHIVE_BUCKET_NAME_OUTPUT, { Value: { Ref: ARCHIVE_BUCKET_LOGICAL_ID } })
  })
})

describe('DataStack archive bucket', () => {
  const bucket = () => template.findResources('AWS::S3::Bucket')[ARCHIVE_BUCKET_LOGICAL_ID]

  it('is retained, versioned, encrypted, private', () => {
    expect(bucket()).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    })
  })

  it('locks every object six years (governance) and never expires current versions', () => {
    expect(bucket()?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 6 * 365 + 2 } },
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'archive-tiering',
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    })
    expect(JSON.stringify(bucket())).not.toContain('ExpirationInDays')
  })

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ARCHIVE_BUCKET_LOGICAL_ID },
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    })
  })

  it('has the same keys and GSIs as the table DynamoDB Local and the tests use', () => {
    const local = createTableInput('any')
    const deployed = tableResource().Properties
    const byName = <T extends { AttributeName?: string | undefined }>(items: T[] | undefined) =>
      [...(items ?? [])].sort((a, b) =>
        String(a.AttributeName).localeCompare(String(b.AttributeName)),
      )

    expect(deployed.KeySchema).toEqual(local.KeySchema)
    expect(byName(deployed.AttributeDefinitions as typeof local.AttributeDefinitions)).toEqual(
      byName(local.AttributeDefinitions),
    )
    expect(deployed.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes)
    expect(local.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['gsi1', 'gsi2'])
  })
})
