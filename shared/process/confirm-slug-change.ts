import { AppError } from '../errors.js'
import type { Organization } from '../helloasso/schemas.js'
import { setNotificationStatus } from '../store/notification-store.js'
import { openReview } from '../store/review-store.js'
import { getKnownSlugs, recordSlugChange } from '../store/slug-store.js'
import type { ProcessDeps } from './process-deps.js'

export interface SlugChange {
  oldSlug: string
  newSlug: string
}

/**
 * An Organization event says our slug changed. Only the URL secret vouches for the body, so the
 * change is taken only when HelloAsso's API, asked with our own token, answers for the new slug
 * with our organisation's stable identifier (its RNA number). Anything else leaves the configured
 * slug in place and asks a person, saying what to check.
 */
export async function confirmSlugChange(
  deps: ProcessDeps,
  notificationId: string,
  change: SlugChange,
): Promise<'processed' | 'ignored'> {
  const configSlug = deps.config.helloAsso.organizationSlug
  const known = await getKnownSlugs(deps.table, configSlug)
  if (!known.includes(change.oldSlug)) {
    await setNotificationStatus(
      deps.table,
      notificationId,
      'ignored',
      'slug change for another organisation',
    )
    return 'ignored'
  }
  if (known[0] === change.newSlug) {
    await setNotificationStatus(deps.table, notificationId, 'processed', 'slug already current')
    return 'processed'
  }
  const refusal = await whyUnconfirmed(deps, known[0] ?? configSlug, change.newSlug)
  if (refusal) {
    await review(deps, notificationId, unconfirmedMessage(change, refusal))
    await setNotificationStatus(
      deps.table,
      notificationId,
      'ignored',
      `slug change not confirmed: ${refusal.code}`,
    )
    return 'ignored'
  }
  await recordSlugChange(
    deps.table,
    configSlug,
    change.oldSlug,
    change.newSlug,
    deps.now().toISOString(),
  )
  await review(
    deps,
    notificationId,
    `HelloAsso a changé le slug de l’association : « ${change.newSlug} » (ancien : « ${change.oldSlug} »), confirmé par l’API. Les notifications sous le nouveau slug sont traitées ; mettez à jour helloAsso.organizationSlug dans la configuration (ASSOCIATION_CONFIG).`,
  )
  await setNotificationStatus(deps.table, notificationId, 'processed', 'slug change confirmed')
  deps.log.info('organisation.slugChanged', { notificationId })
  return 'processed'
}

interface Refusal {
  code: 'unverified' | 'unknown-slug' | 'other-organisation' | 'no-identifier'
  text: string
}

async function whyUnconfirmed(
  deps: ProcessDeps,
  currentSlug: string,
  newSlug: string,
): Promise<Refusal | undefined> {
  const client = deps.helloAsso
  if (!client)
    return {
      code: 'unverified',
      text: 'le serveur tourne sans identifiants HelloAsso (mode non vérifié) et ne peut rien confirmer',
    }
  const answer = await orNotFound(client.getOrganization(newSlug))
  if (!answer || answer.organizationSlug !== newSlug)
    return { code: 'unknown-slug', text: 'l’API HelloAsso ne connaît pas ce slug' }
  const expected = await expectedRna(deps, currentSlug)
  if (!expected)
    return {
      code: 'no-identifier',
      text: 'aucun numéro RNA connu pour notre association (configuration ou API) auquel comparer',
    }
  if (normalizeRna(answer.rnaNumber) !== expected)
    return {
      code: 'other-organisation',
      text: 'l’API HelloAsso répond pour une organisation dont le numéro RNA n’est pas le nôtre',
    }
  return undefined
}

/** Our RNA: from the configuration, else as the API still answers it for our current slug. */
async function expectedRna(deps: ProcessDeps, currentSlug: string): Promise<string | undefined> {
  const registration = deps.config.association.registrationNumber
  if (registration.kind === 'RNA') return normalizeRna(registration.value)
  const current = await orNotFound(
    (deps.helloAsso as NonNullable<ProcessDeps['helloAsso']>).getOrganization(currentSlug),
  )
  return current?.organizationSlug === currentSlug ? normalizeRna(current.rnaNumber) : undefined
}

function normalizeRna(value: string | null | undefined): string | undefined {
  const rna = value?.replace(/\s+/g, '').toUpperCase()
  return rna ? rna : undefined
}

function unconfirmedMessage(change: SlugChange, refusal: Refusal): string {
  return `HelloAsso signale un nouveau slug d’organisation : « ${change.newSlug} » (ancien : « ${change.oldSlug} »), mais l’API ne confirme pas que c’est notre association : ${refusal.text}. Le slug configuré reste utilisé. Vérifiez dans votre espace HelloAsso l’adresse publique de l’association ; si « ${change.newSlug} » est bien la vôtre, mettez à jour helloAsso.organizationSlug dans la configuration (ASSOCIATION_CONFIG) et redémarrez, sinon classez cet élément.`
}

async function review(deps: ProcessDeps, notificationId: string, message: string): Promise<void> {
  await openReview(deps.table, {
    orgId: deps.table.orgId,
    id: `notification-${notificationId}`,
    reasons: ['organisation-slug-changed'],
    message,
    status: 'open',
    createdAt: deps.now().toISOString(),
    refs: { notificationId },
  })
}

async function orNotFound(promise: Promise<Organization>): Promise<Organization | undefined> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof AppError && error.code === 'helloasso.notFound') return undefined
    throw error
  }
}
