import { beforeEach, describe, expect, it } from 'vitest'
import { createFakeHelloAsso } from '../../functions/demo/fake-helloasso.js'
import { AppError } from '../../shared/errors.js'
import type { HelloAssoClient, OrderListPage } from '../../shared/helloasso/helloasso-client.js'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import type { Order } from '../../shared/helloasso/schemas.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { setupMswServer } from '../support/msw-server.js'
import { withIds } from '../support/order-variants.js'
import { TEST_ORG_SLUG } from '../support/test-association-config.js'

const API_URL = 'https://api.helloasso.test/v5'
const TOKEN_URL = 'https://api.helloasso.test/oauth2/token'

const fake = createFakeHelloAsso({ apiUrl: API_URL, tokenUrl: TOKEN_URL })
const server = setupMswServer(...fake.handlers)
const base = orderFromNotification(loadFixture('01_order_membership_individual_50eur_with_tip'))

/** Copy `n` of order 01, placed (and paid) on `date`. */
function orderOn(n: number, date: string, formType = 'Membership'): Order {
  const order = withIds(base, 158_300_000 + n, 1_000_000 + n, 1_000_000 + n)
  return { ...order, date, formType, payments: order.payments.map((p) => ({ ...p, date })) }
}

const QUERY = {
  organizationSlug: TEST_ORG_SLUG,
  from: '2025-08-31T22:00:00.000Z',
  to: '2025-11-01T00:00:00.000Z',
  formTypes: ['Membership', 'Donation'],
}

function client(): HelloAssoClient {
  return createHttpHelloAssoClient({
    apiUrl: API_URL,
    tokenUrl: TOKEN_URL,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  })
}

async function listAll(api = client()): Promise<OrderListPage[]> {
  const pages: OrderListPage[] = []
  for await (const page of api.listOrders(QUERY)) pages.push(page)
  return pages
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(AppError)
  // Whatever went wrong, the message never carries the payer's data.
  expect((error as AppError).message).not.toMatch(/Arnaud|Camille|@example/)
  return error as AppError
}

const idsOf = (pages: OrderListPage[]) => pages.flatMap((page) => page.orders.map((o) => o.id))

beforeEach(() => {
  fake.reset()
  for (let n = 1; n <= 5; n++) fake.putOrder(orderOn(n, `2025-09-0${n}T10:00:00+02:00`))
})

describe('HelloAssoClient.listOrders over HTTP', () => {
  it('asks for the documented query, then follows the continuation token', async () => {
    fake.setOrderListBehaviour({ maxPageSize: 3 })
    const urls: URL[] = []
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/orders?')) urls.push(new URL(request.url))
    })

    const pages = await listAll()

    server.events.removeAllListeners()
    expect(idsOf(pages)).toHaveLength(5)
    expect(urls).toHaveLength(2)
    const [first, second] = urls as [URL, URL]
    expect(first.pathname).toBe(`/v5/organizations/${TEST_ORG_SLUG}/orders`)
    expect(Object.fromEntries(first.searchParams)).toMatchObject({
      from: QUERY.from,
      to: QUERY.to,
      withDetails: 'true',
      pageSize: '100',
      sortOrder: 'Asc',
    })
    expect(first.searchParams.getAll('formTypes')).toEqual(['Membership', 'Donation'])
    expect(first.searchParams.has('continuationToken')).toBe(false)
    expect(second.searchParams.get('continuationToken')).toBeTruthy()
  })

  it('reads every page when the totals lie and the last page is empty with a token', async () => {
    fake.setOrderListBehaviour({ maxPageSize: 2, lyingTotals: true, emptyLastPageWithToken: true })

    const pages = await listAll()

    expect(idsOf(pages)).toEqual([158300001, 158300002, 158300003, 158300004, 158300005])
    // Three pages with data, then the empty one that ends the walk; nothing after it.
    expect(fake.calls.orderLists).toBe(4)
    expect(pages).toHaveLength(3)
  })

  it('keeps to the window (from inclusive, to exclusive) and the form types asked', async () => {
    fake.putOrder(orderOn(6, '2025-11-01T01:00:00+01:00'))
    fake.putOrder(orderOn(7, '2025-09-10T10:00:00+02:00', 'Event'))

    expect(idsOf(await listAll())).toEqual([158300001, 158300002, 158300003, 158300004, 158300005])
  })

  it('stops with an error naming the cause when the token does not advance', async () => {
    fake.setOrderListBehaviour({ maxPageSize: 2, stuckToken: true })

    const error = await failure(listAll())

    expect(error.code).toBe('helloasso.invalidResponse')
    expect(error.message).toContain('continuation token it had already given')
    expect(fake.calls.orderLists).toBe(2)
  })

  it('maps a 5xx on a later page to the transient helloasso.unavailable', async () => {
    fake.setOrderListBehaviour({ maxPageSize: 2 })
    fake.failListPage(2, 'status503')

    const error = await failure(listAll())

    expect(error.code).toBe('helloasso.unavailable')
    expect(error.transient).toBe(true)
    expect(error.message).toContain(`/organizations/${TEST_ORG_SLUG}/orders`)
  })

  it('retries a page once with a fresh token when the token was revoked mid-walk', async () => {
    fake.setOrderListBehaviour({ maxPageSize: 2 })
    const api = client()
    const pages: OrderListPage[] = []
    for await (const page of api.listOrders(QUERY)) {
      pages.push(page)
      fake.expireTokens()
    }

    expect(idsOf(pages)).toHaveLength(5)
    expect(fake.calls.grants.length).toBeGreaterThanOrEqual(3)
  })

  it('maps 403 to helloasso.unauthorized with what to fix', async () => {
    fake.failNext(1, 'status403')

    const error = await failure(listAll())

    expect(error.code).toBe('helloasso.unauthorized')
    expect(error.message).toContain('AccessTransactions')
  })

  it('sets a malformed order apart, by id and field paths, and keeps the rest of the page', async () => {
    const broken = orderOn(2, '2025-09-02T10:00:00+02:00') as unknown as Record<string, unknown>
    broken.payments = [{ ...base.payments[0], id: 149_999_999, amount: '50.00' }]
    fake.putOrder(broken as unknown as Order)

    const pages = await listAll()

    expect(idsOf(pages)).toEqual([158300001, 158300003, 158300004, 158300005])
    const unreadable = pages.flatMap((page) => page.unreadable)
    expect(unreadable).toEqual([{ orderId: 158300002, issues: 'payments.0.amount (invalid_type)' }])
  })
})
