import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { cancellationCodes, isConditionalCheckFailed } from '../../shared/store/dynamo-errors.js'
import { createLeanDocumentClient, type TableDoc } from '../../shared/store/lean-document-client.js'
import { createTestTable } from '../support/test-table.js'

const LOCAL = { accessKeyId: 'local', secretAccessKey: 'local' }

/** The lean client and the SDK's DocumentClient on one table of the run's DynamoDB Local. */
async function bothClients() {
  const table = await createTestTable()
  const lean = createLeanDocumentClient({
    endpoint: table.endpoint,
    region: 'eu-west-3',
    credentials: LOCAL,
    maxSockets: 4,
  })
  const sdk = DynamoDBDocumentClient.from(table.client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  return { lean, sdk, tableName: table.tableName }
}

const withoutMetadata = ({ $metadata: _, ...rest }: Record<string, unknown>) => rest

/** Each client writes its own keys (`A-lean`, `A-sdk`): compared once the suffix is gone. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/-(lean|sdk)$/, '-*')
  if (value instanceof Set) return new Set([...value].map(normalise))
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]))
  return value
}

/** Sends the same command through both clients (writes go to distinct keys) and compares. */
async function same(lean: TableDoc, sdk: TableDoc, command: (suffix: string) => object) {
  const send = (doc: TableDoc, suffix: string) =>
    doc.send(command(suffix) as never).then((output) => withoutMetadata(output as never))
  const [byLean, bySdk] = [await send(lean, 'lean'), await send(sdk, 'sdk')]
  expect(normalise(byLean)).toEqual(normalise(bySdk))
  return byLean
}

const item = (pk: string) => ({
  pk,
  sk: 'ITEM',
  text: 'Zoé « reçu » €',
  amount: 5000,
  ratio: 0.66,
  flag: true,
  nothing: null,
  skipped: undefined,
  list: [1, 'two', { three: 3 }],
  map: { nested: { deep: ['a'] } },
  tags: new Set(['x', 'y']),
  gsi1pk: 'INDEX',
  gsi1sk: pk,
})

describe('the lean document client (the store’s, on Lambda and locally)', () => {
  it('writes and reads items as the SDK’s DocumentClient does, every command the store sends', async () => {
    const { lean, sdk, tableName } = await bothClients()
    await same(lean, sdk, (s) => new PutCommand({ TableName: tableName, Item: item(`A-${s}`) }))
    const got = await same(
      lean,
      sdk,
      () => new GetCommand({ TableName: tableName, Key: { pk: 'A-lean', sk: 'ITEM' } }),
    )
    expect(got.Item).toEqual({ ...item('A-lean'), skipped: undefined, tags: new Set(['x', 'y']) })
    expect(got.Item).not.toHaveProperty('skipped')
    await same(
      lean,
      sdk,
      (s) =>
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `A-${s}`, sk: 'ITEM' },
          UpdateExpression: 'SET amount = amount + :one, added = :added',
          ExpressionAttributeValues: { ':one': 1, ':added': { at: '2026-12-07' } },
          ReturnValues: 'ALL_NEW',
        }),
    )
    await same(
      lean,
      sdk,
      (s) =>
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: [
              { PutRequest: { Item: item(`B-${s}`) } },
              { DeleteRequest: { Key: { pk: `A-${s}`, sk: 'ITEM' } } },
            ],
          },
        }),
    )
    await same(
      lean,
      sdk,
      () =>
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [
                { pk: 'B-lean', sk: 'ITEM' },
                { pk: 'B-sdk', sk: 'ITEM' },
              ],
            },
          },
        }),
    )
    await same(
      lean,
      sdk,
      (s) =>
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: item(`C-${s}`),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: { pk: `D-${s}`, sk: 'ITEM' },
                UpdateExpression: 'SET flag = :no',
                ExpressionAttributeValues: { ':no': false },
              },
            },
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { pk: `B-${s}`, sk: 'ITEM' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
    )
    await same(
      lean,
      sdk,
      () =>
        new TransactGetCommand({
          TransactItems: [{ Get: { TableName: tableName, Key: { pk: 'C-lean', sk: 'ITEM' } } }],
        }),
    )
    const page = await same(
      lean,
      sdk,
      () =>
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'INDEX' },
          Limit: 2,
        }),
    )
    expect(page.LastEvaluatedKey).toBeDefined()
    await same(
      lean,
      sdk,
      () =>
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'INDEX' },
          ExclusiveStartKey: page.LastEvaluatedKey as Record<string, unknown>,
        }),
    )
    await same(
      lean,
      sdk,
      () =>
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'flag = :no',
          ExpressionAttributeValues: { ':no': false },
        }),
    )
    await same(
      lean,
      sdk,
      (s) =>
        new DeleteCommand({
          TableName: tableName,
          Key: { pk: `C-${s}`, sk: 'ITEM' },
          ReturnValues: 'ALL_OLD',
        }),
    )
  })

  it('throws what the SDK throws: a failed condition, a cancelled transaction and its reasons', async () => {
    const { lean, tableName } = await bothClients()
    await lean.send(new PutCommand({ TableName: tableName, Item: { pk: 'COUNTER', sk: '2026' } }))
    const conditional = await lean
      .send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'COUNTER', sk: '2026' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => error)
    expect(isConditionalCheckFailed(conditional)).toBe(true)

    const cancelled = await lean
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: 'RECEIPT', sk: '1' } } },
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
      .catch((error: unknown) => error)
    expect(cancelled).toBeInstanceOf(TransactionCanceledException)
    expect(cancellationCodes(cancelled)).toEqual(['None', 'ConditionalCheckFailed'])
  })

  it('retries a 5xx and a throttled call, four attempts in all, then gives the error', async () => {
    const answers = [
      [500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' }],
      [
        400,
        { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'slow down' },
      ],
      [200, { Item: { pk: { S: 'A' } } }],
    ] as const
    let calls = 0
    const server = createServer((request, response) => {
      request.resume()
      const [status, body] = answers[Math.min(calls++, answers.length - 1)] ?? [500, {}]
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' })
      response.end(JSON.stringify(body))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const lean = createLeanDocumentClient({
      endpoint,
      region: 'eu-west-3',
      credentials: LOCAL,
      maxSockets: 1,
    })
    try {
      await expect(
        lean.send(new GetCommand({ TableName: 't', Key: { pk: 'A' } })),
      ).resolves.toMatchObject({
        Item: { pk: 'A' },
      })
      expect(calls).toBe(3)

      calls = 0
      const down = createLeanDocumentClient({
        endpoint,
        region: 'eu-west-3',
        credentials: LOCAL,
        maxSockets: 1,
      })
      server.removeAllListeners('request')
      server.on('request', (request, response) => {
        calls++
        request.resume()
        response.writeHead(503)
        response.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'down' }))
      })
      await expect(
        down.send(new GetCommand({ TableName: 't', Key: { pk: 'A' } })),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      })
      expect(calls).toBe(4)
    } finally {
      server.close()
    }
  })
})
