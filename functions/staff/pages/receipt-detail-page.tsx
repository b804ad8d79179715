import type { ReceiptDetail } from '../../../shared/staff/receipt-detail.js'
import { donorName } from '../../../shared/staff/receipt-summary.js'
import { CancelledNotice } from './cancelled-notice.js'
import { CoveredPaymentsSection } from './covered-payments-section.js'
import { DonorSection } from './donor-section.js'
import { dateTime, day, euros } from './format.js'
import { CANCELLATION_REASON, FORM, PAYMENT_METHOD, paymentStateLabel } from './labels.js'
import { Layout } from './layout.js'
import { MembershipsSection } from './membership-table.js'
import { Notice } from './notice.js'
import type { PageView } from './page-view.js'
import { ProvenanceSection } from './provenance-section.js'
import { type FailedAction, ReceiptActions } from './receipt-actions.js'
import { ReceiptBadges } from './receipt-badges.js'
import { AuditSection, DeliveriesSection, HistorySection } from './receipt-history.js'
import { ReceiptPdfSection } from './receipt-pdf-section.js'

export interface ReceiptDetailProps {
  view: PageView
  detail: ReceiptDetail
  tierLabel: (key: string) => string
  today: string
  ok?: string | undefined
  error?: string | undefined
  failed?: FailedAction | undefined
}

export function ReceiptDetailPage(props: ReceiptDetailProps) {
  const { receipt, links } = props.detail
  const { snapshot } = receipt
  return (
    <Layout view={props.view} title={`Reçu n° ${receipt.number}`}>
      <div class="page-head">
        <h1>Reçu n° {receipt.number}</h1>
        <ReceiptBadges
          status={receipt.status}
          delivery={receipt.delivery.status}
          specimen={snapshot.specimen}
        />
        <div class="actions">
          <a class="button secondary" href="/staff/recus">
            ← Recherche
          </a>
        </div>
      </div>
      <Notice ok={props.ok} error={props.error} />
      <CancelledNotice receipt={receipt} memberships={props.detail.memberships} />
      {links.replacedBy ? (
        <div class="notice info">
          <p>
            Ce reçu a été annulé et remplacé par le reçu{' '}
            <a href={`/staff/recus/${links.replacedBy}`}>n° {links.replacedBy}</a>.
          </p>
        </div>
      ) : null}
      {links.replaces ? (
        <div class="notice info">
          <p>
            Ce reçu annule et remplace le reçu{' '}
            <a href={`/staff/recus/${links.replaces}`}>n° {links.replaces}</a>
            {snapshot.replaces ? ` émis le ${day(snapshot.replaces.issuedOn)}` : ''}.
          </p>
        </div>
      ) : null}
      <div class="detail">
        <section class="card d-summary" aria-labelledby="resume-titre">
          <h2 id="resume-titre" class="sr-only">
            Résumé
          </h2>
          <p class="amount-big">{euros(snapshot.amountCents)}</p>
          <p class="muted">{donorName(receipt)}</p>
          <dl class="kv">
            <dt>Formulaire</dt>
            <dd>
              Cerfa {snapshot.cerfaNumber} — {FORM[snapshot.form].toLowerCase()}
            </dd>
            <dt>Versement</dt>
            <dd>
              {snapshot.paymentDateLabel ??
                (snapshot.paymentDates.from === snapshot.paymentDates.to
                  ? `le ${day(snapshot.paymentDates.from)}`
                  : `du ${day(snapshot.paymentDates.from)} au ${day(snapshot.paymentDates.to)}`)}
              , {PAYMENT_METHOD[snapshot.paymentMethod].toLowerCase()}
            </dd>
            <dt>Émis le</dt>
            <dd>{dateTime(receipt.issuedAt)}</dd>
            {receipt.taxRules ? (
              <>
                <dt>Règles fiscales</dt>
                <dd>
                  version du {receipt.taxRules.versions.map(day).join(' et du ')}, réduction de{' '}
                  {receipt.taxRules.ratePercent} %
                </dd>
              </>
            ) : null}
            {receipt.cancellation ? (
              <>
                <dt>Annulé le</dt>
                <dd>
                  {dateTime(receipt.cancellation.at)} (
                  {CANCELLATION_REASON[receipt.cancellation.reason]})
                  {receipt.cancellation.note ? ` — « ${receipt.cancellation.note} »` : ''}
                </dd>
              </>
            ) : null}
            <dt>Commande HelloAsso</dt>
            <dd>
              <a href={`/staff/recus?q=${receipt.orderId}`}>n° {receipt.orderId}</a>
            </dd>
            <dt>Paiement HelloAsso</dt>
            <dd>
              n° {receipt.paymentId}
              {props.detail.payment ? ` — ${paymentStateLabel(props.detail.payment)}` : ''}
            </dd>
          </dl>
        </section>
        <div class="d-side">
          <section class="card actions-panel" id="actions" aria-labelledby="actions-titre">
            <h2 id="actions-titre">Actions</h2>
            <ReceiptActions
              receipt={receipt}
              csrf={props.view.csrf}
              canAct={props.view.canAct}
              failed={props.failed}
            />
          </section>
          <ReceiptPdfSection receipt={receipt} />
        </div>
        <div class="d-rest">
          <DonorSection donor={snapshot.donor} email={receipt.payerEmail} />
          <CoveredPaymentsSection receipt={receipt} />
          <ProvenanceSection receipt={receipt} tierLabel={props.tierLabel} />
          <DeliveriesSection receipt={receipt} />
          <HistorySection receipt={receipt} />
          <AuditSection audit={props.detail.audit} />
          <MembershipsSection
            memberships={props.detail.memberships}
            tierLabel={props.tierLabel}
            today={props.today}
          />
        </div>
      </div>
    </Layout>
  )
}
