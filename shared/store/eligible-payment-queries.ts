import { BatchGetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { EligiblePayment } from '../domain/eligible-payment.js'
import { storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

/** Donor keys are ASCII without '#', so `key#` + this sorts after every payment id of the key. */
const AFTER_PAYMENT_IDS = '#~'

/**
 * The year's eligible payments, sorted by donor key, optionally only the donors from `first`
 * to `last` (inclusive). Strongly consistent: a summary must see the latest refund.
 */
export async function listEligiblePayments(
  ctx: TableContext,
  year: number,
  donors?: { first: string; last: string },
): Promise<EligiblePayment[]> {
  return eligibleRecords(ctx, {
    KeyConditionExpression: donors ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk',
    ExpressionAttributeValues: {
      ':pk': keys.eligiblePayments(ctx.orgId, year),
      ...(donors
        ? { ':from': `${donors.first}#`, ':to': `${donors.last}${AFTER_PAYMENT_IDS}` }
        : {}),
    },
  })
}

export function listDonorEligiblePayments(
  ctx: TableContext,
  year: number,
  donorKey: string,
): Promise<EligiblePayment[]> {
  return eligibleRecords(ctx, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :donor)',
    ExpressionAttributeValues: {
      ':pk': keys.eligiblePayments(ctx.orgId, year),
      ':donor': `${donorKey}#`,
    },
  })
}

/**
 * Donor keys (sorted) having at least one payment of the year that a summary could cover: not
 * refunded, not withheld, claimed by no receipt. Reads the partition page by page with only
 * the four fields it needs, so memory holds donor keys, not payments.
 */
export async function donorsWithAvailablePayments(
  ctx: TableContext,
  year: number,
): Promise<string[]> {
  const donors: string[] = []
  let page: { donorKey: string; paymentId: number }[] = []
  const flush = async () => {
    const claims = await paymentClaims(
      ctx,
      page.map((payment) => payment.paymentId),
    )
    for (const { donorKey, paymentId } of page)
      if (!claims.has(paymentId) && donors.at(-1) !== donorKey) donors.push(donorKey)
    page = []
  }
  const items = queryAll(
    ctx,
    {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.eligiblePayments(ctx.orgId, year) },
      ProjectionExpression: '#r.donorKey, #r.paymentId, #r.refunded, #r.withheld',
      ExpressionAttributeNames: { '#r': 'record' },
      ConsistentRead: true,
    },
    'list donors of eligible payments',
  )
  for await (const item of items) {
    const record = item.record as Pick<
      EligiblePayment,
      'donorKey' | 'paymentId' | 'refunded' | 'withheld'
    >
    if (record.refunded || record.withheld) continue
    page.push({ donorKey: record.donorKey, paymentId: record.paymentId })
    if (page.length === 100) await flush()
  }
  await flush()
  return donors
}

/** The receipt number each of these payments is claimed by, if any (BatchGet, 100 at a time). */
export async function paymentClaims(
  ctx: TableContext,
  paymentIds: number[],
): Promise<Map<number, string>> {
  const claims = new Map<number, string>()
  for (let start = 0; start < paymentIds.length; start += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> = {
      [ctx.tableName]: {
        Keys: paymentIds
          .slice(start, start + 100)
          .map((id) => ({ ...keys.paymentReceipt(ctx.orgId, id) })),
        ConsistentRead: true,
      },
    }
    while (Object.keys(request).length > 0) {
      const result = await ctx.doc
        .send(new BatchGetCommand({ RequestItems: request }))
        .catch((cause) => {
          throw storeUnavailable('batch get payment claims', cause)
        })
      for (const item of result.Responses?.[ctx.tableName] ?? [])
        claims.set(Number(String(item.pk).split('#PAYMENT#')[1]), String(item.number))
      request = (result.UnprocessedKeys ?? {}) as typeof request
    }
  }
  return claims
}

async function eligibleRecords(
  ctx: TableContext,
  input: Pick<QueryCommandInput, 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
): Promise<EligiblePayment[]> {
  const records: EligiblePayment[] = []
  const items = queryAll(ctx, { ...input, ConsistentRead: true }, 'query eligible payments')
  for await (const item of items) records.push(item.record as EligiblePayment)
  return records
}
