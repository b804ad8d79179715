import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ReceiptRecord } from '../../shared/domain/records.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { keys } from '../../shared/store/keys.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import { queryAll } from '../../shared/store/query-all.js'
import type { TableContext } from '../../shared/store/table-context.js'

/**
 * What the soak reads from the server's DynamoDB Local (its endpoint, while the server runs):
 * the year's receipts and counter, and how much work is left.
 */
export interface SoakData {
  receipts: ReceiptRecord[]
  counter: number
  pending: number
  /** What is still pending, as queue messages would say it (to reproduce a failure). */
  pendingWork: string[]
  deadLetters: number
  openReviews: number
}

export async function readSoakData(table: TableContext, year: number): Promise<SoakData> {
  const receipts: ReceiptRecord[] = []
  const items = queryAll(
    table,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.receiptsByYear(table.orgId, year) },
    },
    'soak: receipts of the year',
  )
  for await (const item of items) receipts.push(item.record as ReceiptRecord)
  return {
    receipts,
    counter: await readCounter(table, year),
    pending: await pendingWorkCount(table),
    pendingWork: (await listPendingWork(table)).map((message) => JSON.stringify(message)),
    deadLetters: await countIndex(table, 'gsi1pk', keys.deadLettersIndex(table.orgId)),
    openReviews: await countIndex(table, 'gsi1pk', keys.openReviewsIndex(table.orgId)),
  }
}

/** Notifications not processed and emails not sent yet (the index the runtime resumes from). */
export function pendingWorkCount(table: TableContext): Promise<number> {
  return countIndex(table, 'gsi2pk', keys.pendingIndex(table.orgId))
}

async function countIndex(
  table: TableContext,
  attribute: 'gsi1pk' | 'gsi2pk',
  value: string,
): Promise<number> {
  let count = 0
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: attribute === 'gsi1pk' ? 'gsi1' : 'gsi2',
        KeyConditionExpression: `${attribute} = :pk`,
        ExpressionAttributeValues: { ':pk': value },
        Select: 'COUNT',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    )
    count += page.Count ?? 0
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return count
}
