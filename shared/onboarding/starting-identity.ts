import { PLACEHOLDER, PLACEHOLDER_SIREN } from '../config/default-association-config.js'
import type { Organization } from '../helloasso/schemas.js'

/** HelloAsso's RNA numbers look like ours: W and nine digits. */
const RNA = /^W\d{9}$/

/**
 * The Cerfa identity as far as HelloAsso's record gives it: its RNA number and its address,
 * each a guess the treasurer checks; what it cannot give stays « À renseigner ».
 */
export function startingIdentity(organization: Organization | undefined): {
  registrationNumber: { kind: 'SIREN' | 'RNA'; value: string }
  address: { street: string; postalCode: string; city: string; country: string }
  guesses: string[]
} {
  const rna = organization?.rnaNumber?.trim().toUpperCase()
  const street = organization?.address?.trim()
  const postalCode = organization?.zipCode?.trim()
  const city = organization?.city?.trim()
  const read: string[] = []
  if (rna && RNA.test(rna)) read.push(`numéro RNA ${rna}`)
  if (street && postalCode && city) read.push(`adresse « ${street}, ${postalCode} ${city} »`)
  const guesses =
    read.length > 0
      ? [
          `Identité lue sur HelloAsso : ${read.join(', ')}. Vérifiez-les : le reçu les imprime. Une association qui a un SIREN l’écrit de préférence (« registrationNumber » : {"kind": "SIREN", …}).`,
        ]
      : []
  return {
    registrationNumber:
      rna && RNA.test(rna)
        ? { kind: 'RNA', value: rna }
        : { kind: 'SIREN', value: PLACEHOLDER_SIREN },
    address: {
      street: street || PLACEHOLDER,
      postalCode: postalCode || PLACEHOLDER,
      city: city || PLACEHOLDER,
      country: 'France',
    },
    guesses,
  }
}

/** HelloAsso issuing receipts itself: two issuers, two series, a wrong art. 222 bis total. */
export function helloAssoIssuesReceipts(organization: Organization | undefined): string[] {
  return organization?.fiscalReceiptIssuanceEnabled
    ? [
        'HelloAsso émet lui-même des reçus fiscaux pour l’association (« fiscalReceiptIssuanceEnabled ») : avec ce service, un paiement aurait deux reçus, dans deux séries de numéros. Désactivez l’émission des reçus par HelloAsso dans son espace (Mon compte › Reçus fiscaux) avant de démarrer : l’API ne le permet plus depuis octobre 2025.',
      ]
    : []
}
