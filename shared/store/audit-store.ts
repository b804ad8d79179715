import { randomUUID } from 'node:crypto'
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TransactItem } from './receipt-items.js'
import type { TableContext } from './table-context.js'

/** Who did what to which receipt or review item, when, with the values before and after. */
export interface AuditEntry {
  at: string
  actor: { id: string; name: string; role: string }
  action:
    | 'receipt.resend'
    | 'receipt.cancel'
    | 'receipt.correct'
    | 'receipt.issue'
    | 'review.resolve'
    | 'review.dismiss'
    | 'tier.map'
  /** A receipt number or a review item id. */
  subject: string
  detail?: string
  before?: unknown
  after?: unknown
}

/** For a transaction: the audit entry is written with the change it records, or not at all. */
export function auditPut(ctx: TableContext, entry: AuditEntry): TransactItem {
  return { Put: { TableName: ctx.tableName, Item: auditItem(ctx, entry) } }
}

export async function appendAudit(ctx: TableContext, entry: AuditEntry): Promise<void> {
  await ctx.doc
    .send(new PutCommand({ TableName: ctx.tableName, Item: auditItem(ctx, entry) }))
    .catch((cause) => {
      throw storeUnavailable('append audit', cause)
    })
}

export async function listAudit(ctx: TableContext, subject: string): Promise<AuditEntry[]> {
  const result = await ctx.doc
    .send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(ctx.orgId, subject) },
      }),
    )
    .catch((cause) => {
      throw storeUnavailable('list audit', cause)
    })
  return (result.Items ?? []).map((item) => item.entry as AuditEntry)
}

function auditItem(ctx: TableContext, entry: AuditEntry) {
  return { ...keys.audit(ctx.orgId, entry.subject, `${entry.at}#${randomUUID()}`), entry }
}
