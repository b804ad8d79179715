import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const FILE = 'staff-session.key'

/**
 * The key that signs staff sessions and CSRF tokens locally: random, made once per data set and
 * kept beside its data (owner-only), so a restart keeps people signed in and knowing STAFF_TOKEN
 * does not give it. STAFF_SESSION_KEY, when set, replaces it.
 */
export async function loadOrCreateSessionKey(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE)
  const existing = await readKey(path)
  if (existing) return existing
  await mkdir(dataDir, { recursive: true })
  try {
    await writeFile(path, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    // Another process of the same data set made it first: theirs is the key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return (await readKey(path)) as string
}

async function readKey(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
