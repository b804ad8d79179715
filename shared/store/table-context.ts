import type { TableDoc } from './lean-document-client.js'

/** What every store function needs: the document client, the table, and whose data it is. */
export interface TableContext {
  doc: TableDoc
  tableName: string
  orgId: string
}
