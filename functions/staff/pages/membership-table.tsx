import type { MembershipRecord } from '../../../shared/domain/records.js'
import { day } from './format.js'
import { CANCELLATION_REASON } from './labels.js'

export function MembershipsSection(props: {
  memberships: MembershipRecord[]
  tierLabel: (key: string) => string
  today: string
}) {
  if (props.memberships.length === 0) return null
  return (
    <section class="card" aria-labelledby="adhesions-titre">
      <h2 id="adhesions-titre">Adhésions payées</h2>
      {/* The receipt's own order: no « Commande » column, so the table fits the column. */}
      <MembershipTable
        memberships={props.memberships}
        tierLabel={props.tierLabel}
        today={props.today}
        showOrder={false}
      />
    </section>
  )
}

export function MembershipTable(props: {
  memberships: MembershipRecord[]
  tierLabel: (key: string) => string
  /** Paris day, YYYY-MM-DD: a membership past its end date is over whatever its record says. */
  today: string
  showMember?: boolean
  showOrder?: boolean
}) {
  return (
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            {props.showMember === false ? null : <th scope="col">Membre</th>}
            <th scope="col">Palier</th>
            <th scope="col">Validité</th>
            <th scope="col">Statut</th>
            {props.showOrder === false ? null : <th scope="col">Commande</th>}
          </tr>
        </thead>
        <tbody>
          {props.memberships.map((m) => (
            <tr>
              {props.showMember === false ? null : (
                <td data-label="Membre">
                  {m.member.firstName} {m.member.lastName}
                </td>
              )}
              <td data-label="Palier">{props.tierLabel(m.tierKey)}</td>
              <td class="num" data-label="Validité">
                du {day(m.validFrom)} au {day(m.validTo)}
              </td>
              <td data-label="Statut">
                <div>
                  <MembershipState membership={m} today={props.today} />
                </div>
              </td>
              {props.showOrder === false ? null : (
                <td data-label="Commande">
                  <a href={`/staff/recus?q=${m.orderId}`}>n° {m.orderId}</a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function MembershipState({ membership, today }: { membership: MembershipRecord; today: string }) {
  if (membership.status === 'ended')
    return (
      <>
        <span class="badge ended">Terminée</span>
        {membership.endedReason ? (
          <span class="small muted"> ({endedReason(membership.endedReason)})</span>
        ) : null}
      </>
    )
  if (today < membership.validFrom) return <span class="badge pending">À venir</span>
  if (today > membership.validTo) return <span class="badge ended">Échue</span>
  return <span class="badge active">En cours</span>
}

function endedReason(reason: string): string {
  return CANCELLATION_REASON[reason as keyof typeof CANCELLATION_REASON] ?? reason
}
