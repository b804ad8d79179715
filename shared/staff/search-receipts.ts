import * as z from 'zod'
import { parisCalendarDate } from '../domain/paris-time.js'
import type { ReceiptRecord } from '../domain/records.js'
import {
  receiptNumberByPayment,
  receiptNumbersByEmail,
  receiptNumbersByNamePrefix,
  receiptNumbersByOrder,
  receiptsByNumbers,
  receiptsByYear,
} from '../store/receipt-queries.js'
import { normalizeForSearch, receiptSearchTokens } from '../store/search-tokens.js'
import { openPageCursor, signPageCursor } from './page-cursor.js'
import { type ReceiptSummary, summarise } from './receipt-summary.js'
import type { StaffDeps } from './staff-deps.js'

export const ReceiptSearchSchema = z.object({
  q: z.string().trim().max(200).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(['issued', 'cancelled', 'replaced']).optional(),
  delivery: z.enum(['pending', 'sending', 'sent', 'failed', 'not-sent']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
})
export type ReceiptSearch = z.infer<typeof ReceiptSearchSchema>

export interface ReceiptSearchResult {
  matchedBy: 'number' | 'email' | 'helloasso-id' | 'name' | 'year'
  items: ReceiptSummary[]
  cursor?: string
}

/**
 * One search box: a receipt number ("2026-42" or "2026-00042"), an email, a HelloAsso order or
 * payment id, or the start of a payer's, company's or member's name (accents and case ignored).
 * Without `q`, the year's receipts, newest first, page by page.
 */
export async function searchReceipts(
  deps: StaffDeps,
  search: ReceiptSearch,
  /** Signs the listing's cursor (the staff session key). */
  cursorKey: string,
): Promise<ReceiptSearchResult> {
  const q = search.q ?? ''
  const found = await findByQuery(deps, q, search.limit)
  if (!found) {
    const scope = {
      orgId: deps.table.orgId,
      year: search.year ?? parisCalendarDate(deps.now()).year,
    }
    const after = search.cursor ? openPageCursor(cursorKey, scope, search.cursor) : undefined
    const page = await receiptsByYear(deps.table, scope.year, search.limit, after)
    return {
      matchedBy: 'year',
      items: filtered(page.items, search).map(summarise),
      ...(page.cursor ? { cursor: signPageCursor(cursorKey, scope, page.cursor) } : {}),
    }
  }
  return {
    matchedBy: found.matchedBy,
    items: filtered(found.receipts, search).slice(0, search.limit).map(summarise),
  }
}

async function findByQuery(
  deps: StaffDeps,
  q: string,
  limit: number,
): Promise<{ matchedBy: ReceiptSearchResult['matchedBy']; receipts: ReceiptRecord[] } | undefined> {
  const number = /^(\d{4})-(\d{1,6})$/.exec(q)
  if (number) {
    const padded = `${number[1]}-${(number[2] as string).padStart(5, '0')}`
    return {
      matchedBy: 'number',
      receipts: await receiptsByNumbers(deps.table, [padded], 'summary'),
    }
  }
  if (q.includes('@')) {
    return {
      matchedBy: 'email',
      receipts: await receiptsByNumbers(
        deps.table,
        await receiptNumbersByEmail(deps.table, q.toLowerCase(), limit),
      ),
    }
  }
  if (/^\d{3,12}$/.test(q)) {
    const id = Number(q)
    const [byPayment, byOrder] = await Promise.all([
      receiptNumberByPayment(deps.table, id),
      receiptNumbersByOrder(deps.table, id),
    ])
    const numbers = [...new Set([...(byPayment ? [byPayment] : []), ...byOrder])]
    return {
      matchedBy: 'helloasso-id',
      receipts: await receiptsByNumbers(deps.table, numbers, 'summary'),
    }
  }
  const words = normalizeForSearch(q).split(' ').filter(Boolean)
  if (words.length === 0) return undefined
  return { matchedBy: 'name', receipts: await byName(deps, words, limit) }
}

/** Queries on the longest word (the most selective), then keeps receipts matching every word. */
async function byName(deps: StaffDeps, words: string[], limit: number): Promise<ReceiptRecord[]> {
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a))
  // One word needs no filtering after the query; more words may discard some, so read more.
  const numbers = await receiptNumbersByNamePrefix(
    deps.table,
    longest,
    words.length === 1 ? limit : limit * 4,
  )
  const receipts = await receiptsByNumbers(deps.table, numbers.sort().reverse(), 'summary')
  return receipts.filter((receipt) => {
    const tokens = receiptSearchTokens(receipt)
    return words.every((word) => tokens.some((token) => token.startsWith(word)))
  })
}

function filtered(receipts: ReceiptRecord[], search: ReceiptSearch): ReceiptRecord[] {
  return receipts.filter(
    (r) =>
      (!search.year || r.year === search.year) &&
      (!search.status || r.status === search.status) &&
      (!search.delivery || r.delivery.status === search.delivery),
  )
}
