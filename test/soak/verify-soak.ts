import type { ReceiptRecord } from '../../shared/domain/records.js'
import { percentile } from '../bench/load.js'
import type { OutboxMail } from './read-outbox.js'
import type { SoakData } from './read-soak-data.js'
import type { Sale } from './soak-sales.js'

/** What happened during the run, as the senders, the killer and the stand-in saw it. */
export interface SoakRun {
  sales: Sale[]
  /** Per sale: when its first acknowledged post started (ms since the epoch). */
  firstAck: (number | undefined)[]
  /** Per sale: a refund notification for it was acknowledged. */
  refunded: boolean[]
  posts: { planned: number; attempts: number; acked: number; gaveUp: number }
  /** When the first notification was posted (ms since the epoch). */
  startedAt: number
  kills: number
  restarts: { healthy: boolean; downMs: number }[]
  helloAsso: { requests: number; errors5xx: number; timeouts: number }
  /** Starts that failed and were tried again (DynamoDB Local too slow to answer on a busy machine). */
  failedStarts: number
  quiet: boolean
  wallMs: number
}

export interface SoakRow {
  figure: string
  value: string
  /** 'ok' or 'FAIL' for an invariant, '' for a figure. */
  check: '' | 'ok' | 'FAIL'
}

export interface SoakReport {
  rows: SoakRow[]
  /** The invariants that failed, by name; empty when the soak passed. */
  failures: string[]
  /** A few examples per failure (payment ids, receipt numbers), to reproduce; then notes. */
  details: string[]
  figures: {
    acknowledged: number
    receipts: number
    duplicates: number
    missing: number
    gaps: number
    refunds: number
    cancellationMails: number
    /**
     * Second copies of a message: files of a sending already written (its worker was killed
     * before recording it, and the retry wrote it again). Counted with the duplicates: the
     * donor would receive both.
     */
    writtenAgain: number
    /** Cancellation notices written before the receipt email they cancel. */
    noticesFirst: number
    healthyRestarts: number
    receiptsPerSecond: number
    p50Ms: number
    p99Ms: number
  }
}

const INJECTED_MAIL_FAULT = 'injected outbox fault'

/** Checks the promises of the product against the outbox and the data after a soak run. */
export function verifySoak(run: SoakRun, data: SoakData, mails: OutboxMail[]): SoakReport {
  const receiptsOf = groupBy(data.receipts, (receipt) => receipt.paymentId)
  const byNumber = new Map(data.receipts.map((receipt) => [receipt.number, receipt]))
  const receiptMails = mails.filter((mail) => mail.kind === 'receipt')
  const cancellationMails = mails.filter((mail) => mail.kind === 'cancellation')
  const mailsOf = (list: OutboxMail[]) =>
    groupBy(list, (mail) => byNumber.get(mail.number ?? '')?.paymentId ?? -1)
  const receiptMailsOf = mailsOf(receiptMails)
  const cancellationMailsOf = mailsOf(cancellationMails)

  const failures = new Map<string, string[]>()
  const fail = (invariant: string, example: string) => {
    const examples = failures.get(invariant) ?? []
    examples.push(example)
    failures.set(invariant, examples)
  }
  const latencies: number[] = []
  let acknowledged = 0
  let refunds = 0
  let lastMailAt = run.startedAt
  for (const sale of run.sales) {
    const ackedAt = run.firstAck[sale.index]
    if (ackedAt === undefined) continue
    acknowledged++
    const receipts = receiptsOf.get(sale.paymentId) ?? []
    const live = receipts.filter((receipt) => receipt.status === 'issued')
    const sent = receiptMailsOf.get(sale.paymentId) ?? []
    const where = `payment ${sale.paymentId} (order ${sale.order.id}, receipts ${receipts.map((r) => `${r.number}:${r.status}`).join(',') || 'none'}, receipt mails ${sent.length})`
    // Every file counts: a second copy of one sending reaches the donor as surely as a second sending.
    if (receipts.length > 1 || live.length > 1 || sent.length > 1) fail('duplicates', where)
    if (run.refunded[sale.index]) {
      refunds++
      if (live.length > 0) fail('refunded receipts still live', where)
      const notices = cancellationMailsOf.get(sale.paymentId) ?? []
      if (notices.length !== 1)
        fail('one cancellation mail per refund', `${where}, notices ${notices.length}`)
      const noticeAt = Math.min(...notices.map((mail) => mail.writtenAt))
      if (sent.some((mail) => mail.writtenAt > noticeAt))
        fail('cancellation notice after its receipt', `${where}, notice ${notices[0]?.file}`)
    } else if (live.length === 0 || sent.length === 0) {
      fail('missing (lost)', where)
    }
    const first = sent.map((mail) => mail.writtenAt).sort((a, b) => a - b)[0]
    if (first !== undefined) {
      latencies.push(first - ackedAt)
      lastMailAt = Math.max(lastMailAt, first)
    }
  }
  for (const mail of mails) {
    const receipt = byNumber.get(mail.number ?? '')
    if (!receipt || mail.to !== receipt.payerEmail.toLowerCase()) {
      fail('misaddressed or unknown mails', `${mail.file} → ${receipt?.number ?? 'no receipt'}`)
    }
  }
  const gaps = seriesGaps(data.receipts, data.counter)
  for (const gap of gaps) fail('gaps in the series', gap)
  if (cancellationMails.length !== refunds) {
    fail(
      'one cancellation mail per refund',
      `${cancellationMails.length} cancellation mails for ${refunds} refunds`,
    )
  }
  const writtenAgain = mails.length - sendings(mails)
  if (writtenAgain > 0) fail('duplicates', `${writtenAgain} message(s) written again (one sendId)`)
  const healthy = run.restarts.filter((restart) => restart.healthy).length
  if (healthy !== run.kills) fail('healthy after each kill', `${healthy} of ${run.kills}`)
  if (!run.quiet || data.pending > 0)
    fail('quiet at the end', `${data.pending} pending: ${data.pendingWork.slice(0, 5).join(', ')}`)

  const count = (invariant: string) => new Set(failures.get(invariant) ?? []).size
  const check = (invariant: string): SoakRow['check'] => (failures.has(invariant) ? 'FAIL' : 'ok')
  // A figure, not an invariant: a send that took its lease before the cancellation can still end
  // after it (its notice then waits for it). Many of them mean deliveries do not check the
  // receipt's status (issue 10, point 1).
  const mailedAfterCancel = receiptMails.filter((mail) => {
    const at = byNumber.get(mail.number ?? '')?.cancellation?.at
    return at !== undefined && mail.writtenAt > Date.parse(at)
  })
  const seconds = Math.max(lastMailAt - run.startedAt, 1) / 1000
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  const figures = {
    acknowledged,
    receipts: data.receipts.length,
    duplicates: count('duplicates'),
    missing: count('missing (lost)'),
    gaps: gaps.length,
    refunds,
    cancellationMails: cancellationMails.length,
    writtenAgain,
    noticesFirst: count('cancellation notice after its receipt'),
    healthyRestarts: healthy,
    receiptsPerSecond: latencies.length / seconds,
    p50Ms: p50,
    p99Ms: p99,
  }
  const status = (wanted: ReceiptRecord['status']) =>
    data.receipts.filter((receipt) => receipt.status === wanted).length
  const rows: SoakRow[] = [
    row('sales (distinct paid orders)', run.sales.length),
    row(
      'notifications: planned / HTTP attempts / 2xx / given up',
      `${run.posts.planned} / ${run.posts.attempts} / ${run.posts.acked} / ${run.posts.gaveUp}`,
    ),
    row('acknowledged sales', acknowledged),
    row(
      'receipts: issued / cancelled / replaced',
      `${status('issued')} / ${status('cancelled')} / ${status('replaced')}`,
    ),
    row('receipt mails (files / sendings)', `${receiptMails.length} / ${sendings(receiptMails)}`),
    row(
      'same message written again after a kill (one sendId)',
      figures.writtenAgain,
      figures.writtenAgain > 0 ? 'FAIL' : 'ok',
    ),
    row('duplicates (second copies included)', figures.duplicates, check('duplicates')),
    row('missing (lost)', figures.missing, check('missing (lost)')),
    row(
      'gaps in the series',
      `${gaps.length} (counter ${data.counter})`,
      check('gaps in the series'),
    ),
    row(
      'refunds: planned / posted / cancellation sendings',
      `${run.sales.filter((sale) => sale.refund).length} / ${refunds} / ${cancellationMails.length}`,
      check('one cancellation mail per refund'),
    ),
    row(
      'cancellation notices written before their receipt',
      figures.noticesFirst,
      check('cancellation notice after its receipt'),
    ),
    row(
      'refunded receipts still live',
      count('refunded receipts still live'),
      check('refunded receipts still live'),
    ),
    row(
      'misaddressed or unknown mails',
      count('misaddressed or unknown mails'),
      check('misaddressed or unknown mails'),
    ),
    row('kills / healthy restarts', `${run.kills} / ${healthy}`, check('healthy after each kill')),
    row('pending work at the end', data.pending, check('quiet at the end')),
    row('receipt mails written after their cancellation', mailedAfterCancel.length),
    row(
      'HelloAsso faults served: 5xx / timeouts (of requests)',
      `${run.helloAsso.errors5xx} / ${run.helloAsso.timeouts} (${run.helloAsso.requests})`,
    ),
    row('outbox faults injected', injectedMailFaults(data.receipts)),
    row('dead letters / open review items', `${data.deadLetters} / ${data.openReviews}`),
    row('throughput (receipts mailed per second)', figures.receiptsPerSecond.toFixed(1)),
    row('end to end p50 / p99 (post → .eml)', `${ms(p50)} / ${ms(p99)}`),
    row('restart: down p50 / max', restartFigure(run.restarts)),
    row('starts that failed and were retried', run.failedStarts),
    row('wall time', ms(run.wallMs)),
  ]
  return {
    rows,
    failures: [...failures.keys()],
    details: [
      ...[...failures].flatMap(([invariant, examples]) =>
        examples.slice(0, 10).map((example) => `${invariant}: ${example}`),
      ),
      ...mailedAfterCancel
        .slice(0, 10)
        .map((mail) => `note: receipt mail written after its cancellation: ${mail.file}`),
    ],
    figures,
  }
}

/**
 * Distinct sendings among mails. A sending retried after its worker died between the mail
 * server taking the message and the record must find that message and not write it again;
 * fewer sendings than files means it did (the same Message-ID written twice).
 */
function sendings(mails: OutboxMail[]): number {
  return new Set(mails.map((mail) => `${mail.number}.${mail.kind}.${mail.sendId ?? mail.file}`))
    .size
}

/** Every number from 1 to the counter issued exactly once, none beyond it. */
function seriesGaps(receipts: ReceiptRecord[], counter: number): string[] {
  const seen = new Map<number, number>()
  for (const receipt of receipts) seen.set(receipt.sequence, (seen.get(receipt.sequence) ?? 0) + 1)
  const problems: string[] = []
  for (let sequence = 1; sequence <= counter; sequence++) {
    const times = seen.get(sequence) ?? 0
    if (times !== 1) problems.push(`sequence ${sequence} issued ${times} times`)
  }
  for (const sequence of seen.keys()) {
    if (sequence > counter) problems.push(`sequence ${sequence} beyond the counter ${counter}`)
  }
  return problems
}

function injectedMailFaults(receipts: ReceiptRecord[]): number {
  return receipts
    .flatMap((receipt) => receipt.history)
    .filter((event) => event.detail?.includes(INJECTED_MAIL_FAULT)).length
}

function restartFigure(restarts: SoakRun['restarts']): string {
  if (restarts.length === 0) return '–'
  const down = restarts.map((restart) => restart.downMs)
  return `${ms(percentile(down, 50))} / ${ms(Math.max(...down))}`
}

function row(figure: string, value: string | number, check: SoakRow['check'] = ''): SoakRow {
  return { figure, value: String(value), check }
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '–'
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}
