import type { AssociationConfig } from '../config/association-config-schema.js'
import type { HelloAssoClient } from '../helloasso/helloasso-client.js'
import type { Logger } from '../log.js'
import type { MessageQueue } from '../queue/queue-message.js'
import type { TableContext } from '../store/table-context.js'

export interface ProcessDeps {
  config: AssociationConfig
  signatureImagePng?: Uint8Array
  table: TableContext
  /** Absent in unverified local mode: the body is then the only source and receipts are SPECIMENs. */
  helloAsso?: HelloAssoClient
  queue: MessageQueue
  now: () => Date
  /**
   * Runs number allocation one at a time per organisation where it happens outside the number
   * step (reconciliation, the yearly summary receipts). Correctness never depends on it — the
   * transaction's conditions do — it avoids hundreds of conflicting retries on one hot counter.
   */
  serialize: <T>(group: string, work: () => Promise<T>) => Promise<T>
  log: Logger
}
