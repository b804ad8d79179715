import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * A secret made once per data set and kept beside its data (owner-only): read from `file` in
 * `dataDir`, or made with `make` and written there. Two processes of the same data set starting
 * together agree: the file is created exclusively, and the loser reads the winner's.
 */
export async function loadOrCreateDataSetSecret(
  dataDir: string,
  file: string,
  make: () => string,
): Promise<string> {
  const path = join(dataDir, file)
  const existing = await readSecret(path)
  if (existing) return existing
  await mkdir(dataDir, { recursive: true })
  try {
    await writeFile(path, make(), { flag: 'wx', mode: 0o600 })
  } catch (error) {
    // Another process of the same data set made it first: theirs is the secret.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return (await readSecret(path)) as string
}

async function readSecret(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
