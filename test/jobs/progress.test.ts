import { describe, expect, it } from 'vitest'
import { createProgress } from '../../shared/jobs/progress.js'

function output(isTTY: boolean) {
  const writes: string[] = []
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } }
}

describe('job progress', () => {
  it('on a terminal: one bar redrawn in place, with counts, rate and time left', () => {
    let now = 0
    const { writes, stream } = output(true)
    const progress = createProgress('regenerate 2025', stream, () => now)
    progress.start(10_000, 0)
    now = 2_000
    progress.advance(2_000)
    expect(writes.at(-1)).toBe(
      '\r[######------------------------] regenerate 2025 : 2 000/10 000 (20 %), 1000/s, reste 8 s\u001b[K',
    )
    now = 10_000
    progress.advance(8_000)
    progress.finish()
    expect(writes.at(-1)).toContain('10 000/10 000 (100 %)')
    expect(writes.at(-1)).toContain('fini en 10 s')
    expect(writes.at(-1)?.endsWith('\n')).toBe(true)
  })

  it('in a log: plain lines, at most one every 5 s, and the last one', () => {
    let now = 0
    const { writes, stream } = output(false)
    const progress = createProgress('declaration 2025', stream, () => now)
    progress.start(300, 0)
    for (let i = 1; i <= 3; i++) {
      now = i * 1_000
      progress.advance(50)
    }
    now = 6_000
    progress.advance(50)
    now = 7_000
    progress.advance(100)
    progress.finish()
    expect(writes).toEqual([
      'declaration 2025 : 0/300 (0 %), 0/s, reste –\n',
      'declaration 2025 : 200/300 (66 %), 33/s, reste 3 s\n',
      'declaration 2025 : 300/300 (100 %), 43/s, fini en 7 s\n',
    ])
  })

  it('a resumed run says how much was done before and rates only its own items', () => {
    let now = 0
    const { writes, stream } = output(false)
    const progress = createProgress('annual 2025', stream, () => now)
    progress.start(1_000, 600)
    now = 5_000
    progress.advance(100)
    expect(writes[0]).toBe('annual 2025 : reprise, 600 déjà faits\n')
    expect(writes.at(-1)).toBe('annual 2025 : 700/1 000 (70 %), 20/s, reste 15 s\n')
  })
})
