import { type DatedFigure, TAX_RULE_TABLE } from '../tax/tax-rule-table.js'

/** The association's own low-value cap (config `counterpartRules`), or the table's. */
export interface CounterpartRules {
  lowValueCapCents: number
  since: string
  source: string
}

/**
 * The yearly cap on low-value goods given per person (« disproportion marquée »), as the dated
 * tax rules give it (shared/tax/tax-rule-table.ts: 73 € from 2021, its 2026 revaluation not
 * found). A configuration that sets `counterpartRules` itself (a figure the treasurer checked
 * on the BOFiP) overrides the table for gifts from its `since`. Apart from the schema: the
 * process function reads it at every order, and the schema's zod is not in its cold start.
 */
const TABLE_CAP = TAX_RULE_TABLE.counterpartCapCents[0] as DatedFigure

export const DEFAULT_COUNTERPART_RULES: CounterpartRules = {
  lowValueCapCents: TABLE_CAP.value,
  since: TABLE_CAP.from,
  source: TABLE_CAP.source,
}
