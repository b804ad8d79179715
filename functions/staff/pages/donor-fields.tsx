import type { Donor } from '../../../shared/receipts/receipt-snapshot.js'
import { Field } from './field.js'

/** The donor form's fields, by name: the same for a correction and for a review decision. */
export interface DonorValues {
  type: 'particulier' | 'entreprise'
  nom: string
  prenoms: string
  denomination: string
  forme_juridique: string
  siren: string
  rue: string
  code_postal: string
  commune: string
  pays: string
}

export function donorValues(donor: Donor | undefined): DonorValues {
  const address = donor?.address
  return {
    type: donor?.kind === 'company' ? 'entreprise' : 'particulier',
    nom: donor?.kind === 'individual' ? donor.lastName : '',
    prenoms: donor?.kind === 'individual' ? donor.firstNames : '',
    denomination: donor?.kind === 'company' ? donor.name : '',
    forme_juridique: donor?.kind === 'company' ? donor.legalForm : '',
    siren: donor?.kind === 'company' ? donor.siren : '',
    rue: address?.street ?? '',
    code_postal: address?.postalCode ?? '',
    commune: address?.city ?? '',
    pays: address?.country ?? '',
  }
}

/**
 * Both kinds of donor are in the page; the script shows only the chosen one. Without script
 * all fields show, and the server reads those of the kind ticked.
 */
export function DonorFields({ id, values }: { id: string; values: DonorValues }) {
  return (
    <>
      <fieldset>
        <legend>Le donateur est</legend>
        <div class="radios">
          <label class="check">
            <input
              type="radio"
              name="type"
              value="particulier"
              checked={values.type === 'particulier'}
            />
            <span>un particulier (Cerfa 11580)</span>
          </label>
          <label class="check">
            <input
              type="radio"
              name="type"
              value="entreprise"
              checked={values.type === 'entreprise'}
            />
            <span>une entreprise (Cerfa 16216)</span>
          </label>
        </div>
      </fieldset>
      <fieldset data-donor-kind="particulier">
        <legend>Particulier</legend>
        <div class="field-row">
          <Field id={`${id}-nom`} name="nom" label="Nom" value={values.nom} autocomplete="off" />
          <Field id={`${id}-prenoms`} name="prenoms" label="Prénom(s)" value={values.prenoms} />
        </div>
      </fieldset>
      <fieldset data-donor-kind="entreprise">
        <legend>Entreprise</legend>
        <Field
          id={`${id}-denomination`}
          name="denomination"
          label="Dénomination"
          value={values.denomination}
        />
        <div class="field-row">
          <Field
            id={`${id}-forme`}
            name="forme_juridique"
            label="Forme juridique"
            hint="SAS, SARL, association…"
            value={values.forme_juridique}
          />
          <Field
            id={`${id}-siren`}
            name="siren"
            label="SIREN"
            hint="9 chiffres"
            value={values.siren}
            inputmode="numeric"
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Adresse</legend>
        <Field id={`${id}-rue`} name="rue" label="Rue" value={values.rue} />
        <div class="field-row">
          <Field
            id={`${id}-code-postal`}
            name="code_postal"
            label="Code postal"
            value={values.code_postal}
          />
          <Field id={`${id}-commune`} name="commune" label="Commune" value={values.commune} />
          <Field id={`${id}-pays`} name="pays" label="Pays" value={values.pays} />
        </div>
      </fieldset>
    </>
  )
}
