import { describe, expect, it } from 'vitest'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { createJobChunkHandler } from '../../shared/jobs/job-chunk-handler.js'
import type { JobChunkMessage } from '../../shared/jobs/job-chunk-message.js'
import { silentLogger } from '../../shared/log.js'
import { latestRun } from '../../shared/store/job-run-store.js'
import { useTestRuntime } from '../support/flow-harness.js'
import { seedReceipts } from '../support/seed-receipts.js'

/**
 * The AWS runner without AWS: the scheduled function's `start` plans the run and hands out
 * chunk messages; the worker's SQS handler works them. SQS delivers at least once, so a chunk
 * may arrive twice: it must count once.
 */
const t = useTestRuntime()

function startDeps() {
  const sent: { lane: string; message: JobChunkMessage }[] = []
  return {
    sent,
    deps: {
      jobs: t.runtime.jobs,
      lookbackDays: 62,
      sendChunks: async (lane: 'parallel' | 'serial', messages: JobChunkMessage[]) => {
        for (const message of messages) sent.push({ lane, message })
      },
    },
  }
}

function sqsEvent(messages: JobChunkMessage[]) {
  return {
    Records: messages.map((message, i) => ({ messageId: `m${i}`, body: JSON.stringify(message) })),
  }
}

describe('jobs fanned out over a queue (AWS runner)', () => {
  it('start plans chunks; workers finish the run with each chunk counted once, duplicates included', async () => {
    await seedReceipts(t.runtime.table, { year: 2025, count: 450 })
    const { sent, deps } = startDeps()
    const summary = await runScheduledCommand(deps, {
      command: 'start',
      job: 'regenerate',
      year: 2025,
    })
    expect(summary).toMatchObject({ job: 'regenerate', run: 1, chunks: 3 })
    expect(sent.map((s) => s.lane)).toEqual(['parallel', 'parallel', 'parallel'])
    const worker = createJobChunkHandler(t.runtime.jobs, silentLogger)
    const messages = sent.map((s) => s.message)
    const [first] = messages
    if (!first) throw new Error('no chunk')
    // The first chunk is delivered, then delivered again with the rest.
    expect(await worker(sqsEvent([first]))).toEqual({ batchItemFailures: [] })
    expect(await worker(sqsEvent([first, ...messages.slice(1)]))).toEqual({
      batchItemFailures: [],
    })
    const run = await latestRun(t.runtime.table, 'regenerate', '2025')
    expect(run).toMatchObject({ status: 'done', doneItems: 450, doneChunks: 3 })
    expect(run?.counts).toEqual({ written: 450, 'never-sent': 450 })
  })

  it('starting again while a run is unfinished re-sends only the chunks not recorded', async () => {
    await seedReceipts(t.runtime.table, { year: 2025, count: 450 })
    const first = startDeps()
    await runScheduledCommand(first.deps, { command: 'start', job: 'regenerate', year: 2025 })
    const worker = createJobChunkHandler(t.runtime.jobs, silentLogger)
    await worker(sqsEvent([first.sent[0]?.message as JobChunkMessage]))
    const again = startDeps()
    const summary = await runScheduledCommand(again.deps, {
      command: 'start',
      job: 'regenerate',
      year: 2025,
    })
    expect(summary).toMatchObject({ run: 1, chunks: 2 })
    await worker(sqsEvent(again.sent.map((s) => s.message)))
    expect(await latestRun(t.runtime.table, 'regenerate', '2025')).toMatchObject({
      status: 'done',
      doneItems: 450,
    })
  })

  it('the annual job takes the serial lane (it allocates receipt numbers)', async () => {
    const { sent, deps } = startDeps()
    await runScheduledCommand(deps, { command: 'confirm-tax-rules', year: 2025, by: 'Camille' })
    const summary = await runScheduledCommand(deps, { command: 'start', job: 'annual', year: 2025 })
    expect(summary).toMatchObject({ job: 'annual', chunks: 0 })
    expect(sent).toEqual([])
    expect(await latestRun(t.runtime.table, 'annual', '2025')).toMatchObject({ status: 'done' })
  })

  it('annual is refused for a tax year not over yet (Europe/Paris), before any run exists', async () => {
    const { sent, deps } = startDeps()
    const thisYear = Number(
      new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', year: 'numeric' }).format(
        new Date(),
      ),
    )
    await expect(
      runScheduledCommand(deps, { command: 'start', job: 'annual', year: thisYear }),
    ).rejects.toMatchObject({ code: 'input.invalid' })
    expect(sent).toEqual([])
    expect(await latestRun(t.runtime.table, 'annual', String(thisYear))).toBeUndefined()
  })

  it('a bad command is refused before anything runs; a foreign or unreadable chunk is dropped', async () => {
    const { deps } = startDeps()
    await expect(
      runScheduledCommand(deps, { command: 'start', job: 'regenerate', year: 'last' }),
    ).rejects.toMatchObject({ code: 'input.invalid' })
    await expect(runScheduledCommand(deps, { command: 'delete-all' })).rejects.toMatchObject({
      code: 'input.invalid',
    })
    expect(await latestRun(t.runtime.table, 'regenerate', '2025')).toBeUndefined()
    const worker = createJobChunkHandler(t.runtime.jobs, silentLogger)
    const foreign = {
      type: 'job-chunk',
      orgId: 'another-association',
      kind: 'regenerate',
      params: { year: 2025 },
      paramsKey: '2025',
      run: 1,
      chunkCount: 1,
      chunk: { id: '1', size: 1, first: '1', last: '1' },
    }
    const event = {
      Records: [
        { messageId: 'a', body: JSON.stringify(foreign) },
        { messageId: 'b', body: 'not json' },
      ],
    }
    expect(await worker(event)).toEqual({ batchItemFailures: [] })
    expect(await latestRun(t.runtime.table, 'regenerate', '2025')).toBeUndefined()
  })
})
