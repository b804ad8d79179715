import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LONGEST_FILES } from '../support/longest-first-sequencer.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

describe('the files the suite starts first', () => {
  it('all exist: a renamed file would silently drop back into the default order', () => {
    expect(LONGEST_FILES.filter((file) => !existsSync(`${ROOT}${file}`))).toEqual([])
  })
})
