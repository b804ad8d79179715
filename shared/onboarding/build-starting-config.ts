import { PLACEHOLDER, PLACEHOLDER_SIREN } from '../config/default-association-config.js'
import { formatEuros } from '../domain/money.js'
import { guessPayerKind, proposeCompanyFields, tierKey } from './guess-from-labels.js'
import type { LiveForms } from './read-live-forms.js'

export const TO_CONFIRM = 'à confirmer'

export interface StartingConfig {
  /** The file's content: valid against the schema, with « À renseigner » where only a person knows. */
  config: Record<string, unknown>
  /** Every guess, in French, with what to check. */
  guesses: string[]
}

const DEFAULT_VALIDITY = { kind: 'rolling-months', months: 12 } as const

/**
 * A first configuration from the organisation's live forms: tier ids and amounts as HelloAsso
 * has them, everything else a guess the treasurer confirms, or a placeholder they fill in.
 */
export function buildStartingConfig(live: LiveForms): StartingConfig {
  const guesses: string[] = []
  const taken = new Set<string>()
  const memberships = live.tiers.filter((t) => t.form.formType === 'Membership')
  const tiers = memberships.map(({ tier, form }) => {
    const label = tier.label?.trim() || `Palier ${tier.id}`
    const payerKind = guessPayerKind(label)
    const amountCents = tier.price ?? tier.minAmount ?? 0
    const key = tierKey(label, taken)
    guesses.push(
      `Palier « ${label} » (id ${tier.id}, ${formatEuros(amountCents)} €) : payeur deviné « ${payerKind === 'organisation' ? 'organisation (Cerfa 16216, 60 %)' : 'particulier (Cerfa 11580, 66 %)'} » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « ${TO_CONFIRM} ».`,
    )
    if (!tier.price)
      guesses.push(
        `Palier « ${label} » : prix libre sur HelloAsso ; le montant ${formatEuros(amountCents)} € est le minimum. Tout autre montant ira en vérification : indiquez le montant attendu dans « amountCents ».`,
      )
    if (tier.isEligibleTaxReceipt)
      guesses.push(
        `Palier « ${label} » : HelloAsso émet déjà des reçus fiscaux dessus. Désactivez-les dans l’espace HelloAsso, sinon ses paiements iront en vérification (deux émetteurs, deux séries).`,
      )
    return {
      key,
      label,
      [TO_CONFIRM]: 'payerKind deviné d’après le libellé',
      payerKind,
      amountCents,
      reductionRatePercent: payerKind === 'organisation' ? 60 : 66,
      match: { tierIds: [tier.id], labels: [label] },
      validity: DEFAULT_VALIDITY,
      _form: form.formSlug,
    }
  })
  guesses.push(
    `Validité des adhésions : « année glissante » de 12 mois par défaut (« validity »). Si vos adhésions courent sur l’année civile ou une saison, changez « validity » de chaque palier.`,
  )
  if (tiers.length === 0)
    guesses.push(
      'Aucun palier d’adhésion trouvé sur HelloAsso : un palier « À renseigner » est écrit pour que le fichier soit complet ; remplacez-le ou ajoutez vos paliers.',
    )
  const companyFields = proposeCompanyFields(live.customFields)
  for (const [key, field] of Object.entries(companyFields))
    guesses.push(
      `Données entreprise : le champ personnalisé « ${field.name} »${field.id ? ` (id ${field.id})` : ''} est proposé pour « helloAsso.companyFields.${key} » d’après son nom. Vérifiez qu’il porte bien cette donnée.`,
    )
  if (tiers.some((t) => t.payerKind === 'organisation') && !companyFields.siren)
    guesses.push(
      'Aucun champ personnalisé ne semble porter le SIREN : un reçu entreprise (Cerfa 16216) l’exige. Ajoutez ce champ au formulaire d’adhésion, puis son nom à « helloAsso.companyFields.siren ».',
    )
  const name = live.organizationName ?? PLACEHOLDER
  guesses.push(
    'Identité de l’association (numéro SIREN ou RNA, adresse, objet, signataire, expéditeur des e-mails) : remplacez chaque « À renseigner ». Le serveur refuse d’émettre des reçus valables tant qu’il en reste (npm run receipts -- check-config les liste).',
  )
  return {
    config: {
      id: live.organizationSlug.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      association: {
        name,
        registrationNumber: { kind: 'SIREN', value: PLACEHOLDER_SIREN },
        address: {
          street: PLACEHOLDER,
          postalCode: PLACEHOLDER,
          city: PLACEHOLDER,
          country: 'France',
        },
        object: PLACEHOLDER,
        organismeType: 'association-loi-1901',
        signatory: { name: PLACEHOLDER, capacity: PLACEHOLDER },
      },
      mail: { from: PLACEHOLDER },
      helloAsso: {
        organizationSlug: live.organizationSlug,
        companyFields: Object.fromEntries(
          Object.entries(companyFields).map(([key, field]) => [
            key,
            { ...(field.id ? { id: field.id } : {}), name: field.name },
          ]),
        ),
      },
      tiers:
        tiers.length > 0
          ? tiers.map(({ _form, ...tier }) => tier)
          : [
              {
                key: 'adhesion',
                label: PLACEHOLDER,
                payerKind: 'individual',
                amountCents: 0,
                reductionRatePercent: 66,
                match: { tierIds: [], labels: [] },
                validity: DEFAULT_VALIDITY,
              },
            ],
    },
    guesses,
  }
}
