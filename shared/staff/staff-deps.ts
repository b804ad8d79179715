import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Logger } from '../log.js'
import type { MessageQueue } from '../queue/queue-message.js'
import type { TableContext } from '../store/table-context.js'

export interface StaffDeps {
  config: AssociationConfig
  table: TableContext
  queue: MessageQueue
  now: () => Date
  log: Logger
  /** The whole instance runs unverified (no HelloAsso credentials): every receipt is a SPECIMEN. */
  specimen?: boolean
}

/** The person acting, as the audit trail records them. */
export interface Actor {
  id: string
  name: string
  role: string
}
