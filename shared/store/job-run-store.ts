import {
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { ChunkRef, ChunkResult, Finding, JobKind, JobRun, RunRef } from '../domain/job-run.js'
import { cancellationCodes, isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { getItem } from './get-item.js'
import { keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

export async function latestRun(
  ctx: TableContext,
  kind: JobKind,
  paramsKey: string,
): Promise<JobRun | undefined> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: {
          ':pk': keys.jobRunsPartition(ctx.orgId, kind, paramsKey),
          ':run': 'RUN#',
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('read job run', cause)
    })
  return result.Items?.[0] ? toRun(result.Items[0]) : undefined
}

/** Creates run `run`; fails (returns false) if another runner created it first. */
export async function createRun(ctx: TableContext, run: JobRun): Promise<boolean> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.jobRun(ctx.orgId, run.kind, run.paramsKey, run.run), ...run },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable('create job run', error)
  }
}

export async function doneChunkIds(ctx: TableContext, ref: RunRef): Promise<Set<string>> {
  const ids = new Set<string>()
  for await (const item of queryRunItems(ctx, ref, 'CHUNK#')) ids.add(String(item.chunkId))
  return ids
}

export async function* runFindings(ctx: TableContext, ref: RunRef): AsyncGenerator<Finding> {
  for await (const item of queryRunItems(ctx, ref, 'FINDING#'))
    yield { key: String(item.key), kind: String(item.kind), detail: String(item.detail) }
}

/**
 * Records a finished chunk exactly once: its marker and its counts go in one transaction, so a
 * chunk redone after a crash (or delivered twice by SQS) is never counted twice. Findings are
 * written first with plain puts keyed by item, which a redo overwrites identically.
 * Returns false when the chunk was already recorded.
 */
export async function recordChunk(
  ctx: TableContext,
  ref: RunRef,
  chunk: ChunkRef,
  result: ChunkResult,
  at: string,
): Promise<boolean> {
  await putFindings(ctx, ref, result.findings)
  const counts = Object.entries(result.counts).filter(([, value]) => value !== 0)
  const names: Record<string, string> = { '#counts': 'counts' }
  const values: Record<string, unknown> = { ':one': 1, ':size': chunk.size, ':zero': 0, ':at': at }
  const sets = counts.map(([name, value], i) => {
    names[`#c${i}`] = name
    values[`:c${i}`] = value
    return `#counts.#c${i} = if_not_exists(#counts.#c${i}, :zero) + :c${i}`
  })
  const runItems = `${keys.jobRunItemsPartition(ctx.orgId, ref.kind, ref.paramsKey, ref.run)}`
  try {
    await ctx.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: ctx.tableName,
              Item: { pk: runItems, sk: `CHUNK#${chunk.id}`, chunkId: chunk.id, at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: ctx.tableName,
              Key: keys.jobRun(ctx.orgId, ref.kind, ref.paramsKey, ref.run),
              UpdateExpression: [
                'SET doneChunks = doneChunks + :one',
                'doneItems = doneItems + :size',
                'updatedAt = :at',
                ...sets,
              ].join(', '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
        ],
      }),
    )
    return true
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false
    throw storeUnavailable('record job chunk', error)
  }
}

/**
 * Marks the run done once every chunk is recorded. Exactly one caller gets true, so whatever
 * follows a run (a summary, a notice) happens once even with many workers.
 */
export async function finishRun(
  ctx: TableContext,
  ref: RunRef,
  chunkCount: number,
  at: string,
): Promise<boolean> {
  try {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.jobRun(ctx.orgId, ref.kind, ref.paramsKey, ref.run),
        UpdateExpression: 'SET #status = :done, finishedAt = :at',
        ConditionExpression: '#status = :running AND doneChunks = :count',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':running': 'running',
          ':count': chunkCount,
          ':at': at,
        },
      }),
    )
    return true
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false
    throw storeUnavailable('finish job run', error)
  }
}

export async function getRun(ctx: TableContext, ref: RunRef): Promise<JobRun | undefined> {
  const key = keys.jobRun(ctx.orgId, ref.kind, ref.paramsKey, ref.run)
  const item = await getItem(ctx, key, 'read job run')
  return item ? toRun(item) : undefined
}

async function putFindings(ctx: TableContext, ref: RunRef, findings: Finding[]): Promise<void> {
  const pk = keys.jobRunItemsPartition(ctx.orgId, ref.kind, ref.paramsKey, ref.run)
  for (let start = 0; start < findings.length; start += 25) {
    let requests: Record<string, unknown>[] = findings.slice(start, start + 25).map((finding) => ({
      PutRequest: { Item: { pk, sk: `FINDING#${finding.key}#${finding.kind}`, ...finding } },
    }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      const result = await ctx.doc
        .send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } }))
        .catch((cause) => {
          throw storeUnavailable('write job findings', cause)
        })
      requests = (result.UnprocessedItems?.[ctx.tableName] ?? []) as Record<string, unknown>[]
      if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
      if (attempt > 8) throw storeUnavailable('write job findings', new Error('unprocessed'))
    }
  }
}

function queryRunItems(
  ctx: TableContext,
  ref: RunRef,
  prefix: string,
): AsyncGenerator<Record<string, unknown>> {
  return queryAll(
    ctx,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.jobRunItemsPartition(ctx.orgId, ref.kind, ref.paramsKey, ref.run),
        ':prefix': prefix,
      },
      ConsistentRead: true,
    },
    'read job run items',
  )
}

function toRun(item: Record<string, unknown>): JobRun {
  const { pk: _pk, sk: _sk, updatedAt: _updatedAt, ...run } = item
  return run as unknown as JobRun
}
