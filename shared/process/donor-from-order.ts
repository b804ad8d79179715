import type { AssociationConfig } from '../config/association-config-schema.js'
import type { Order } from '../helloasso/schemas.js'
import type { Donor, PostalAddress } from '../receipts/receipt-snapshot.js'
import { companyDonor } from './company-donor.js'
import { countryName } from './country-name.js'
import type { Issue } from './issue.js'

/**
 * The receipt goes to the payer, who paid (the member may be someone else). A receipt needs a
 * complete postal address, country included (never assumed); a company receipt also needs
 * name, legal form and SIREN (Cerfa 16216), see companyDonor().
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
          'Adresse postale du payeur incomplète (rue, code postal, commune et pays) : un reçu fiscal exige une adresse complète. À faire : demandez-la au payeur, puis « Compléter et émettre le reçu » avec l’adresse.',
      },
    }
  if (payerKind === 'organisation') return companyDonor(config, order, address)
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

function postalAddress(payer: NonNullable<Order['payer']>): PostalAddress | undefined {
  const street = payer.address?.trim()
  const postalCode = payer.zipCode?.trim()
  const city = payer.city?.trim()
  const country = countryName(payer.country)
  if (!street || !postalCode || !city || !country) return undefined
  return { street, postalCode, city, country }
}
