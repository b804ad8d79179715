import type { Readable } from 'node:stream'
import type { Mailer } from '../mail/mailer.js'
import type { ProcessDeps } from '../process/process-deps.js'

/**
 * Where a job's output goes: a directory under DATA_DIR locally, the archive bucket on AWS.
 * Paths are relative and '/'-separated (`receipts/2026/2026-00042.pdf`).
 */
export interface JobFiles {
  write(path: string, body: Uint8Array | string): Promise<void>
  /** Streams a large output (a ZIP) without holding it in memory. */
  writeStream(path: string, body: Readable): Promise<void>
  /** Where a path ends up, for the report (a local path or an s3:// URL). */
  locate(path: string): string
  /**
   * Removes a file or a folder, for the retention purge; false when there was nothing. Absent on
   * the archive bucket, where a lifecycle rule expires objects once their lock is over.
   */
  remove?(path: string): Promise<boolean>
}

/**
 * What every job needs. The processing dependencies come whole because reconciliation and
 * summary receipts go through the very same processing path as a notification.
 */
export interface JobDeps {
  process: ProcessDeps
  files: JobFiles
  /** For the jobs that email donors directly (a year's receipts in one message). */
  mailer: Mailer
  /** The retention purge: how long personal data are kept, and the copies of sent mail to clean. */
  retention?: { years: number; purgeMail?: PurgeMail }
}

/** Removes the copies of sent emails (the local outbox) past retention; returns their names. */
export type PurgeMail = (options: {
  before: Date
  numbers: ReadonlySet<string>
  dryRun: boolean
}) => Promise<string[]>
