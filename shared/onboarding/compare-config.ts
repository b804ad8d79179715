import type { AssociationConfig } from '../config/association-config-schema.js'
import { counterpartOutcome } from '../config/counterpart-rule.js'
import { deductibilitySummary } from '../config/deductibility-summary.js'
import { placeholderFields } from '../config/load-association-config.js'
import type { CustomFieldRef } from '../config/schema/custom-field-schema.js'
import type { Tier } from '../config/schema/tier-schema.js'
import { formatEuros } from '../domain/money.js'
import { findTier, NO_TIER_MAPPINGS, type TierMappings } from '../process/match-tier.js'
import { isWordPrefix, labelWords, normalizeLabel } from '../process/normalize-label.js'
import type { CheckLine } from './check-line.js'
import type { LiveCustomField, LiveForms, LiveTier } from './read-live-forms.js'

const COMPANY_FIELDS = ['companyName', 'siren', 'legalForm', 'budget'] as const

/**
 * The configuration file against the forms HelloAsso has today, each line saying what to do in
 * the treasurer's words. What the file alone tells (placeholders, signature, deductibility) is
 * checkConfigFile's; this is what only the live forms and the organisation's record tell.
 */
export function compareConfig(
  config: AssociationConfig,
  live: LiveForms,
  mappings: TierMappings = NO_TIER_MAPPINGS,
): CheckLine[] {
  const memberships = live.tiers.filter((t) => t.form.formType === 'Membership')
  const matched = new Set<string>()
  const lines = memberships.map((live) => tierLine(config, live, matched, mappings))
  for (const tier of config.tiers) {
    if (!matched.has(tier.key))
      lines.push({
        level: 'action',
        text: `Le palier « ${tier.label} » (clé ${tier.key}) du fichier ne correspond à aucun palier des formulaires HelloAsso. À faire : vérifiez ses ids (« tiers[].match.tierIds ») et ses libellés (« tiers[].match.labels ») ; retirez-le s’il n’existe plus.`,
      })
  }
  lines.push(...organizationIssuerLines(live))
  lines.push(...receiptIssuerLines(config, live.tiers))
  lines.push(...companyFieldLines(config, live.customFields))
  return lines
}

/**
 * HelloAsso issuing receipts for the whole organisation (OrganizationPublicModel, February
 * 2026). Its receipt settings left the public API in October 2025: only the back office can
 * turn them off.
 */
function organizationIssuerLines(live: LiveForms): CheckLine[] {
  if (!live.organization?.fiscalReceiptIssuanceEnabled) return []
  return [
    {
      level: 'action',
      text: 'HelloAsso émet lui-même des reçus fiscaux pour l’association (« fiscalReceiptIssuanceEnabled ») : un paiement aurait deux reçus, de deux émetteurs, dans deux séries de numéros, et le total de l’article 222 bis serait faux. À faire : dans l’espace HelloAsso de l’association (Mon compte › Reçus fiscaux), désactivez l’émission des reçus fiscaux par HelloAsso ; l’API ne permet plus de le faire depuis octobre 2025.',
    },
  ]
}

/**
 * What each tier's receipt will say, from the same rules the processing applies. A tier whose
 * counterparts exceed the limits sends every payment to review: that needs a decision now.
 */
export function deductibilityLines(config: AssociationConfig): CheckLine[] {
  return deductibilitySummary(config).map((text, index) => {
    const tier = config.tiers[index]
    const exceeds =
      tier !== undefined &&
      tier.receipt.kind !== 'none' &&
      counterpartOutcome(config.counterpartRules, tier, tier.amountCents).kind === 'exceeds'
    return { level: exceeds ? 'action' : 'ok', text: `Déductibilité : ${text}` }
  })
}

function tierLine(
  config: AssociationConfig,
  live: LiveTier,
  matched: Set<string>,
  mappings: TierMappings,
): CheckLine {
  const { tier, form } = live
  const label = tier.label ?? `palier ${tier.id}`
  const price = tier.price ?? 0
  const seen = `Le palier HelloAsso « ${label} » (id ${tier.id}, ${formatEuros(price)} €, formulaire « ${form.title} »)`
  const match = findTier(
    config,
    { id: tier.id, type: 'Membership', name: tier.label ?? null, tierId: tier.id, amount: price },
    mappings,
  )
  const addId = `ajoutez l’id ${tier.id} à « tiers[].match.tierIds »`
  if (match.kind === 'none')
    return {
      level: 'action',
      text: `${seen} ne correspond à aucun palier du fichier : ses paiements iront en vérification. À faire : ${addId} du palier qui lui correspond, ou ajoutez un palier pour lui.`,
    }
  if (match.kind === 'ambiguous')
    return {
      level: 'action',
      text: `${seen} commence comme plusieurs paliers du fichier (${match.tiers.map((t) => `« ${t.label} »`).join(', ')}) : ses paiements iront en vérification. À faire : ${addId} du bon palier.`,
    }
  matched.add(match.tier.key)
  if (match.kind === 'prefix-amount-differs' || match.tier.amountCents !== price)
    return {
      level: 'action',
      text: `${seen} coûte ${formatEuros(price)} €, mais le palier « ${match.tier.label} » (clé ${match.tier.key}) du fichier dit ${formatEuros(match.tier.amountCents)} € : ses paiements iront en vérification. À faire : si le prix a changé sur HelloAsso, corrigez « amountCents » (${price}) du palier ${match.tier.key}${match.kind === 'prefix-amount-differs' ? ` et ${addId} de ce palier` : ''}.`,
    }
  // A prefix is a guess: « Base – personne morale » at 50 € is not the individual « Base ».
  if (match.kind === 'prefix-only')
    return {
      level: 'action',
      text: `${seen} est pris pour le palier « ${match.tier.label} » (clé ${match.tier.key}) seulement parce que son libellé commence par « ${prefixLabel(match.tier, label)} », au même prix : rien ne dit que c’est le même palier (un reçu de particulier irait peut-être à une entreprise) : ses paiements iront en vérification. À faire : si c’est bien lui, ${addId} du palier ${match.tier.key} (ou « Rattacher à un palier » sur le premier paiement) ; sinon, ajoutez un palier pour lui.`,
    }
  if (match.by === 'id')
    return {
      level: 'ok',
      text: `${seen} : palier « ${match.tier.label} » (clé ${match.tier.key}), reconnu par son id, même prix.`,
    }
  if (match.by === 'mapping')
    return {
      level: 'ok',
      text: `${seen} : palier « ${match.tier.label} » (clé ${match.tier.key}), rattaché depuis la page « À vérifier », même prix.`,
    }
  return {
    level: 'conseil',
    text: `${seen} : palier « ${match.tier.label} » (clé ${match.tier.key}), reconnu par son libellé seulement. Conseil : ${addId} du palier ${match.tier.key}, pour qu’un libellé modifié sur HelloAsso ne l’envoie pas en vérification.`,
  }
}

/** The configured label that begins HelloAsso's. */
function prefixLabel(tier: Tier, liveLabel: string): string {
  const words = labelWords(liveLabel)
  return tier.match.labels.find((l) => isWordPrefix(labelWords(l), words)) ?? tier.label
}

/** HelloAsso issuing receipts on a tier we receipt too: two issuers, two numbering series. */
function receiptIssuerLines(config: AssociationConfig, tiers: LiveTier[]): CheckLine[] {
  return tiers
    .filter(({ tier }) => tier.isEligibleTaxReceipt)
    .filter(({ form }) => form.formType === 'Membership' || config.donations.eligible)
    .map(({ tier, form }) => ({
      level: 'action' as const,
      text: `HelloAsso émet lui-même des reçus fiscaux sur le palier « ${tier.label ?? tier.id} » (id ${tier.id}, formulaire « ${form.title} ») : un paiement aurait deux reçus, de deux émetteurs, dans deux séries de numéros (ces paiements vont en vérification). À faire : dans l’espace HelloAsso de l’association, désactivez les reçus fiscaux de ce palier${form.formType === 'Donation' ? ', ou mettez « donations.eligible » à false dans le fichier pour laisser HelloAsso les émettre' : ''}.`,
    }))
}

function companyFieldLines(config: AssociationConfig, fields: LiveCustomField[]): CheckLine[] {
  const lines: CheckLine[] = []
  for (const key of COMPANY_FIELDS) {
    const ref = config.helloAsso.companyFields[key]
    if (!ref || fields.some((field) => refersTo(ref, field))) continue
    const named = [ref.name && `« ${ref.name} »`, ref.id && `id ${ref.id}`].filter(Boolean)
    const known = fields.map((f) => `« ${f.name} »${f.id ? ` (id ${f.id})` : ''}`).join(', ')
    lines.push({
      level: 'action',
      text: `Le champ « helloAsso.companyFields.${key} » désigne le champ personnalisé ${named.join(', ')}, qu’aucun formulaire HelloAsso n’a : les reçus entreprise iront en vérification. À faire : corrigez son nom ou son id dans le fichier${known ? ` (champs existants : ${known})` : ''}, ou ajoutez ce champ au formulaire d’adhésion.`,
    })
  }
  return lines
}

function refersTo(ref: CustomFieldRef, field: LiveCustomField): boolean {
  if (ref.id !== undefined && field.id === ref.id) return true
  return ref.name !== undefined && normalizeLabel(ref.name) === normalizeLabel(field.name)
}

export function placeholderLines(config: AssociationConfig): CheckLine[] {
  return placeholderFields(config).map((field) => ({
    level: 'action' as const,
    text: `« ${field} » est encore à renseigner : sans la vraie valeur, le serveur refuse d’émettre des reçus valables (il n’émet que des SPECIMEN). À faire : remplacez-la dans le fichier de configuration.`,
  }))
}
