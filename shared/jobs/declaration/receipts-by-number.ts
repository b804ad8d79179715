import type { LedgerLine } from '../../store/ledger-lines.js'
import type { KeyedReceipt } from '../../store/receipts-by-key.js'
import { seriesNumbers } from './series-numbers.js'

/** Everything known about one number: allocated by the counter, its record, its register lines. */
export interface NumberGroup<R> {
  number: string
  /** Within 1..counter. */
  inSeries: boolean
  receipt?: R
  lines: LedgerLine[]
}

/**
 * Merges three streams sorted by number (the series 1..counter, the receipt records, the
 * register lines) into one group per number, so a whole year is checked while holding one
 * number at a time. All three are in DynamoDB's text order; JavaScript compares ASCII the same.
 */
export async function* receiptsByNumber<R>(
  year: number,
  counter: number,
  receipts: AsyncIterable<KeyedReceipt<R>>,
  lines: AsyncIterable<LedgerLine>,
): AsyncGenerator<NumberGroup<R>> {
  const series = peekable(seriesNumbers(year, counter))
  const records = peekable(receipts[Symbol.asyncIterator]())
  const ledger = peekable(lines[Symbol.asyncIterator]())
  for (;;) {
    const heads = [
      await series.peek(),
      (await records.peek())?.number,
      (await ledger.peek())?.number,
    ].filter((head): head is string => head !== undefined)
    // Default sort compares UTF-16 code units: for ASCII keys, DynamoDB's byte order.
    const [number] = heads.sort()
    if (number === undefined) return
    const inSeries = (await series.peek()) === number
    if (inSeries) await series.take()
    // Keys are unique, so at most one record per number.
    const receipt = (await records.peek())?.number === number ? await records.take() : undefined
    const group: NumberGroup<R> = { number, inSeries, lines: [] }
    if (receipt) group.receipt = receipt.record
    while ((await ledger.peek())?.number === number)
      group.lines.push((await ledger.take()) as LedgerLine)
    yield group
  }
}

interface Peekable<T> {
  peek(): Promise<T | undefined>
  take(): Promise<T | undefined>
}

function peekable<T>(source: Iterator<T> | AsyncIterator<T>): Peekable<T> {
  let head: { value: T | undefined } | undefined
  const peek = async () => {
    if (!head) {
      const next = await source.next()
      head = { value: next.done ? undefined : next.value }
    }
    return head.value
  }
  return {
    peek,
    async take() {
      const value = await peek()
      head = undefined
      return value
    },
  }
}
