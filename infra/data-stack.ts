import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import {
  AttributeType,
  Billing,
  type CfnGlobalTable,
  ProjectionType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import { TABLE_INDEX_LIST, TABLE_KEYS, TTL_ATTRIBUTE } from '../shared/store/table-definition.js'

/** Pinned so that moving the construct in the tree can never make CloudFormation replace it. */
export const TABLE_LOGICAL_ID = 'Table'

/**
 * The stateful part, apart from the stacks that change often: the one table holding the
 * receipts ledger, which French tax law wants kept for years. Retained on stack deletion,
 * protected against table deletion, with point-in-time recovery.
 */
export class DataStack extends Stack {
  readonly table: TableV2

  constructor(scope: Construct, id: string, props?: StackProps) {
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
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    ;(this.table.node.defaultChild as CfnGlobalTable).overrideLogicalId(TABLE_LOGICAL_ID)
    new CfnOutput(this, 'TableName', { value: this.table.tableName })
  }
}
