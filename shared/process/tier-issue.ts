import type { Tier } from '../config/schema/tier-schema.js'
import { formatEuros } from '../domain/money.js'
import type { OrderItem } from '../helloasso/schemas.js'
import type { Issue } from './issue.js'
import type { TierMatch } from './match-tier.js'

const AFTER_FIX =
  'puis redémarrez le serveur (sur AWS : redéployez) et cliquez sur « Réexaminer » : le paiement sera analysé de nouveau.'

const MAP_IT =
  '« Rattacher à un palier » : ce paiement et les suivants de ce palier HelloAsso recevront leur reçu, sans redémarrage'

/**
 * The review issue of a membership item whose tier is not trusted, saying what to do: with a
 * HelloAsso tier id, « Rattacher à un palier » on the review page (stored in the table, applied
 * at once); without one, only a label in the configuration file can place it. The treasurer
 * reads it on the review page, not in the code.
 */
export function tierIssue(item: OrderItem, match: Exclude<TierMatch, { kind: 'matched' }>): Issue {
  const label = item.name ?? item.type
  const seen = `« ${label} » (${idText(item)}${formatEuros(item.amount)} €)`
  const byFile = item.tierId
    ? ` Vous pouvez aussi ajouter l’id ${item.tierId} à « tiers[].match.tierIds » du palier dans le fichier de configuration (pris en compte au prochain démarrage).`
    : ''
  const addLabel = `ajoutez le libellé exact « ${label} » à « tiers[].match.labels »`
  if (match.kind === 'ambiguous')
    return {
      reason: 'tier-unknown',
      message: item.tierId
        ? `Palier ambigu pour l’adhésion ${seen} : les libellés de plusieurs paliers (${match.tiers.map(tierName).join(', ')}) en sont le début. À faire : choisissez le bon avec ${MAP_IT}.${byFile}`
        : `Palier ambigu pour l’adhésion ${seen} : les libellés de plusieurs paliers (${match.tiers.map(tierName).join(', ')}) en sont le début. À faire : dans le fichier de configuration, ${addLabel} du bon palier, ${AFTER_FIX}`,
    }
  if (match.kind === 'prefix-only')
    return {
      reason: 'tier-unknown',
      message: item.tierId
        ? `L’adhésion ${seen} ressemble au palier ${tierName(match.tier)}, au même prix, mais son libellé HelloAsso n’est pas celui du palier : elle n’y est pas rattachée d’office (un palier « … – personne morale » n’appelle pas le même reçu qu’un palier de particulier). À faire : si c’est bien ${tierName(match.tier)}, choisissez-le avec ${MAP_IT} ; sinon choisissez le bon palier, ou classez sans suite.${byFile}`
        : `L’adhésion ${seen} ressemble au palier ${tierName(match.tier)}, au même prix, mais son libellé HelloAsso n’est pas celui du palier : elle n’y est pas rattachée d’office. À faire : si c’est bien ce palier, ${addLabel} du palier « ${match.tier.key} » dans le fichier de configuration, ${AFTER_FIX} Sinon, classez-le sans suite.`,
    }
  if (match.kind === 'prefix-amount-differs')
    return {
      reason: 'tier-unknown',
      message: item.tierId
        ? `L’adhésion ${seen} ressemble au palier ${tierName(match.tier)}, mais ce palier coûte ${formatEuros(match.tier.amountCents)} € : elle n’y est pas rattachée d’office. À faire : choisissez le bon palier avec ${MAP_IT} (si c’est bien ${tierName(match.tier)}, l’écart de montant restera à décider ici).${byFile}`
        : `L’adhésion ${seen} ressemble au palier ${tierName(match.tier)}, mais ce palier coûte ${formatEuros(match.tier.amountCents)} € : elle n’y est pas rattachée d’office. À faire : si c’est bien ce palier, ${addLabel} du palier « ${match.tier.key} » dans le fichier de configuration (l’écart de montant restera alors à décider ici) ; sinon ajoutez-le au bon palier ; ${AFTER_FIX}`,
    }
  return {
    reason: 'tier-unknown',
    message: item.tierId
      ? `Palier inconnu pour l’adhésion ${seen}. À faire : si ce paiement correspond à l’un de vos paliers, choisissez-le avec ${MAP_IT}. Sinon, classez-le sans suite.${byFile}`
      : `Palier inconnu pour l’adhésion ${seen}, sans id de palier HelloAsso. À faire : si ce paiement correspond à l’un de vos paliers, ${addLabel} de ce palier dans le fichier de configuration, ${AFTER_FIX} Sinon, classez-le sans suite.`,
  }
}

/** A matched tier paid another amount: a discount or a free price. */
export function amountIssue(item: OrderItem, tier: Tier): Issue {
  return {
    reason: 'amount-mismatch',
    message: `L’adhésion « ${item.name ?? item.type} » (palier ${tierName(tier)}) a été payée ${formatEuros(item.amount)} € au lieu de ${formatEuros(tier.amountCents)} € (réduction ou prix libre). À faire : vérifiez le paiement sur HelloAsso, puis émettez le reçu sur le montant réellement versé avec « Compléter et émettre le reçu », ou classez sans suite.`,
  }
}

function idText(item: OrderItem): string {
  return item.tierId ? `id HelloAsso ${item.tierId}, ` : ''
}

function tierName(tier: Tier): string {
  return `« ${tier.label} »`
}
