import { keys } from './keys.js'
import { queryAll } from './query-all.js'
import type { TableContext } from './table-context.js'

/** One line of the year's register, as `ledgerPut` wrote it. */
export interface LedgerLine {
  /** From the sort key (`<number>#<event>`), which is what orders the lines. */
  number: string
  /** 'issued' | 'cancelled' | 'replaced'; anything else is reported, not trusted. */
  event: string
  amountCents: unknown
  form: unknown
  paymentId: unknown
  at: unknown
  replaces?: unknown
  replacedBy?: unknown
}

/**
 * Every line of the year's register in key order (receipt number, then event), one Query page
 * at a time with strongly consistent reads: the register is the reference the receipt records
 * are checked against, so it must be read as written.
 */
export async function* ledgerLines(ctx: TableContext, year: number): AsyncGenerator<LedgerLine> {
  const pk = keys.ledgerEntry(ctx.orgId, year, '').pk
  const items = queryAll(
    ctx,
    {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    },
    'read receipt ledger',
  )
  for await (const item of items) yield toLine(item)
}

function toLine(item: Record<string, unknown>): LedgerLine {
  const sk = String(item.sk)
  const hash = sk.lastIndexOf('#')
  return {
    number: hash < 0 ? sk : sk.slice(0, hash),
    event: hash < 0 ? '' : sk.slice(hash + 1),
    amountCents: item.amountCents,
    form: item.form,
    paymentId: item.paymentId,
    at: item.at,
    ...(item.replaces !== undefined ? { replaces: item.replaces } : {}),
    ...(item.replacedBy !== undefined ? { replacedBy: item.replacedBy } : {}),
  }
}
