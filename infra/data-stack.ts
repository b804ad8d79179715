import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib'
import {
  AttributeType,
  Billing,
  type CfnGlobalTable,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { TABLE_INDEX_LIST, TABLE_KEYS, TTL_ATTRIBUTE } from '../shared/store/table-definition.js'

/** Pinned so that moving the construct in the tree can never make CloudFormation replace it. */
export const TABLE_LOGICAL_ID = 'Table'
export const ARCHIVE_BUCKET_LOGICAL_ID = 'ArchiveBucket'
/** The output the service stack reads the archive bucket's name from (Fn::GetStackOutput). */
export const ARCHIVE_BUCKET_NAME_OUTPUT = 'ArchiveBucketName'

/**
 * Receipts and their ledger must be kept six years (Livre des procédures fiscales, art. L102 B);
 * two days more for the leap years.
 */
export const ARCHIVE_RETENTION = Duration.days(6 * 365 + 2)
/** When the lifecycle rule expires an archived object (a delete marker; the version follows). */
export const ARCHIVE_EXPIRY = Duration.days(7 * 365 + 2)

/**
 * The stateful part, apart from the stacks that change often: the one table holding the
 * receipts ledger, which French tax law wants kept for years (retained on stack deletion,
 * protected against table deletion, point-in-time recovery), and the bucket that the jobs of
 * the service stack fill: receipt PDFs, the yearly declaration and archive ZIP.
 */
export class DataStack extends Stack {
  readonly table: TableV2
  readonly archiveBucket: Bucket

  constructor(scope: Construct, id: string, props?: StackProps & { expireArchives?: boolean }) {
    super(scope, id, props)
    const string = (name: string) => ({ name, type: AttributeType.STRING })
    // Same shape as createTableInput() for DynamoDB Local; the data-stack test holds them equal.
    this.table = new TableV2(this, 'Table', {
      partitionKey: string(TABLE_KEYS.partitionKey),
      sortKey: string(TABLE_KEYS.sortKey),
      billing: Billing.onDemand(), // BILLING_MODE: PAY_PER_REQUEST
      globalSecondaryIndexes: TABLE_INDEX_LIST.map((index) => ({
        indexName: index.indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: ProjectionType.ALL,
      })),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The aws/dynamodb KMS key: every use shows in CloudTrail, nothing to manage or rotate.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    ;(this.table.node.defaultChild as CfnGlobalTable).overrideLogicalId(TABLE_LOGICAL_ID)
    new CfnOutput(this, 'TableName', { value: this.table.tableName })

    this.archiveBucket = this.createArchiveBucket(props?.expireArchives ?? false)
    new CfnOutput(this, ARCHIVE_BUCKET_NAME_OUTPUT, { value: this.archiveBucket.bucketName })
  }

  /**
   * The jobs' output (functions/jobs): regenerated receipt PDFs (`receipts/`), the yearly
   * declaration CSVs (`declaration/`) and archives (`archives/`, ZIP of a tax year's receipts
   * and register).
   * - S3-managed encryption: the archives must stay readable for six years and more; a KMS key
   *   would add a key policy to keep right and a key whose deletion loses everything.
   * - Object Lock in governance mode for six years, plus versioning: no one deletes or
   *   overwrites an archive by mistake, yet an administrator can still fix a wrong upload
   *   (s3:BypassGovernanceRetention). Current versions never expire, unless the deployment turns
   *   the retention purge on (`jobs.purgeEnabled`): then after seven years (ARCHIVE_EXPIRY),
   *   once the retention period of what they hold is over (docs/donor-side.md).
   * - Glacier Instant Retrieval after 90 days: read once a year at most, in milliseconds when
   *   the tax office asks; noncurrent versions go 30 days after replacement (once unlocked).
   */
  private createArchiveBucket(expire: boolean): Bucket {
    const bucket = new Bucket(this, 'ArchiveBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(ARCHIVE_RETENTION),
      lifecycleRules: [
        {
          id: 'archive-tiering',
          transitions: [
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(90),
            },
          ],
          noncurrentVersionExpiration: Duration.days(30),
          // With the retention purge on, the personal data in a year's PDFs and register go
          // too: 7 years covers an object written during its tax year or the next, past its lock.
          ...(expire ? { expiration: ARCHIVE_EXPIRY } : {}),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    })
    ;(bucket.node.defaultChild as CfnBucket).overrideLogicalId(ARCHIVE_BUCKET_LOGICAL_ID)
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only our own roles touch it, about once a year; CloudTrail data events are the audit trail, not a second log bucket.',
    })
    return bucket
  }
}
