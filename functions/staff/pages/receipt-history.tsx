import type { DeliveryState, ReceiptRecord } from '../../../shared/domain/records.js'
import type { AuditEntry } from '../../../shared/store/audit-store.js'
import { dateTime } from './format.js'
import { AUDIT_ACTION, DELIVERY_STATUS, historyEventLabel, ROLE } from './labels.js'

/** Events whose detail is already said, in French, by their label. */
const DETAIL_IN_LABEL = new Set(['cancelled', 'receipt-email-withheld'])

/** What happened to the receipt: its events, its emails, and who on the team did what. */
export function HistorySection({ receipt }: { receipt: ReceiptRecord }) {
  return (
    <section class="card" aria-labelledby="historique-titre">
      <h2 id="historique-titre">Historique</h2>
      <ol class="timeline">
        {receipt.history.map((entry) => (
          <li>
            <span class="when">{dateTime(entry.at)}</span>
            {historyEventLabel(entry.event, entry.detail)}
            {entry.detail && !DETAIL_IN_LABEL.has(entry.event) ? (
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
        title={
          receipt.delivery.duplicata
            ? 'E-mail du reçu (duplicata demandé par le donateur)'
            : receipt.delivery.resend
              ? 'E-mail du reçu (renvoi de l’original)'
              : 'E-mail du reçu'
        }
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
