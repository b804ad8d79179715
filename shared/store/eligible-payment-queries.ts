import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { EligiblePayment } from '../domain/eligible-payment.js'
import { getItems } from './get-item.js'
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

/** The receipt number each of these payments is claimed by, if any. */
export async function paymentClaims(
  ctx: TableContext,
  paymentIds: number[],
): Promise<Map<number, string>> {
  const claims = await getItems(
    ctx,
    paymentIds.map((id) => keys.paymentReceipt(ctx.orgId, id)),
    'batch get payment claims',
  )
  return new Map(
    paymentIds.flatMap((id, i) => {
      const claim = claims[i]
      return claim ? [[id, String(claim.number)] as const] : []
    }),
  )
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
