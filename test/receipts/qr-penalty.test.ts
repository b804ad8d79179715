import fc from 'fast-check'
import { encode } from 'uqr'
import { describe, expect, it } from 'vitest'
import { packModules, qrPenalty } from '../../shared/receipts/pdf/content/qr-penalty.js'

/**
 * The bit-packed penalty against a plain transcription of Project Nayuki's getPenaltyScore
 * (as uqr ships it): equal on every one of the eight masks, not only on the one that wins, so
 * that no text can ever make the two pick different masks.
 */
function referencePenalty(modules: readonly (readonly boolean[])[]): number {
  const size = modules.length
  const at = (x: number, y: number) => modules[y]?.[x] === true
  let result = 0
  const addHistory = (length: number, history: number[]) => {
    history.pop()
    history.unshift(history[0] === 0 ? length + size : length)
  }
  const countPatterns = (history: readonly number[]) => {
    const [h0 = 0, n = 0, h2, h3, h4, h5, h6 = 0] = history
    const core = n > 0 && h2 === n && h3 === n * 3 && h4 === n && h5 === n
    return (core && h0 >= n * 4 && h6 >= n ? 1 : 0) + (core && h6 >= n * 4 && h0 >= n ? 1 : 0)
  }
  for (const across of [true, false]) {
    for (let line = 0; line < size; line++) {
      let runColour = false
      let run = 0
      const history = [0, 0, 0, 0, 0, 0, 0]
      for (let i = 0; i < size; i++) {
        const colour = across ? at(i, line) : at(line, i)
        if (colour === runColour) {
          run++
          if (run === 5) result += 3
          else if (run > 5) result++
        } else {
          addHistory(run, history)
          if (!runColour) result += countPatterns(history) * 40
          runColour = colour
          run = 1
        }
      }
      if (runColour) {
        addHistory(run, history)
        run = 0
      }
      addHistory(run + size, history)
      result += countPatterns(history) * 40
    }
  }
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0; x < size - 1; x++) {
      const colour = at(x, y)
      if (colour === at(x + 1, y) && colour === at(x, y + 1) && colour === at(x + 1, y + 1))
        result += 3
    }
  }
  const dark = modules.flat().filter(Boolean).length
  const total = size * size
  return result + (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10
}

function penaltyOf(modules: readonly (readonly boolean[])[]): number {
  const size = modules.length
  const dark = Uint8Array.from(modules.flat(), (module) => (module ? 1 : 0))
  return qrPenalty(packModules(dark, size))
}

const masks = [0, 1, 2, 3, 4, 5, 6, 7] as const

describe('qrPenalty', () => {
  it('scores every mask of real codes as the reference does, small to large versions', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1200 }),
        fc.constantFrom('L', 'M', 'Q', 'H'),
        (body, ecc) => {
          for (const maskPattern of masks) {
            const { data } = encode(`x${body}`, { ecc, border: 0, boostEcc: false, maskPattern })
            expect(penaltyOf(data)).toBe(referencePenalty(data))
          }
        },
      ),
      { numRuns: 40, seed: 18 },
    )
  })

  it('scores grids built from runs (finder-like patterns at scale 1 to 4, long runs, edges)', () => {
    // Lines made of runs of 1 to 4n modules find finder-like patterns at every scale, also
    // against the line's ends, far more often than random modules do.
    const line = (size: number) =>
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: size }).chain((runs) =>
        fc.boolean().map((darkFirst) => {
          const modules: boolean[] = []
          runs.forEach((run, i) => {
            for (let k = 0; k < run; k++) modules.push((i % 2 === 0) === darkFirst)
          })
          return [...modules, ...new Array<boolean>(size).fill(false)].slice(0, size)
        }),
      )
    const grid = fc.integer({ min: 1, max: 40 }).chain((version) => {
      const size = version * 4 + 17
      return fc.array(line(size), { minLength: size, maxLength: size })
    })
    fc.assert(
      fc.property(grid, (modules) => {
        expect(penaltyOf(modules)).toBe(referencePenalty(modules))
      }),
      { numRuns: 150, seed: 18 },
    )
  })

  it('scores uniform and striped grids, where runs reach both ends of a line', () => {
    for (const size of [21, 57, 61, 177]) {
      const all = (dark: boolean) =>
        Array.from({ length: size }, () => new Array<boolean>(size).fill(dark))
      const stripes = Array.from({ length: size }, (_, y) =>
        Array.from({ length: size }, (_, x) => (x + y) % 7 < 3),
      )
      for (const modules of [all(false), all(true), stripes])
        expect(penaltyOf(modules)).toBe(referencePenalty(modules))
    }
  })
})
