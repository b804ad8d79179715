import type { Random } from './soak-sales.js'

export const SOAK_SECRET = 'soak-secret'
const REQUEST_TIMEOUT_MS = 15_000
const GIVE_UP_AFTER_MS = 15 * 60_000

export interface PostCounters {
  attempts: number
  acked: number
  gaveUp: number
}

/**
 * Posts one notification the way HelloAsso does: again and again, with backoff, until a 2xx
 * (a refused connection while the server is down, a 503, a timeout all mean "retry"). Returns
 * when the post that got the 2xx started, or undefined if it gave up.
 */
export async function postUntilAcknowledged(
  serverUrl: () => string,
  body: string,
  run: { counters: PostCounters; readonly stopped: boolean },
  random: Random,
): Promise<number | undefined> {
  const giveUpAt = Date.now() + GIVE_UP_AFTER_MS
  for (let attempt = 0; ; attempt++) {
    const startedAt = Date.now()
    run.counters.attempts++
    try {
      const response = await fetch(`${serverUrl()}/webhooks/helloasso/${SOAK_SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      await response.arrayBuffer()
      if (response.ok) {
        run.counters.acked++
        return startedAt
      }
    } catch {
      // Down (killed, restarting) or too slow: HelloAsso would retry too.
    }
    if (Date.now() > giveUpAt || run.stopped) {
      run.counters.gaveUp++
      return undefined
    }
    const backoff = Math.min(100 * 2 ** attempt, 2_000)
    await new Promise((resolve) => setTimeout(resolve, backoff / 2 + (backoff / 2) * random()))
  }
}

/** Runs `work` over `items` with `concurrency` workers pulling the next item. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
