import type { AssociationConfig, CustomFieldRef } from '../config/association-config-schema.js'
import type { Order } from '../helloasso/schemas.js'
import type { Donor, PostalAddress } from '../receipts/receipt-snapshot.js'
import type { Issue } from './analyse-order.js'
import { countryName } from './country-name.js'
import { customFieldAnswer } from './custom-field.js'
import { legalFormInName, sirenFrom } from './legal-form.js'

/**
 * The receipt goes to the payer, who paid (the member may be someone else). A receipt needs a
 * complete postal address; a company receipt also needs name, legal form and SIREN (Cerfa 16216).
 */
export function donorFromOrder(
  config: AssociationConfig,
  order: Order,
  payerKind: 'individual' | 'organisation',
): { donor: Donor } | { issue: Issue } {
  const payer = order.payer ?? {}
  const address = postalAddress(payer)
  if (!address)
    return {
      issue: {
        reason: 'address-missing',
        message:
          'Adresse postale du payeur incomplète : un reçu fiscal exige une adresse complète. À faire : demandez-la au payeur, puis « Compléter et émettre le reçu » avec l’adresse.',
      },
    }
  if (payerKind === 'individual') {
    const lastName = payer.lastName?.trim()
    const firstNames = payer.firstName?.trim()
    if (!lastName || !firstNames)
      return {
        issue: {
          reason: 'address-missing',
          message:
            'Nom ou prénom du payeur manquant. À faire : complétez-les avec « Compléter et émettre le reçu ».',
        },
      }
    return { donor: { kind: 'individual', lastName, firstNames, address } }
  }
  const fields = config.helloAsso.companyFields
  const name = customFieldAnswer(order, fields.companyName) ?? payer.company?.trim()
  const siren = sirenFrom(customFieldAnswer(order, fields.siren))
  const legalForm =
    customFieldAnswer(order, fields.legalForm) ?? (name ? legalFormInName(name) : undefined)
  const missing = [
    !name && missingField('la dénomination', 'companyName', fields.companyName),
    !legalForm && missingField('la forme juridique', 'legalForm', fields.legalForm),
    !siren && missingField('le SIREN', 'siren', fields.siren),
  ].filter((text) => typeof text === 'string')
  if (!name || !legalForm || !siren) {
    return {
      issue: {
        reason: 'company-data-missing',
        message: `Reçu entreprise (Cerfa 16216) : ${missing.join(' ; ')}. À faire : complétez les données avec « Compléter et émettre le reçu ».`,
      },
    }
  }
  return { donor: { kind: 'company', name, legalForm, siren, address } }
}

/** Which custom field should have carried the value, or that none is named in the configuration. */
function missingField(what: string, key: string, ref: CustomFieldRef | undefined): string {
  if (!ref)
    return `${what} manque, et aucun champ personnalisé HelloAsso n’est indiqué pour la porter (ajoutez son nom ou son id à « helloAsso.companyFields.${key} » dans le fichier de configuration)`
  const named = [ref.name && `« ${ref.name} »`, ref.id && `id ${ref.id}`].filter(Boolean).join(', ')
  return `${what} manque : le champ personnalisé HelloAsso ${named} (« helloAsso.companyFields.${key} ») n’a pas de réponse valable dans la commande`
}

function postalAddress(payer: NonNullable<Order['payer']>): PostalAddress | undefined {
  const street = payer.address?.trim()
  const postalCode = payer.zipCode?.trim()
  const city = payer.city?.trim()
  if (!street || !postalCode || !city) return undefined
  return { street, postalCode, city, country: countryName(payer.country) }
}
