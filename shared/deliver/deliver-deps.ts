import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Logger } from '../log.js'
import type { Mailer } from '../mail/mailer.js'
import type { TableContext } from '../store/table-context.js'

export interface DeliverDeps {
  config: AssociationConfig
  table: TableContext
  mailer: Mailer
  now: () => Date
  log: Logger
  /** How long a worker may hold the right to send before another may take over. */
  leaseMs?: number
}
