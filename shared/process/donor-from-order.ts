import type { AssociationConfig } from '../config/association-config-schema.js'
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
          'Adresse postale du payeur incomplète : un reçu fiscal exige une adresse complète.',
      },
    }
  if (payerKind === 'individual') {
    const lastName = payer.lastName?.trim()
    const firstNames = payer.firstName?.trim()
    if (!lastName || !firstNames)
      return { issue: { reason: 'address-missing', message: 'Nom ou prénom du payeur manquant.' } }
    return { donor: { kind: 'individual', lastName, firstNames, address } }
  }
  const fields = config.helloAsso.companyFields
  const name = customFieldAnswer(order, fields.companyName) ?? payer.company?.trim()
  const siren = sirenFrom(customFieldAnswer(order, fields.siren))
  const legalForm =
    customFieldAnswer(order, fields.legalForm) ?? (name ? legalFormInName(name) : undefined)
  const missing = [
    !name && 'dénomination',
    !legalForm && 'forme juridique',
    !siren && 'SIREN',
  ].filter(Boolean)
  if (!name || !legalForm || !siren) {
    return {
      issue: {
        reason: 'company-data-missing',
        message: `Reçu entreprise (Cerfa 16216) : ${missing.join(', ')} manquant(s).`,
      },
    }
  }
  return { donor: { kind: 'company', name, legalForm, siren, address } }
}

function postalAddress(payer: NonNullable<Order['payer']>): PostalAddress | undefined {
  const street = payer.address?.trim()
  const postalCode = payer.zipCode?.trim()
  const city = payer.city?.trim()
  if (!street || !postalCode || !city) return undefined
  return { street, postalCode, city, country: countryName(payer.country) }
}
