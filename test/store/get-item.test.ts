import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { getItem, getItems } from '../../shared/store/get-item.js'
import { recordProjection } from '../../shared/store/record-projection.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { createTestTable } from '../support/test-table.js'

async function aTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return { doc, tableName, orgId: 'org' }
}

describe('getItem: the store’s one item read', () => {
  it('reads the item under a key, consistently: a write just made is seen', async () => {
    const table = await aTable()
    const key = { pk: 'ORG#org#PAYMENT#7', sk: 'PAYMENT' }
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...key, state: 'Authorized', n: 3 } }),
    )
    expect(await getItem(table, key, 'get payment')).toEqual({ ...key, state: 'Authorized', n: 3 })
    expect(await getItem(table, key, 'get payment', { eventual: true })).toMatchObject({ n: 3 })
  })

  it('reads only the attributes asked, reserved words included', async () => {
    const table = await aTable()
    const key = { pk: 'ORG#org#PAYMENT#8', sk: 'PAYMENT' }
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...key, state: 'Refunded', status: 'x', date: 'd', other: 1 },
      }),
    )
    expect(await getItem(table, key, 'get state', { attributes: ['state', 'date'] })).toEqual({
      state: 'Refunded',
      date: 'd',
    })
  })

  it('gives undefined for a key with no item', async () => {
    const table = await aTable()
    expect(await getItem(table, { pk: 'ORG#org#NONE', sk: 'NONE' }, 'get none')).toBeUndefined()
  })

  it('turns a failed read into store.unavailable naming it, the SDK error as its cause', async () => {
    const { doc } = createDynamoDbClients({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-3' })
    const down: TableContext = { doc, tableName: 'none', orgId: 'org' }
    const failure = await getItem(down, { pk: 'a', sk: 'b' }, 'get receipt').catch((e) => e)
    expect(failure).toBeInstanceOf(AppError)
    expect(failure).toMatchObject({
      code: 'store.unavailable',
      message: 'DynamoDB: get receipt failed',
    })
    expect((failure as AppError).cause).toBeInstanceOf(Error)
    // The lean client keeps no sockets to close.
  })
})

describe('getItems: several items in one request', () => {
  it('gives the items in the order asked, undefined where none, past 100 keys and repeats', async () => {
    const table = await aTable()
    const key = (i: number) => ({ pk: `ORG#org#PAYMENT#${i}`, sk: 'PAYMENT' })
    for (let i = 0; i < 150; i += 2)
      await table.doc.send(
        new PutCommand({ TableName: table.tableName, Item: { ...key(i), n: i } }),
      )
    const wanted = [...Array.from({ length: 150 }, (_, i) => key(149 - i)), key(0), key(1)]

    const items = await getItems(table, wanted, 'get payments')

    expect(items.map((item) => item?.n)).toEqual(
      wanted.map((_, i) => {
        const n = i < 150 ? 149 - i : i - 150
        return n % 2 === 0 ? n : undefined
      }),
    )
  })

  it('reads only the record paths asked, the keys kept to match items to keys', async () => {
    const table = await aTable()
    const key = (i: number) => ({ pk: `ORG#org#RECEIPT#${i}`, sk: 'RECEIPT' })
    for (const i of [1, 2])
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...key(i), record: { number: String(i), status: 'issued', pdf: 'heavy' } },
        }),
      )
    const projection = recordProjection(['number', 'status'], ['pk', 'sk'])

    const items = await getItems(table, [key(2), key(3), key(1)], 'get receipts', {
      projection,
      eventual: true,
    })

    expect(items).toEqual([
      { ...key(2), record: { number: '2', status: 'issued' } },
      undefined,
      { ...key(1), record: { number: '1', status: 'issued' } },
    ])
  })

  it('turns a failed read into store.unavailable naming it', async () => {
    const { doc } = createDynamoDbClients({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-3' })
    const down: TableContext = { doc, tableName: 'none', orgId: 'org' }
    const failure = await getItems(down, [{ pk: 'a', sk: 'b' }], 'get both').catch((e) => e)
    expect(failure).toMatchObject({
      code: 'store.unavailable',
      message: 'DynamoDB: get both failed',
    })
  })
})
