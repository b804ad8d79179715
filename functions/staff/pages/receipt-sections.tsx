import type {
  DeliveryState,
  MembershipRecord,
  ReceiptRecord,
} from '../../../shared/domain/records.js'
import type { Donor } from '../../../shared/receipts/receipt-snapshot.js'
import type { AuditEntry } from '../../../shared/store/audit-store.js'
import { dateTime, day, euros } from './format.js'
import {
  AUDIT_ACTION,
  CANCELLATION_REASON,
  DELIVERY_STATUS,
  historyEventLabel,
  itemTypeLabel,
  ROLE,
} from './labels.js'

/** The parts of the receipt detail below its summary, each answering one question staff get. */

export function DonorSection({ donor, email }: { donor: Donor; email: string }) {
  const { address } = donor
  return (
    <section class="card" aria-labelledby="donateur-titre">
      <h2 id="donateur-titre">Donateur</h2>
      <dl class="kv">
        {donor.kind === 'company' ? (
          <>
            <dt>Dénomination</dt>
            <dd>{donor.name}</dd>
            <dt>Forme juridique</dt>
            <dd>{donor.legalForm}</dd>
            <dt>SIREN</dt>
            <dd class="num">{donor.siren}</dd>
          </>
        ) : (
          <>
            <dt>Nom</dt>
            <dd>{donor.lastName}</dd>
            <dt>Prénom(s)</dt>
            <dd>{donor.firstNames}</dd>
          </>
        )}
        <dt>Adresse</dt>
        <dd>
          {address.street}
          <br />
          {address.postalCode} {address.city}
          <br />
          {address.country}
        </dd>
        <dt>E-mail</dt>
        <dd>
          <a href={`mailto:${email}`}>{email}</a>
        </dd>
      </dl>
    </section>
  )
}

export function ProvenanceSection({ receipt }: { receipt: ReceiptRecord }) {
  const p = receipt.provenance
  return (
    <section class="card" aria-labelledby="provenance-titre">
      <h2 id="provenance-titre">D’où vient le montant</h2>
      <p class="small muted">
        Ce que HelloAsso a encaissé pour ce paiement, article par article. Le pourboire versé à
        HelloAsso et les options ne figurent jamais sur un reçu.
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col" class="right">
                Part du paiement
              </th>
              <th scope="col" class="right">
                Options
              </th>
              <th scope="col">Sur le reçu</th>
            </tr>
          </thead>
          <tbody>
            {p.lines.map((line) => (
              <tr>
                <td>
                  {line.label}
                  <br />
                  <span class="small muted">{itemTypeLabel(line.type)}</span>
                </td>
                <td class="right num">{euros(line.shareCents)}</td>
                <td class="right num">{euros(line.optionsCents)}</td>
                <td>
                  {line.eligible ? 'Oui' : 'Non'}
                  <br />
                  <span class="small muted">{line.why}</span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Paiement HelloAsso</th>
              <td class="right num">{euros(p.paymentAmountCents)}</td>
              <td colspan={2} />
            </tr>
            <tr>
              <th scope="row">Pourboire à HelloAsso (exclu)</th>
              <td class="right num">{euros(p.tipCents)}</td>
              <td colspan={2} />
            </tr>
            <tr>
              <th scope="row">Montant du reçu</th>
              <td class="right num">{euros(p.eligibleCents)}</td>
              <td colspan={2} />
            </tr>
          </tfoot>
        </table>
      </div>
      {p.staffDecision ? (
        <p class="notice info small">
          Montant fixé par {p.staffDecision.by} le {dateTime(p.staffDecision.at)} :{' '}
          {euros(p.staffDecision.amountCents)} — « {p.staffDecision.reason} »
        </p>
      ) : null}
    </section>
  )
}

export function HistorySection({ receipt }: { receipt: ReceiptRecord }) {
  return (
    <section class="card" aria-labelledby="historique-titre">
      <h2 id="historique-titre">Historique</h2>
      <ol class="timeline">
        {receipt.history.map((entry) => (
          <li>
            <span class="when">{dateTime(entry.at)}</span>
            {historyEventLabel(entry.event, entry.detail)}
            {entry.detail && entry.event !== 'cancelled' ? (
              <span class="small muted"> — {entry.detail}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}

export function DeliveriesSection({ receipt }: { receipt: ReceiptRecord }) {
  return (
    <section class="card" aria-labelledby="envois-titre">
      <h2 id="envois-titre">Envois</h2>
      <DeliveryFacts
        title={receipt.delivery.resend ? 'E-mail du reçu (renvoi)' : 'E-mail du reçu'}
        state={receipt.delivery}
        email={receipt.payerEmail}
      />
      {receipt.cancellationDelivery ? (
        <DeliveryFacts
          title="E-mail d’annulation"
          state={receipt.cancellationDelivery}
          email={receipt.payerEmail}
        />
      ) : null}
    </section>
  )
}

function DeliveryFacts(props: { title: string; state: DeliveryState; email: string }) {
  const { state } = props
  return (
    <>
      <h3>
        {props.title} <span class={`badge ${state.status}`}>{DELIVERY_STATUS[state.status]}</span>
      </h3>
      <dl class="kv">
        <dt>Destinataire</dt>
        <dd>{props.email}</dd>
        {state.sentAt ? (
          <>
            <dt>Envoyé le</dt>
            <dd>{dateTime(state.sentAt)}</dd>
          </>
        ) : null}
        <dt>Tentatives</dt>
        <dd>{state.attempts}</dd>
        {state.lastError ? (
          <>
            <dt>Dernière erreur</dt>
            <dd class="small">{state.lastError}</dd>
          </>
        ) : null}
      </dl>
    </>
  )
}

export function AuditSection({ audit }: { audit: AuditEntry[] }) {
  return (
    <section class="card" aria-labelledby="journal-titre">
      <h2 id="journal-titre">Journal des actions</h2>
      {audit.length === 0 ? (
        <p class="muted">Aucune action de l’équipe sur ce reçu.</p>
      ) : (
        <ol class="timeline">
          {audit.map((entry) => (
            <li>
              <span class="when">
                {dateTime(entry.at)} · {entry.actor.name}
                {entry.actor.role in ROLE
                  ? ` (${ROLE[entry.actor.role as keyof typeof ROLE]})`
                  : ''}
              </span>
              <strong>{AUDIT_ACTION[entry.action] ?? entry.action}</strong>
              {entry.detail ? <span> — « {entry.detail} »</span> : null}
              {changeSummary(entry) ? (
                <span class="small muted">
                  <br />
                  {changeSummary(entry)}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

/** The two changes worth spelling out: a corrected address and the number that replaces. */
function changeSummary(entry: AuditEntry): string | undefined {
  const before = (entry.before ?? {}) as Record<string, unknown>
  const after = (entry.after ?? {}) as Record<string, unknown>
  if (typeof after.payerEmail === 'string')
    return `Adresse : ${String(before.payerEmail ?? '—')} → ${after.payerEmail}`
  if (entry.action === 'receipt.correct' && typeof after.number === 'string')
    return `Remplacé par le reçu n° ${after.number}`
  if (entry.action === 'receipt.cancel' && after.notify === false)
    return 'Donateur non prévenu par e-mail'
  return undefined
}

export function MembershipsSection(props: {
  memberships: MembershipRecord[]
  tierLabel: (key: string) => string
  today: string
}) {
  if (props.memberships.length === 0) return null
  return (
    <section class="card" aria-labelledby="adhesions-titre">
      <h2 id="adhesions-titre">Adhésions payées</h2>
      <MembershipTable
        memberships={props.memberships}
        tierLabel={props.tierLabel}
        today={props.today}
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
}) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {props.showMember === false ? null : <th scope="col">Membre</th>}
            <th scope="col">Palier</th>
            <th scope="col">Validité</th>
            <th scope="col">Statut</th>
            <th scope="col">Commande</th>
          </tr>
        </thead>
        <tbody>
          {props.memberships.map((m) => (
            <tr>
              {props.showMember === false ? null : (
                <td>
                  {m.member.firstName} {m.member.lastName}
                </td>
              )}
              <td>{props.tierLabel(m.tierKey)}</td>
              <td class="num">
                du {day(m.validFrom)} au {day(m.validTo)}
              </td>
              <td>
                <MembershipState membership={m} today={props.today} />
              </td>
              <td>
                <a href={`/staff/recus?q=${m.orderId}`}>n° {m.orderId}</a>
              </td>
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
