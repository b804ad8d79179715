import { describe, expect, it } from 'vitest'
import { receiptNumber } from '../../shared/domain/receipt-number.js'
import { receiptsByNumber } from '../../shared/jobs/declaration/receipts-by-number.js'
import { seriesNumbers } from '../../shared/jobs/declaration/series-numbers.js'
import type { LedgerLine } from '../../shared/store/ledger-lines.js'

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items
}

const line = (number: string, event: string): LedgerLine => ({
  number,
  event,
  amountCents: 5000,
  form: '11580',
  paymentId: 1,
  at: '2026-03-15T09:30:00.000Z',
})

describe('the series walked in the order DynamoDB returns it', () => {
  it('is 1..counter in numeric order up to 99 999, and empty for a year with no receipt', () => {
    expect([...seriesNumbers(2026, 3)]).toEqual(['2026-00001', '2026-00002', '2026-00003'])
    expect([...seriesNumbers(2026, 0)]).toEqual([])
  })

  it('follows text order past 99 999 ("2026-100000" sorts before "2026-10001")', () => {
    const last = 100_120
    const walked = [...seriesNumbers(2026, last)]
    const expected = Array.from({ length: last }, (_, i) => receiptNumber(2026, i + 1)).sort()
    expect(walked).toEqual(expected)
  })
})

describe('receipts, register lines and series merged number by number', () => {
  it('gives one group per number, flags numbers outside the series, keeps every line', async () => {
    const receipts = from(
      ['2026-00001', '2026-00003', '2026-00004'].map((number) => ({ number, record: number })),
    )
    const lines = from([
      line('2026-00001', 'issued'),
      line('2026-00002', 'cancelled'),
      line('2026-00002', 'issued'),
      line('2026-00005', 'issued'),
    ])

    const groups = []
    for await (const group of receiptsByNumber(2026, 3, receipts, lines)) groups.push(group)

    expect(
      groups.map((g) => [g.number, g.inSeries, g.receipt ?? null, g.lines.map((l) => l.event)]),
    ).toEqual([
      ['2026-00001', true, '2026-00001', ['issued']],
      ['2026-00002', true, null, ['cancelled', 'issued']],
      ['2026-00003', true, '2026-00003', []],
      ['2026-00004', false, '2026-00004', []],
      ['2026-00005', false, null, ['issued']],
    ])
  })
})
