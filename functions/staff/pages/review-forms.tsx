import { formatEuros } from '../../../shared/domain/money.js'
import type { ReviewItem } from '../../../shared/domain/records.js'
import type { UnknownTier } from '../../../shared/staff/unknown-tiers.js'
import { CSRF_FIELD } from '../auth/csrf.js'
import { ConfirmField } from './confirm-field.js'
import { DonorFields, type DonorValues } from './donor-fields.js'
import { Field } from './field.js'
import type { FormFields } from './form-input.js'
import { euros } from './format.js'
import type { ReviewPrefill } from './review-prefill.js'

/** The two decisions on a review item; `values` is what was typed when the server refused it. */

export type ReviewAction = 'classer' | 'emettre' | 'reexaminer' | 'rattacher'

function actionPath(item: ReviewItem, action: ReviewAction): string {
  return `/staff/a-verifier/${encodeURIComponent(item.id)}/${action}`
}

export function IssueForm(props: {
  item: ReviewItem
  index: number
  csrf: string
  prefill: ReviewPrefill
  values?: FormFields | undefined
}) {
  const id = `emettre-${props.index}`
  const donor = { ...props.prefill.donor, ...props.values } as DonorValues
  return (
    <details class="action" open={props.values !== undefined}>
      <summary>Compléter et émettre le reçu</summary>
      <div class="body">
        <form
          method="post"
          action={actionPath(props.item, 'emettre')}
          data-donor-form
          data-confirm="Émettre un reçu numéroté avec ces données ? Il est envoyé au donateur."
          data-confirm-title="Émettre le reçu"
          data-confirm-button="Émettre"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <ReceiptPreview prefill={props.prefill} />
          <DonorFields id={id} values={donor} />
          <div class="field-row">
            <Field
              id={`${id}-email`}
              name="email"
              type="email"
              label="E-mail du donateur (facultatif)"
              hint="Laissez vide pour l’e-mail du payeur HelloAsso."
              placeholder={props.prefill.email}
              value={props.values?.email}
            />
            <Field
              id={`${id}-montant`}
              name="montant"
              label="Montant du reçu (facultatif)"
              hint={
                props.prefill.computedCents === undefined
                  ? 'En euros, par exemple 45,00 : aucun montant n’a pu être calculé, indiquez-le.'
                  : `En euros, par exemple 45,00 ; vide pour le montant calculé (${formatEuros(props.prefill.computedCents)} €).`
              }
              inputmode="decimal"
              value={props.values?.montant}
            />
          </div>
          <Field
            id={`${id}-note`}
            name="note"
            label="Explication"
            hint="Pourquoi ce reçu est juste ; elle figure au journal."
            multiline
            required
            minlength={3}
            value={props.values?.note}
          />
          <ConfirmField label="Je confirme l’émission de ce reçu." />
          <button type="submit">Émettre le reçu</button>
        </form>
      </div>
    </details>
  )
}

/** What the receipt will carry, before anyone presses « Émettre ». */
function ReceiptPreview(props: { prefill: ReviewPrefill }) {
  const { computedCents, paidCents, cerfa } = props.prefill
  const company = props.prefill.donor.type === 'entreprise'
  const [model, other] = company
    ? [`Cerfa n° ${cerfa.company} (entreprise, art. 238 bis du CGI)`, cerfa.individual]
    : [`Cerfa n° ${cerfa.individual} (particulier, art. 200 du CGI)`, cerfa.company]
  return (
    <div class="receipt-preview" data-receipt-preview>
      <p>
        <strong>Le reçu portera :</strong>{' '}
        {computedCents === undefined
          ? 'le montant que vous indiquerez ci-dessous, le barème n’ayant pas pu le calculer.'
          : `${formatEuros(computedCents)} €, le montant calculé par le barème, sauf si vous en indiquez un autre ci-dessous.`}
        {paidCents === undefined ? '' : ` Paiement HelloAsso : ${formatEuros(paidCents)} €.`}
      </p>
      <p>
        Modèle : <strong>{model}</strong> ; si vous changez le type de donateur ci-dessous, le reçu
        suivra le Cerfa n° {other}.
      </p>
    </div>
  )
}

export function DismissForm(props: {
  item: ReviewItem
  index: number
  csrf: string
  values?: FormFields | undefined
}) {
  const id = `classer-${props.index}`
  return (
    <details class="action" open={props.values !== undefined}>
      <summary>Classer sans suite</summary>
      <div class="body">
        <form
          method="post"
          action={actionPath(props.item, 'classer')}
          data-confirm="Classer cet élément sans suite ? Aucun reçu ne sera émis."
          data-confirm-title="Classer sans suite"
          data-confirm-button="Classer"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          <Field
            id={`${id}-motif`}
            name="motif"
            label="Motif"
            hint="Par exemple : remboursé, doublon, traité à la main."
            multiline
            required
            minlength={3}
            value={props.values?.motif}
          />
          <ConfirmField label="Je confirme : classer sans suite." />
          <button type="submit" class="secondary">
            Classer sans suite
          </button>
        </form>
      </div>
    </details>
  )
}

/**
 * After the configuration file was fixed (a tier id added…): the payment is analysed again, and
 * gets its receipt if nothing is doubtful any more. Issuing twice is impossible, so no
 * confirmation is asked. Offered only for reasons a configuration change can take away.
 */
export function ReexamineForm(props: { item: ReviewItem; csrf: string }) {
  return (
    <form method="post" action={actionPath(props.item, 'reexaminer')} class="reexamine">
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      <button type="submit" class="secondary">
        Réexaminer
      </button>
      <span class="action-hint">
        Après une correction du fichier de configuration et un redémarrage (sur AWS : un
        déploiement) : analyse de nouveau le paiement, et émet le reçu s’il n’y a plus de doute.
      </span>
    </form>
  )
}

/** A configured tier as the « Rattacher à un palier » list shows it. */
export interface TierChoice {
  key: string
  label: string
  amountCents: number
  /** « Cerfa 11580*05 (particulier) », or « sans reçu fiscal ». */
  model: string
}

/**
 * « Palier inconnu »: the payment's HelloAsso tier attached to one of the configured tiers, in
 * the table, at once; its other waiting payments and its future ones follow.
 */
export function MapTierForm(props: {
  item: ReviewItem
  index: number
  csrf: string
  unknown: UnknownTier[]
  tiers: TierChoice[]
  values?: FormFields | undefined
}) {
  const id = `rattacher-${props.index}`
  const [only] = props.unknown
  return (
    <details class="action" open={props.values !== undefined}>
      <summary>Rattacher à un palier</summary>
      <div class="body">
        <form
          method="post"
          action={actionPath(props.item, 'rattacher')}
          data-confirm="Rattacher ce palier HelloAsso au palier choisi ? Ses paiements en attente sont réexaminés aussitôt, et les suivants le seront d’office."
          data-confirm-title="Rattacher à un palier"
          data-confirm-button="Rattacher"
        >
          <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
          {props.unknown.length === 1 && only ? (
            <p>
              {`Palier HelloAsso : « ${only.label} » (id ${only.helloAssoTierId}, ${euros(only.amountCents)})`}
              <input type="hidden" name="palier_helloasso" value={String(only.helloAssoTierId)} />
            </p>
          ) : (
            <div class="field">
              <label for={`${id}-helloasso`}>Palier HelloAsso</label>
              <select id={`${id}-helloasso`} name="palier_helloasso" required>
                {props.unknown.map((u) => (
                  <option
                    value={String(u.helloAssoTierId)}
                    selected={props.values?.palier_helloasso === String(u.helloAssoTierId)}
                  >
                    {`${u.label} (id ${u.helloAssoTierId}, ${euros(u.amountCents)})`}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for={`${id}-palier`}>Palier de votre configuration</label>
            <span class="hint" id={`${id}-palier-aide`}>
              Enregistré aussitôt, sans redémarrage : ce paiement et les suivants de ce palier
              HelloAsso seront traités avec le palier choisi.
            </span>
            <select
              id={`${id}-palier`}
              name="palier"
              required
              aria-describedby={`${id}-palier-aide`}
            >
              <option value="">— Choisir un palier —</option>
              {props.tiers.map((tier) => (
                <option value={tier.key} selected={props.values?.palier === tier.key}>
                  {`${tier.label} — ${euros(tier.amountCents)} — ${tier.model}`}
                </option>
              ))}
            </select>
          </div>
          <ConfirmField label="Je confirme le rattachement de ce palier." />
          <button type="submit">Rattacher</button>
        </form>
      </div>
    </details>
  )
}
