import { describe, expect, it } from 'vitest'
import { useTestRuntime } from '../../support/flow-harness.js'
import { seedReceipts } from '../../support/seed-receipts.js'
import { STAFF_TEST_TOKEN } from '../../support/test-runtime.js'

/**
 * Issue 10, 8e: the year listing's cursor is ours, signed, and can only continue the listing
 * it came from; anything else is a 400 with a French message, never a DynamoDB start key.
 */
const t = useTestRuntime()
const MANAGER = { authorization: `Bearer ${STAFF_TEST_TOKEN}` }

const page = (query: string) =>
  t.runtime.app.request(`/staff/api/receipts?${query}`, { headers: MANAGER })

async function json(response: Response) {
  return (await response.json()) as { items: { number: string }[]; cursor?: string; error?: string }
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('the pagination cursor of the receipts listing', () => {
  it('pages through the year with the cursor it gives', async () => {
    await seedReceipts(t.runtime.table, { year: 2025, count: 3 })
    const first = await json(await page('year=2025&limit=2'))
    expect(first.items.map((r) => r.number)).toEqual(['2025-00003', '2025-00002'])
    expect(first.cursor).toBeDefined()
    const second = await json(
      await page(`year=2025&limit=2&cursor=${encodeURIComponent(first.cursor ?? '')}`),
    )
    expect(second.items.map((r) => r.number)).toEqual(['2025-00001'])
  })

  it('refuses a forged start key aimed at another organisation’s partition', async () => {
    await seedReceipts(t.runtime.table, { year: 2025, count: 3 })
    const forged = encode({
      pk: 'ORG#une-autre-asso#RECEIPT#2025-00009',
      sk: 'RECEIPT',
      gsi1pk: 'ORG#une-autre-asso#RECEIPTS#2025',
      gsi1sk: '2025-00009',
    })
    const response = await page(`year=2025&limit=2&cursor=${forged}`)
    expect(response.status).toBe(400)
    expect((await json(response)).error).toMatch(/curseur de pagination/i)
  })

  it('refuses a cursor altered by one character, and one from another year’s listing', async () => {
    await seedReceipts(t.runtime.table, { year: 2025, count: 3 })
    const { cursor = '' } = await json(await page('year=2025&limit=1'))
    const altered = `${cursor.slice(0, 3)}${cursor[3] === 'A' ? 'B' : 'A'}${cursor.slice(4)}`
    expect((await page(`year=2025&limit=1&cursor=${encodeURIComponent(altered)}`)).status).toBe(400)
    expect((await page(`year=2024&limit=1&cursor=${encodeURIComponent(cursor)}`)).status).toBe(400)
  })
})
