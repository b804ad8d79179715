import { PLACEHOLDER } from '../config/default-association-config.js'
import { formatEuros } from '../domain/money.js'
import { normalizeLabel } from '../process/normalize-label.js'
import { guessPayerKind, proposeCompanyFields, tierKey } from './guess-from-labels.js'
import type { LiveForms, LiveTier } from './read-live-forms.js'
import { helloAssoIssuesReceipts, startingIdentity } from './starting-identity.js'
import { DEFAULT_VALIDITY, startingValidity } from './starting-validity.js'

export const TO_CONFIRM = 'à confirmer'

export interface StartingConfig {
  /** The file's content: valid against the schema, with « À renseigner » where only a person knows. */
  config: Record<string, unknown>
  /** Every guess, in French, with what to check. */
  guesses: string[]
}

/**
 * A first configuration from what HelloAsso knows: the organisation's record (RNA, address,
 * its own receipts), its membership tiers (ids, amounts, the forms' periods) and donation forms;
 * everything else a guess the treasurer confirms, or a placeholder they fill in.
 */
export function buildStartingConfig(live: LiveForms): StartingConfig {
  const guesses: string[] = [...helloAssoIssuesReceipts(live.organization)]
  const { tiers, tierGuesses } = startingTiers(live)
  guesses.push(...tierGuesses, ...validityGuesses(live), ...donationGuesses(live))
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
  const identity = startingIdentity(live.organization)
  guesses.push(
    ...identity.guesses,
    'Identité de l’association (numéro SIREN ou RNA, adresse, objet, signataire, expéditeur des e-mails) : remplacez chaque « À renseigner ». Le serveur refuse d’émettre des reçus valables tant qu’il en reste (npm run receipts -- check-config les liste).',
  )
  return {
    config: {
      id: live.organizationSlug.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      association: {
        name: live.organizationName ?? PLACEHOLDER,
        registrationNumber: identity.registrationNumber,
        address: identity.address,
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
      tiers: tiers.length > 0 ? tiers : [PLACEHOLDER_TIER],
      ...(donationForms(live).length > 0 ? { donations: { eligible: true } } : {}),
    },
    guesses,
  }
}

const PLACEHOLDER_TIER = {
  key: 'adhesion',
  label: PLACEHOLDER,
  payerKind: 'individual',
  amountCents: 0,
  reductionRatePercent: 66,
  match: { tierIds: [], labels: [] },
  validity: DEFAULT_VALIDITY,
}

/** One configured tier per membership tier, matched by its id (and by label, once per label). */
function startingTiers(live: LiveForms) {
  const tierGuesses: string[] = []
  const taken = new Set<string>()
  const labelsTaken = new Set<string>()
  const tiers = membershipTiers(live).map(({ tier, form }) => {
    const label = tier.label?.trim() || `Palier ${tier.id}`
    const payerKind = guessPayerKind(label)
    const amountCents = tier.price ?? tier.minAmount ?? 0
    tierGuesses.push(
      `Palier « ${label} » (id ${tier.id}, ${formatEuros(amountCents)} €) : payeur deviné « ${payerKind === 'organisation' ? 'organisation (Cerfa 16216, 60 %)' : 'particulier (Cerfa 11580, 66 %)'} » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « ${TO_CONFIRM} ».`,
    )
    if (!tier.price)
      tierGuesses.push(
        `Palier « ${label} » : prix libre sur HelloAsso ; le montant ${formatEuros(amountCents)} € est le minimum. Tout autre montant ira en vérification : indiquez le montant attendu dans « amountCents ».`,
      )
    if (tier.isEligibleTaxReceipt)
      tierGuesses.push(
        `Palier « ${label} » : HelloAsso émet déjà des reçus fiscaux dessus. Désactivez-les dans l’espace HelloAsso, sinon ses paiements iront en vérification (deux émetteurs, deux séries).`,
      )
    // Two tiers may share a label on HelloAsso; a label may match one tier only: the id decides.
    const fresh = !labelsTaken.has(normalizeLabel(label))
    labelsTaken.add(normalizeLabel(label))
    const fullForm = live.forms.find((f) => f.formSlug === form.formSlug)
    return {
      key: tierKey(label, taken),
      label,
      [TO_CONFIRM]: 'payerKind deviné d’après le libellé',
      payerKind,
      amountCents,
      reductionRatePercent: payerKind === 'organisation' ? 60 : 66,
      match: { tierIds: [tier.id], labels: fresh ? [label] : [] },
      validity: fullForm ? startingValidity(fullForm).validity : DEFAULT_VALIDITY,
    }
  })
  return { tiers, tierGuesses }
}

function membershipTiers(live: LiveForms): LiveTier[] {
  return live.tiers.filter((t) => t.form.formType === 'Membership')
}

/** One sentence per membership form with tiers: the period read, or the default said. */
function validityGuesses(live: LiveForms): string[] {
  const withTiers = new Set(membershipTiers(live).map((t) => t.form.formSlug))
  return live.forms
    .filter((form) => form.formType === 'Membership' && withTiers.has(form.formSlug))
    .flatMap((form) => startingValidity(form).guess ?? [])
}

function donationForms(live: LiveForms) {
  return live.forms.filter((form) => form.formType === 'Donation')
}

/** Donation forms: each gift gets a receipt for the amount given (tip excluded). */
function donationGuesses(live: LiveForms): string[] {
  return donationForms(live).map((form) => {
    const tiers = form.tiers ?? []
    const free = tiers.filter((tier) => !tier.price).length
    const issuing = tiers.some((tier) => tier.isEligibleTaxReceipt)
    return `Dons : le formulaire « ${form.title ?? form.formSlug} » (${free} palier${free > 1 ? 's' : ''} à montant libre) donne un reçu pour chaque don (« donations.eligible » : true).${issuing ? ' HelloAsso y émet aussi ses propres reçus : désactivez-les dans son espace, ou mettez « donations.eligible » à false pour les lui laisser.' : ''}`
  })
}
