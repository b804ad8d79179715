import type { ReceiptRecord } from '../../../shared/domain/records.js'
import { CSRF_FIELD } from '../auth/csrf.js'
import { ConfirmField } from './confirm-field.js'
import { DonorFields, donorValues } from './donor-fields.js'
import { Field } from './field.js'
import type { FormFields } from './form-input.js'

export type ReceiptAction = 'renvoyer' | 'annuler' | 'corriger'

/** A refused submission: its form opens again with what was typed. */
export interface FailedAction {
  action: ReceiptAction
  values: FormFields
}

export function ReceiptActions(props: {
  receipt: ReceiptRecord
  csrf: string
  canAct: boolean
  failed?: FailedAction | undefined
}) {
  const { receipt, failed } = props
  if (!props.canAct)
    return (
      <p class="muted">
        Vous êtes connecté·e en consultation : renvoyer, annuler ou corriger un reçu est réservé aux
        gestionnaires.
      </p>
    )
  if (receipt.status !== 'issued')
    return (
      <p class="muted">
        Ce reçu est {receipt.status === 'cancelled' ? 'annulé' : 'remplacé'} : il ne peut plus être
        renvoyé, annulé ni corrigé.
      </p>
    )
  const values = (action: ReceiptAction) => (failed?.action === action ? failed.values : undefined)
  const base = `/staff/recus/${receipt.number}`
  const csrf = <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
  const resend = values('renvoyer')
  const cancel = values('annuler')
  const correct = values('corriger')
  // What the dialog asks for each choice: the original is not a duplicata, and says so.
  const original = `Renvoyer à {email} le reçu n° ${receipt.number} tel qu’il a été émis ? C’est l’original, au même numéro ; l’e-mail ne parle pas de duplicata.`
  return (
    <>
      <details class="action" open={failed?.action === 'renvoyer'}>
        <summary>Renvoyer le reçu</summary>
        <div class="body">
          <form
            method="post"
            action={`${base}/renvoyer`}
            data-confirm={original}
            data-confirm-title="Renvoyer le reçu"
            data-confirm-button="Renvoyer"
          >
            {csrf}
            <fieldset class="field">
              <legend>Pourquoi renvoyer ?</legend>
              <label class="check">
                <input
                  type="radio"
                  name="motif"
                  value="original"
                  checked={resend?.motif !== 'duplicata'}
                  data-confirm={original}
                  data-confirm-title="Renvoyer le reçu"
                />
                <span>
                  E-mail non reçu ou adresse corrigée : renvoyer l’original, tel qu’il a été émis
                  (l’e-mail ne parle pas de duplicata)
                </span>
              </label>
              <label class="check">
                <input
                  type="radio"
                  name="motif"
                  value="duplicata"
                  checked={resend?.motif === 'duplicata'}
                  data-confirm={`Envoyer à {email} un DUPLICATA du reçu n° ${receipt.number} ? Le PDF porte la mention DUPLICATA, au même numéro ; ce n’est pas un nouveau reçu.`}
                  data-confirm-title="Envoyer un duplicata"
                />
                <span>
                  Le donateur a perdu son reçu et demande une copie : envoyer un DUPLICATA (PDF
                  marqué DUPLICATA, au même numéro)
                </span>
              </label>
            </fieldset>
            <Field
              id="renvoi-email"
              name="email"
              type="email"
              label="Adresse e-mail corrigée (facultatif)"
              hint={`Laissez vide pour renvoyer à ${receipt.payerEmail}.`}
              placeholder={receipt.payerEmail}
              value={resend?.email}
              autocomplete="off"
            />
            <ConfirmField label="Je confirme le renvoi de ce reçu." />
            <button type="submit">Renvoyer le reçu</button>
          </form>
        </div>
      </details>
      <details class="action" open={failed?.action === 'annuler'}>
        <summary>Annuler le reçu</summary>
        <div class="body">
          <p class="action-hint">
            Le reçu ne vaut plus ; son numéro reste dans la série, avec le motif. Pour une erreur de
            nom ou d’adresse, corrigez plutôt.
          </p>
          <form
            method="post"
            action={`${base}/annuler`}
            data-confirm={`Annuler définitivement le reçu n° ${receipt.number} ? Cette action ne peut pas être défaite.`}
            data-confirm-title="Annuler le reçu"
            data-confirm-button="Annuler le reçu"
            data-confirm-danger="oui"
          >
            {csrf}
            <Field
              id="annulation-motif"
              name="motif"
              label="Motif de l’annulation"
              hint="Obligatoire ; il figure au registre et au journal."
              multiline
              required
              minlength={3}
              value={cancel?.motif}
            />
            <div class="field">
              <label class="check">
                <input
                  type="checkbox"
                  name="prevenir"
                  value="oui"
                  checked={cancel ? cancel.prevenir === 'oui' : true}
                />
                <span>Prévenir le donateur par e-mail</span>
              </label>
            </div>
            <ConfirmField label="Je confirme l’annulation de ce reçu." />
            <button type="submit" class="danger">
              Annuler le reçu
            </button>
          </form>
        </div>
      </details>
      <details class="action" open={failed?.action === 'corriger'}>
        <summary>Corriger le donateur</summary>
        <div class="body">
          <p class="action-hint">
            Un reçu émis ne se modifie pas : celui-ci sera annulé et remplacé par un nouveau numéro,
            envoyé au donateur avec la mention « annule et remplace ».
          </p>
          <form
            method="post"
            action={`${base}/corriger`}
            data-donor-form
            data-confirm={`Annuler le reçu n° ${receipt.number} et émettre un nouveau reçu avec ces données ?`}
            data-confirm-title="Corriger le reçu"
            data-confirm-button="Corriger et émettre"
          >
            {csrf}
            <DonorFields
              id="correction"
              values={
                correct
                  ? { ...donorValues(receipt.snapshot.donor), ...correct }
                  : donorValues(receipt.snapshot.donor)
              }
            />
            <Field
              id="correction-motif"
              name="motif"
              label="Motif de la correction"
              hint="Par exemple : faute dans le nom signalée par le donateur."
              multiline
              required
              minlength={3}
              value={correct?.motif}
            />
            <ConfirmField label="Je confirme l’annulation de ce reçu et l’émission d’un nouveau." />
            <button type="submit">Corriger et émettre le nouveau reçu</button>
          </form>
        </div>
      </details>
    </>
  )
}
