import * as z from 'zod/mini'
import type { OrderListPage, OrderListQuery, UnreadableOrder } from './helloasso-client.js'
import { describeIssues, getJson, type ReadContext } from './http-get-json.js'
import { paginateByContinuationToken } from './paginate-by-continuation-token.js'
import { type Order, OrderSchema } from './schemas.js'

/** HelloAsso's largest page; fewer round trips for a year of orders. */
export const ORDER_PAGE_SIZE = 100

/**
 * The page envelope only (OAS `ResultsWithPaginationModel<Order>`): orders are checked one by
 * one afterwards, so one odd order does not cost the whole page. The totals are left out on
 * purpose: they are unreliable (see paginateByContinuationToken).
 */
const OrderPageSchema = z.looseObject({
  data: z.nullish(z.array(z.unknown())),
  pagination: z.nullish(z.looseObject({ continuationToken: z.nullish(z.string()) })),
})

/** `GET /organizations/{slug}/orders`, every page of it. */
export async function* listOrdersOverHttp(
  context: ReadContext,
  query: OrderListQuery,
): AsyncGenerator<OrderListPage, void, undefined> {
  const base = `/organizations/${encodeURIComponent(query.organizationSlug)}/orders`
  const pages = paginateByContinuationToken(async (continuationToken) => {
    const page = await getJson(
      context,
      `${base}?${searchParams(query, continuationToken)}`,
      OrderPageSchema,
    )
    return { data: page.data ?? [], continuationToken: page.pagination?.continuationToken }
  }, `GET ${base}`)
  for await (const entries of pages) yield splitPage(entries)
}

function searchParams(query: OrderListQuery, continuationToken: string | undefined): string {
  const params = new URLSearchParams({ from: query.from, to: query.to })
  for (const formType of query.formTypes) params.append('formTypes', formType)
  params.set('withDetails', 'true')
  params.set('pageSize', String(ORDER_PAGE_SIZE))
  params.set('sortOrder', 'Asc')
  if (continuationToken) params.set('continuationToken', continuationToken)
  return params.toString()
}

/** Readable orders go on; the others are reported by id and issue paths, never dropped silently. */
function splitPage(entries: unknown[]): OrderListPage {
  const orders: Order[] = []
  const unreadable: UnreadableOrder[] = []
  for (const entry of entries) {
    const parsed = OrderSchema.safeParse(entry)
    if (parsed.success) orders.push(parsed.data)
    else unreadable.push({ ...idOf(entry), issues: describeIssues(parsed.error) })
  }
  return { orders, unreadable }
}

function idOf(entry: unknown): { orderId?: number } {
  const id = z.looseObject({ id: z.int().check(z.positive()) }).safeParse(entry)
  return id.success ? { orderId: id.data.id } : {}
}
