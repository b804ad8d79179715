import { randomBytes } from 'node:crypto'
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb'
import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, inject, it } from 'vitest'
import { pickFreePort } from '../../functions/local/tcp-port.js'
import { AppError } from '../../shared/errors.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import { TABLE_INDEXES, TTL_ATTRIBUTE } from '../../shared/store/table-definition.js'
import { createTestTable } from '../support/test-table.js'

const { client } = createDynamoDbClients({
  endpoint: inject('dynamoEndpoint'),
  region: 'eu-west-3',
})
const uniqueName = () => `test-ensure-${randomBytes(6).toString('hex')}`

describe('ensureTable', () => {
  it('creates the table with its keys, both GSIs, on-demand billing and TTL', async () => {
    const tableName = uniqueName()

    await expect(ensureTable(client, tableName)).resolves.toBe('created')

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
    expect(Table?.TableStatus).toBe('ACTIVE')
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        keys: index.KeySchema?.map((key) => `${key.AttributeName}:${key.KeyType}`),
        projection: index.Projection?.ProjectionType,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
    expect(indexes).toEqual([
      { name: 'gsi1', keys: ['gsi1pk:HASH', 'gsi1sk:RANGE'], projection: 'ALL' },
      { name: 'gsi2', keys: ['gsi2pk:HASH', 'gsi2sk:RANGE'], projection: 'ALL' },
    ])
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    )
    expect(TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: TTL_ATTRIBUTE,
    })
  })

  it('is idempotent', async () => {
    const tableName = uniqueName()
    await ensureTable(client, tableName)

    await expect(ensureTable(client, tableName)).resolves.toBe('exists')
    await expect(ensureTable(client, tableName)).resolves.toBe('exists')
  })

  it('lets concurrent callers race: exactly one creates, all succeed', async () => {
    const tableName = uniqueName()

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => ensureTable(client, tableName)),
    )

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome === 'exists')).toHaveLength(5)
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    )
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED')
  })

  it('serves queries on the secondary indexes', async () => {
    const { doc, tableName } = await createTestTable()
    const gsi = TABLE_INDEXES.gsi2
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: 'ORG#a#R#1',
          sk: 'R',
          gsi2pk: 'ORG#a#EMAIL#x',
          gsi2sk: '2026-01-01',
          extra: undefined,
        },
      }),
    )

    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: gsi.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': gsi.partitionKey },
        ExpressionAttributeValues: { ':pk': 'ORG#a#EMAIL#x' },
      }),
    )

    expect(Items).toEqual([
      { pk: 'ORG#a#R#1', sk: 'R', gsi2pk: 'ORG#a#EMAIL#x', gsi2sk: '2026-01-01' },
    ])
  })

  // Proof that tests run against Amazon's engine: emulators such as dynalite lack transactions.
  it('runs on real DynamoDB Local: a cancelled transaction reports its reasons', async () => {
    const { doc, tableName } = await createTestTable()
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'COUNTER', sk: '2026' } }))

    const error = await doc
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: 'RECEIPT', sk: '2026-00001' } } },
            {
              Put: {
                TableName: tableName,
                Item: { pk: 'COUNTER', sk: '2026' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(TransactionCanceledException)
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      expect.objectContaining({ Code: 'None' }),
      expect.objectContaining({ Code: 'ConditionalCheckFailed' }),
    ])
  })

  it('reports an unreachable endpoint as store.unavailable', async () => {
    const port = await pickFreePort()
    const unreachable = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    })

    const error = await ensureTable(unreachable, uniqueName()).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('store.unavailable')
    unreachable.destroy()
  })
})
