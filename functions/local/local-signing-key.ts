import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'

const FILE = 'receipt-signing-key.pem'

/**
 * The association's receipt signing key, locally: an Ed25519 key made once per data set and kept
 * beside its data (owner-only), so links printed on receipts keep verifying across restarts.
 * RECEIPT_SIGNING_KEY, when set, replaces it (on AWS it comes from Secrets Manager).
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<string> {
  const path = join(dataDir, FILE)
  const existing = await readKey(path)
  if (existing) return existing
  await mkdir(dataDir, { recursive: true })
  try {
    await writeFile(path, generateSigningKeyPem(), { flag: 'wx', mode: 0o600 })
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
