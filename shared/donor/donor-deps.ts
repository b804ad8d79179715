import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Logger } from '../log.js'
import type { Mailer } from '../mail/mailer.js'
import type { TableContext } from '../store/table-context.js'

/** What the public pages need: read the table, email a donor their link. No HelloAsso, no key. */
export interface DonorDeps {
  config: AssociationConfig
  table: TableContext
  mailer: Mailer
  now: () => Date
  log: Logger
  /** Base of the links emailed to donors (PUBLIC_BASE_URL). */
  publicBaseUrl: string
}
