import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The local outbox's copies of emails past the retention period: those written before `before`,
 * and those of the receipts being erased (`<timestamp>-<number>-receipt.eml` and the like).
 * Returns the file names; removes them unless `dryRun`.
 */
export async function purgeOutbox(
  dir: string,
  options: { before: Date; numbers: ReadonlySet<string>; dryRun: boolean },
): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    throw error
  })
  const gone: string[] = []
  for (const name of names.filter((n) => n.endsWith('.eml')).sort()) {
    const path = join(dir, name)
    const number = /-(\d{4}-\d{5,})-/.exec(name)?.[1]
    const old = (await stat(path)).mtime < options.before
    if (!old && !(number && options.numbers.has(number))) continue
    if (!options.dryRun) await rm(path, { force: true })
    gone.push(name)
  }
  return gone
}
