import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

/**
 * The single-table design, in one place so the local runtime, the tests and the CDK stack
 * cannot drift apart. Every attribute named here is a string: key builders produce
 * `ORG#slug#...` style values, never numbers.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const

/** Secondary indexes project ALL attributes: reads through them need no second round trip. */
export const TABLE_INDEXES = {
  gsi1: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  gsi2: { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const

/** Epoch seconds; DynamoDB deletes the item some time (up to days) after this instant. */
export const TTL_ATTRIBUTE = 'ttl'

export const BILLING_MODE = 'PAY_PER_REQUEST'

export type TableIndex = (typeof TABLE_INDEXES)[keyof typeof TABLE_INDEXES]

export const TABLE_INDEX_LIST: readonly TableIndex[] = Object.values(TABLE_INDEXES)

/**
 * CreateTable input for DynamoDB Local and tests. TTL is not part of CreateTable in the API:
 * `ensureTable` enables it right after. The deployed table comes from `infra/data-stack.ts`.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...TABLE_INDEX_LIST.flatMap((index) => [index.partitionKey, index.sortKey]),
  ]
  return {
    TableName: tableName,
    BillingMode: BILLING_MODE,
    AttributeDefinitions: keyAttributes.map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_INDEX_LIST.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  }
}
