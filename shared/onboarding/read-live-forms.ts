import { AppError } from '../errors.js'
import type { PublicForm, PublicTier } from '../helloasso/form-schemas.js'
import type { HelloAssoClient } from '../helloasso/helloasso-client.js'
import type { Organization } from '../helloasso/schemas.js'

/** The form types whose payments this product turns into memberships and receipts. */
const RELEVANT_TYPES = new Set(['Membership', 'Donation'])
/** Custom fields of recent orders: a few pages are enough to see the fields forms ask. */
const RECENT_ORDER_PAGES = 3
const RECENT_DAYS = 365

export interface LiveTier {
  form: { formSlug: string; formType: string; title: string }
  tier: PublicTier
}

/** A custom field a form asks or an order answered: by id (stable) and name (as shown). */
export interface LiveCustomField {
  id?: number
  name: string
}

export interface LiveForms {
  organizationSlug: string
  organizationName?: string
  /** The organisation's public record, when HelloAsso gives it (RNA, address, its own receipts). */
  organization?: Organization
  forms: PublicForm[]
  tiers: LiveTier[]
  customFields: LiveCustomField[]
}

/**
 * What HelloAsso says the organisation sells today: its membership and donation forms (not
 * deleted) with their tiers, and the custom fields its forms ask, seen on the tiers and on the
 * orders of the last year.
 */
export async function readLiveForms(
  client: HelloAssoClient,
  organizationSlug: string,
  now: Date = new Date(),
): Promise<LiveForms> {
  const listed = (await client.listForms(organizationSlug)).filter(
    (form) => RELEVANT_TYPES.has(form.formType) && form.state !== 'Deleted',
  )
  const forms: PublicForm[] = []
  for (const form of listed) forms.push(await client.getPublicForm(organizationSlug, form))
  const tiers = forms.flatMap((form) =>
    (form.tiers ?? []).map((tier) => ({
      form: {
        formSlug: form.formSlug,
        formType: form.formType,
        title: form.title ?? form.formSlug,
      },
      tier,
    })),
  )
  const fields = new Map<string, LiveCustomField>()
  const add = (id: number | null | undefined, name: string | null | undefined) => {
    if (!name?.trim()) return
    fields.set(`${id ?? ''}#${name.trim()}`, { ...(id ? { id } : {}), name: name.trim() })
  }
  for (const { tier } of tiers)
    for (const field of tier.customFields ?? []) add(field.id, field.label)
  for (const field of await recentOrderFields(client, organizationSlug, now))
    add(field.id, field.name)
  const organization = await readOrganization(client, organizationSlug)
  const organizationName =
    organization?.name ?? (forms[0] as { organizationName?: unknown } | undefined)?.organizationName
  return {
    organizationSlug,
    ...(typeof organizationName === 'string' ? { organizationName } : {}),
    ...(organization ? { organization } : {}),
    forms,
    tiers,
    customFields: [...fields.values()],
  }
}

/** The public record; an organisation HelloAsso does not show (404) has none. */
async function readOrganization(
  client: HelloAssoClient,
  organizationSlug: string,
): Promise<Organization | undefined> {
  try {
    return await client.getOrganization(organizationSlug)
  } catch (error) {
    if (error instanceof AppError && error.code === 'helloasso.notFound') return undefined
    throw error
  }
}

async function recentOrderFields(
  client: HelloAssoClient,
  organizationSlug: string,
  now: Date,
): Promise<{ id?: number | null | undefined; name?: string | null | undefined }[]> {
  const from = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString()
  const found: { id?: number | null; name?: string | null }[] = []
  let pages = 0
  for await (const page of client.listOrders({
    organizationSlug,
    from,
    to: now.toISOString(),
    formTypes: [...RELEVANT_TYPES],
  })) {
    for (const order of page.orders)
      for (const item of order.items) found.push(...(item.customFields ?? []))
    if (++pages >= RECENT_ORDER_PAGES) break
  }
  return found
}
