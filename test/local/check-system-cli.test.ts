import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSystemProbe } from '../../functions/local/system-probe.js'

const root = join(import.meta.dirname, '../..')
let bin: string

// A PATH with everything the tests need but Chromium (and no apt-get, so nothing is installed).
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), 'no-chromium-'))
  const here = createSystemProbe()
  for (const program of ['java', 'pdftotext', 'pdftoppm', 'zbarimg']) {
    const path = here.which(program)
    if (path) await symlink(path, join(bin, program))
  }
})
afterAll(() => rm(bin, { recursive: true, force: true }))

/** What `npm test` runs before vitest (package.json), on a machine without Chromium. */
function checkForTests(env: Record<string, string>) {
  const { TEST_DYNAMODB_ENDPOINT: _, SKIP_BROWSER_TESTS: __, ...rest } = process.env
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'functions/local/check-system-cli.ts', 'test'],
    { cwd: root, encoding: 'utf8', env: { ...rest, PATH: bin, ...env }, timeout: 30_000 },
  )
}

describe('npm test’s system check', () => {
  it('without Chromium and without SKIP_BROWSER_TESTS: fails with the command to install it', () => {
    const run = checkForTests({})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'npm test cannot run: missing\n  - Chromium: the staff page browser test',
    )
    if (createSystemProbe().os() === 'debian')
      expect(run.stderr).toMatch(/apt-get install -y --no-install-recommends (\S+ )*chromium/)
    expect(run.stderr).toContain('SKIP_BROWSER_TESTS=1')
    expect(run.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('with SKIP_BROWSER_TESTS=1: passes and says the browser tests will be skipped', () => {
    const run = checkForTests({ SKIP_BROWSER_TESTS: '1' })
    expect(run.stderr).not.toContain('Chromium')
    expect(run.stdout).toContain('SKIP_BROWSER_TESTS=1: the browser tests will be skipped.')
    expect(run.status).toBe(0)
  })
})
