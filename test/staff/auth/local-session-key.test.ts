import { createHash } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signValue } from '../../../shared/staff/auth/signed-value.js'
import { signInStaff } from '../../support/staff-session.js'
import {
  createTestRuntime,
  STAFF_TEST_TOKEN,
  type TestRuntime,
} from '../../support/test-runtime.js'

/**
 * Issue 10, 8f: a local STAFF_TOKEN must be long enough to resist guessing, and the key that
 * signs staff sessions is not derived from it: a random key kept in DATA_DIR.
 */
const started: TestRuntime[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.stop()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function runtimeOn(dataDir: string, env: Record<string, string> = {}) {
  const runtime = await createTestRuntime({ env: { DATA_DIR: dataDir, ...env } })
  started.push(runtime)
  return runtime
}

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'staff-key-'))
  dirs.push(dir)
  return dir
}

describe('local staff token and session key', () => {
  it('refuses a short STAFF_TOKEN at start, in French, saying how to make one', async () => {
    await expect(runtimeOn(await dataDir(), { STAFF_TOKEN: 'secret-trop-court' })).rejects.toThrow(
      /STAFF_TOKEN.*au moins 24 caractères.*openssl rand -base64 32/s,
    )
    await expect(
      runtimeOn(await dataDir(), { STAFF_VIEWER_TOKEN: 'lecture-courte' }),
    ).rejects.toThrow(/STAFF_VIEWER_TOKEN.*au moins 24 caractères/s)
  })

  it('refuses a session cookie signed with a key derived from the token', async () => {
    const t = await runtimeOn(await dataDir())
    const derived = createHash('sha256').update(`staff-session:${STAFF_TEST_TOKEN}`).digest('hex')
    const forged = signValue(
      'staff-session.v1',
      {
        sid: 'a'.repeat(24),
        exp: Date.now() + 3_600_000,
        staff: { id: 'local:manager', name: 'X', role: 'manager', orgId: t.runtime.table.orgId },
      },
      derived,
    )
    const response = await t.runtime.app.request('/staff/api/receipts', {
      headers: { cookie: `staff-session=${forged}` },
    })
    expect(response.status).toBe(401)
  })

  it('keeps a random key in DATA_DIR (owner-only), so a restart keeps people signed in', async () => {
    const dir = await dataDir()
    const first = await runtimeOn(dir)
    const session = await signInStaff(first.runtime.app)
    expect((await session.get('/staff/api/receipts')).status).toBe(200)
    const file = await stat(join(dir, 'staff-session.key'))
    expect(file.mode & 0o077).toBe(0)
    await first.stop()
    started.splice(started.indexOf(first), 1)

    const second = await runtimeOn(dir)
    const again = await second.runtime.app.request('/staff/api/receipts', {
      headers: { cookie: session.cookie },
    })
    expect(again.status).toBe(200)
    // Another data set has its own key: the same token does not open it.
    const other = await runtimeOn(await dataDir())
    const elsewhere = await other.runtime.app.request('/staff/api/receipts', {
      headers: { cookie: session.cookie },
    })
    expect(elsewhere.status).toBe(401)
  })
})
