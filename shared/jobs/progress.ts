/** Progress of a long job: a bar on a terminal, plain lines in a log. */
export interface Progress {
  start(total: number, alreadyDone: number): void
  advance(items: number): void
  finish(): void
}

export const silentProgress: Progress = { start() {}, advance() {}, finish() {} }

interface ProgressOutput {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

const BAR_WIDTH = 30
const LOG_EVERY_MS = 5_000

/**
 * Counts, rate and ETA. The rate counts only this session's items, so a resumed run does not
 * claim the speed of work done before it stopped.
 */
export function createProgress(
  label: string,
  output: ProgressOutput = process.stderr,
  now: () => number = Date.now,
): Progress {
  let total = 0
  let done = 0
  let startedAt = 0
  let sessionStart = 0
  let lastLog = 0
  const line = () => describe(label, done, total, rate(), startedAt, now)
  const rate = () => {
    const seconds = (now() - startedAt) / 1000
    return seconds > 0 ? (done - sessionStart) / seconds : 0
  }
  return {
    start(totalItems, alreadyDone) {
      total = totalItems
      done = alreadyDone
      sessionStart = alreadyDone
      startedAt = now()
      lastLog = startedAt
      if (alreadyDone > 0) output.write(`${label} : reprise, ${format(alreadyDone)} déjà faits\n`)
      if (!output.isTTY) output.write(`${line()}\n`)
    },
    advance(items) {
      done += items
      if (output.isTTY) {
        output.write(`\r${bar(done, total)} ${line()}\u001b[K`)
      } else if (now() - lastLog >= LOG_EVERY_MS || done === total) {
        lastLog = now()
        output.write(`${line()}\n`)
      }
    },
    finish() {
      if (output.isTTY) output.write(`\r${bar(done, total)} ${line()}\u001b[K\n`)
    },
  }
}

function describe(
  label: string,
  done: number,
  total: number,
  perSecond: number,
  startedAt: number,
  now: () => number,
): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100
  const left = total - done
  const eta = perSecond > 0 ? `reste ${duration(left / perSecond)}` : 'reste –'
  const elapsed = duration((now() - startedAt) / 1000)
  return `${label} : ${format(done)}/${format(total)} (${percent} %), ${perSecond.toFixed(0)}/s, ${left > 0 ? eta : `fini en ${elapsed}`}`
}

function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${Math.ceil(seconds - minutes * 60)} s`
}

function format(count: number): string {
  return count.toLocaleString('en-US').replace(/,/g, ' ')
}
