import { CSV_BOM, csvRow } from '../csv/csv-format.js'
import { parisIsoDay } from '../domain/paris-time.js'
import type { MembershipRecord } from '../domain/records.js'
import { membershipsPage } from '../store/membership-queries.js'
import { type MembershipState, membershipState } from './membership-state.js'
import type { StaffDeps } from './staff-deps.js'

const COLUMNS = [
  'nom',
  'prenom',
  'palier',
  'payeur',
  'debut_validite',
  'fin_validite',
  'statut',
  'motif_fin',
  'commande_helloasso',
  'premier_paiement_helloasso',
]

const STATE: Record<MembershipState, string> = {
  active: 'en cours',
  upcoming: 'à venir',
  expired: 'échue',
  ended: 'terminée',
}

const ENDED_BECAUSE: Record<string, string> = {
  refund: 'remboursement',
  contest: 'contestation du paiement',
}

/**
 * Every membership as CSV, newest validity first, in the project's one CSV format (`;`, BOM,
 * CRLF), a page of DynamoDB at a time. The state is as of the day of the export.
 */
export function exportMembersCsv(deps: StaffDeps): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const today = parisIsoDay(deps.now())
  const label = (key: string) => deps.config.tiers.find((t) => t.key === key)?.label ?? key
  let after: string | undefined
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`${CSV_BOM}${COLUMNS.join(';')}\r\n`))
        return
      }
      const page = await membershipsPage(deps.table, 200, after)
      const rows = page.items.map((m) => row(m, today, label))
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.join('')))
      after = page.after
      if (!after) controller.close()
    },
  })
}

function row(m: MembershipRecord, today: string, label: (key: string) => string): string {
  return csvRow([
    m.member.lastName,
    m.member.firstName,
    label(m.tierKey),
    m.payerKind === 'organisation' ? 'organisation' : 'particulier',
    m.validFrom,
    m.validTo,
    STATE[membershipState(m, today)],
    m.endedReason ? (ENDED_BECAUSE[m.endedReason] ?? m.endedReason) : '',
    String(m.orderId),
    String(m.firstPaymentId),
  ])
}
