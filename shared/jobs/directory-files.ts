import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { JobFiles } from './job-deps.js'

/**
 * Job output in a local directory. Each file is written under a temporary name and renamed,
 * so a job stopped mid-write never leaves a truncated PDF or ZIP behind.
 */
export function createDirectoryFiles(root: string): JobFiles {
  const absolute = resolve(root)
  const target = (path: string) => {
    const full = resolve(absolute, path)
    if (!full.startsWith(`${absolute}/`)) throw new RangeError(`path escapes the output: ${path}`)
    return full
  }
  const atomically = async (path: string, write: (temporary: string) => Promise<void>) => {
    const full = target(path)
    await mkdir(dirname(full), { recursive: true })
    // A fixed name: the redo of an interrupted chunk overwrites and renames what a killed run left.
    const temporary = `${full}.partial`
    await write(temporary)
    await rename(temporary, full)
  }
  return {
    write: (path, body) => atomically(path, (temporary) => writeFile(temporary, body)),
    writeStream: (path, body) =>
      atomically(path, (temporary) => pipeline(body, createWriteStream(temporary))),
    locate: (path) => join(absolute, path),
    async remove(path) {
      const full = target(path)
      const exists = await stat(full).then(
        () => true,
        () => false,
      )
      if (exists) await rm(full, { recursive: true, force: true })
      return exists
    },
  }
}
