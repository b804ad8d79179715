import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { keys } from '../../shared/store/keys.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { COUNTER_RETRY, withNextNumber } from '../../shared/store/with-next-number.js'
import { createTestTable } from '../support/test-table.js'

async function aTable(): Promise<TableContext> {
  const { doc, tableName } = await createTestTable()
  return { doc, tableName, orgId: 'org' }
}

/** Another writer takes a number between our read of the counter and our transaction. */
async function moveCounter(table: TableContext, year: number): Promise<void> {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.counter(table.orgId, year),
      UpdateExpression: 'ADD #last :one',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  )
}

/** The table, with another writer getting in first before each of our first `races` transactions. */
function raced(table: TableContext, races: number): TableContext {
  let left = races
  const send = (async (command: { constructor: { name: string } }) => {
    if (command.constructor.name === 'TransactWriteCommand' && left > 0) {
      left--
      await moveCounter(table, 2026)
    }
    return table.doc.send(command as never)
  }) as unknown as TableContext['doc']['send']
  return { ...table, doc: { send } as unknown as TableContext['doc'] }
}

describe('withNextNumber: retries on a moving counter, with a growing jittered pause', () => {
  it('pauses between conflicts, longer each time, and takes the next free number', async () => {
    const table = await aTable()
    const pauses: number[] = []
    let builds = 0
    const written = await withNextNumber(
      raced(table, 3),
      2026,
      (number) => {
        builds++
        return { items: [], result: number }
      },
      { random: () => 1, pause: async (ms) => pauses.push(ms) },
    )
    expect(written).toEqual({ done: '2026-00004' })
    expect(builds).toBe(4)
    expect(pauses).toEqual([10, 20, 40])
    expect(await readCounter(table, 2026)).toBe(4)
  })

  it('gives up after a bounded number of tries, with a transient error (the queue retries later)', async () => {
    const table = await aTable()
    const pauses: number[] = []
    const error = await withNextNumber(
      raced(table, Number.POSITIVE_INFINITY),
      2026,
      (number) => ({ items: [], result: number }),
      { random: () => 0.5, pause: async (ms) => pauses.push(ms) },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('store.conflict')
    expect(pauses).toHaveLength(COUNTER_RETRY.maxAttempts - 1)
    expect(Math.max(...pauses)).toBeLessThanOrEqual(COUNTER_RETRY.maxDelayMs)
    expect(pauses.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(10_000)
  })
})

describe('withNextNumber: a write DynamoDB refuses is permanent (issue 19 point 1)', () => {
  const put = (table: TableContext, sk: string) => ({
    Put: { TableName: table.tableName, Item: { pk: 'ORG#org#TEST', sk } },
  })

  it('refuses more than 100 items at once, before sending them, and takes no number', async () => {
    const table = await aTable()
    const items = Array.from({ length: 100 }, (_, i) => put(table, `item-${i}`))
    const error = await withNextNumber(table, 2026, () => ({ items, result: 1 })).catch((e) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'store.rejected', transient: false })
    expect(await readCounter(table, 2026)).toBe(0)
  })

  it('a ValidationException from DynamoDB (two writes to one item) is store.rejected, not retried', async () => {
    const table = await aTable()
    let builds = 0
    const error = await withNextNumber(table, 2026, () => {
      builds++
      return { items: [put(table, 'same'), put(table, 'same')], result: 1 }
    }).catch((e) => e)
    expect(error).toMatchObject({ code: 'store.rejected', transient: false })
    expect(builds).toBe(1)
    expect(await readCounter(table, 2026)).toBe(0)
  })
})
