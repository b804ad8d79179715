import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { receiptNumber } from '../../shared/domain/receipt-number.js'
import type { ReceiptRecord } from '../../shared/domain/records.js'
import { buildDeclaration } from '../../shared/jobs/declaration/build-declaration.js'
import { keys } from '../../shared/store/keys.js'
import { ledgerPut, receiptItem } from '../../shared/store/receipt-items.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { aNewReceipt } from '../support/builders/a-new-receipt.js'
import {
  aCompanyDonor,
  anAssociationSnapshot,
  aSignaturePngBase64,
} from '../support/builders/a-receipt-snapshot.js'
import { useTestRuntime } from '../support/flow-harness.js'

const t = useTestRuntime()

const RECEIPTS = 2_000
/**
 * Bytes added to each register line. A real line is about 150 B: the register would need
 * 10 000 receipts to fill two of DynamoDB's 1 MB Query pages, and seeding them was the suite's
 * largest write (21 000 items). 2 000 padded lines fill two pages too; the reader ignores what
 * it does not know. Its speed over 10 000 real receipts is `npm run bench:jobs`'s.
 */
const LINE_PADDING = { padding: 'x'.repeat(600) }
const YEAR = 2026
const signature = aSignaturePngBase64()

/** Every 10th receipt is a 500 € company fee, the rest 50 € individual fees. */
const isCompany = (sequence: number) => sequence % 10 === 0
/** Every 100th individual receipt (sequence 1, 101, …) was refunded. */
const isCancelled = (sequence: number) => sequence % 100 === 1

function record(sequence: number): ReceiptRecord {
  const number = receiptNumber(YEAR, sequence)
  const draft = aNewReceipt(500_000 + sequence)
  const company = isCompany(sequence)
  const amountCents = company ? 50_000 : 5_000
  return {
    ...draft,
    number,
    sequence,
    form: company ? '16216' : '11580',
    status: isCancelled(sequence) ? 'cancelled' : 'issued',
    ...(isCancelled(sequence)
      ? { cancellation: { at: '2026-04-01T10:00:00.000Z', reason: 'refund' as const } }
      : {}),
    snapshot: {
      ...draft.snapshot,
      number,
      amountCents,
      // A real association block, signature image included: what a stored record weighs.
      association: anAssociationSnapshot({ signatureImagePngBase64: signature }),
      ...(company ? { form: '16216', cerfaNumber: '16216*02', donor: aCompanyDonor() } : {}),
    },
    history: [{ at: draft.issuedAt, event: 'issued' }],
  }
}

/** The items issueReceipt and cancelReceipt leave behind, written in bulk (25 per request). */
function itemsOf(ctx: TableContext, receipt: ReceiptRecord): Record<string, unknown>[] {
  const lines = [ledgerPut(ctx, receipt, 'issued', receipt.issuedAt, LINE_PADDING)]
  if (receipt.cancellation)
    lines.push(
      ledgerPut(ctx, receipt, 'cancelled', receipt.cancellation.at, {
        reason: 'refund',
        ...LINE_PADDING,
      }),
    )
  return [receiptItem(ctx, receipt), ...lines.map((line) => line.Put?.Item ?? {})]
}

async function seed(ctx: TableContext): Promise<void> {
  const items: Record<string, unknown>[] = [{ ...keys.counter(ctx.orgId, YEAR), last: RECEIPTS }]
  for (let sequence = 1; sequence <= RECEIPTS; sequence++)
    items.push(...itemsOf(ctx, record(sequence)))
  const batches: Record<string, unknown>[][] = []
  for (let start = 0; start < items.length; start += 25)
    batches.push(items.slice(start, start + 25))
  const lanes = Array.from({ length: 4 }, async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) await write(ctx, batch)
  })
  await Promise.all(lanes)
}

async function write(ctx: TableContext, items: Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }))
  while (requests.length > 0) {
    const result = await ctx.doc.send(
      new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } }),
    )
    requests = (result.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests
  }
}

/** The register's first Query page ends before the register does: the reader must page. */
async function registerSpansPages(ctx: TableContext): Promise<boolean> {
  const { pk } = keys.ledgerEntry(ctx.orgId, YEAR, '')
  const page = await ctx.doc.send(
    new QueryCommand({
      TableName: ctx.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  )
  return page.LastEvaluatedKey !== undefined
}

describe('receipts declaration --year on a large year', () => {
  // Two pages of the register and 20 BatchGets of receipts: the totals must survive paging.
  // Its speed is measured by `npm run bench:jobs`, not asserted here.
  it('reads 2 000 receipts in 20 BatchGets and a register of two pages, with the hand-computed totals', async () => {
    await seed(t.runtime.table)
    expect(await registerSpansPages(t.runtime.table)).toBe(true)
    const report = await buildDeclaration(t.runtime.jobs, YEAR)
    expect(report.ok).toBe(true)
    expect(report).toMatchObject({ counter: RECEIPTS, receipts: RECEIPTS })
    // 200 company receipts (every 10th); 1 800 individual ones, of which 20 refunded.
    expect(report.figures.declared).toEqual({
      '11580': { count: 1_780, amountCents: 1_780 * 5_000 },
      '16216': { count: 200, amountCents: 200 * 50_000 },
    })
    expect(report.figures.cancelled['11580']).toEqual({ count: 20, amountCents: 100_000 })
  }, 180_000)
})
