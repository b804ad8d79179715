import { describe, expect, it } from 'vitest'
import { getKnownSlugs } from '../../shared/store/slug-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { TEST_ORG_SLUG } from '../support/test-association-config.js'

/**
 * Issue 10, point 2: an Organization event is a claim, not a fact. The slug moves only when
 * HelloAsso's API, asked with our token, says the new slug is our organisation (same RNA).
 */
const { fake } = useFakeHelloAsso()
const FIXTURE = '01_order_membership_individual_50eur_with_tip'
const OUR_RNA = 'W261000000'

const slugChange = (newSlug: string, oldSlug = TEST_ORG_SLUG) => ({
  eventType: 'Organization',
  data: { old_slug_organization: oldSlug, new_slug_organization: newSlug },
})

function notificationUnder(slug: string) {
  const body = structuredClone(loadFixture(FIXTURE)) as { data: { organizationSlug: string } }
  body.data.organizationSlug = slug
  return body
}

describe('an Organization event moves the slug only once the API confirms it', () => {
  const t = useTestRuntime()
  const currentSlug = async () => (await getKnownSlugs(t.runtime.table, TEST_ORG_SLUG))[0]

  it('a confirmed change: the new slug answers with our RNA, notifications under it are processed', async () => {
    fake.putOrganization({ organizationSlug: 'rtl-drome', rnaNumber: OUR_RNA })
    expect((await t.post(slugChange('rtl-drome'))).status).toBe(200)
    await t.settle()
    expect(fake.calls.organizations).toContain('rtl-drome')
    expect(await currentSlug()).toBe('rtl-drome')

    fake.putOrder({ ...orderFromNotification(loadFixture(FIXTURE)), organizationSlug: 'rtl-drome' })
    await t.post(notificationUnder('rtl-drome'))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
  })

  it('a forged change to another organisation’s slug: the configured slug stays, review says what to check', async () => {
    fake.putOrganization({ organizationSlug: 'une-autre-asso', rnaNumber: 'W751234567' })
    expect((await t.post(slugChange('une-autre-asso'))).status).toBe(200)
    await t.settle()
    expect(await currentSlug()).toBe(TEST_ORG_SLUG)
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['organisation-slug-changed'])
    expect(review?.message).toContain('« une-autre-asso »')
    expect(review?.message).toMatch(/ne confirme pas/)
    expect(review?.message).toMatch(/organizationSlug/)

    // Reconcile still lists our organisation, and our notifications are still processed.
    fake.putOrder(orderFromNotification(loadFixture(FIXTURE)))
    await t.post(loadFixture(FIXTURE))
    await t.settle()
    expect(await t.receipts(2025)).toHaveLength(1)
  })

  it('a new slug HelloAsso does not know (404) is not taken', async () => {
    expect((await t.post(slugChange('slug-inconnu'))).status).toBe(200)
    await t.settle()
    expect(await currentSlug()).toBe(TEST_ORG_SLUG)
    expect((await t.reviews()).flatMap((r) => r.reasons)).toEqual(['organisation-slug-changed'])
  })

  it('a change for another organisation’s old slug is ignored without asking the API', async () => {
    expect((await t.post(slugChange('x-nouveau', 'x-ancien'))).status).toBe(200)
    await t.settle()
    expect(fake.calls.organizations).toEqual([])
    expect(await currentSlug()).toBe(TEST_ORG_SLUG)
    expect(await t.reviews()).toEqual([])
  })

  it('a transient API failure is retried, then the change is confirmed', async () => {
    fake.putOrganization({ organizationSlug: 'rtl-drome', rnaNumber: OUR_RNA })
    fake.failNext(2, 'status503')
    await t.post(slugChange('rtl-drome'))
    await t.settle()
    expect(await currentSlug()).toBe('rtl-drome')
  })
})

describe('in unverified mode nothing can be confirmed', () => {
  const t = useTestRuntime({ verified: false })

  it('the slug stays and the change waits in review', async () => {
    expect((await t.post(slugChange('rtl-drome'))).status).toBe(200)
    await t.settle()
    expect((await getKnownSlugs(t.runtime.table, TEST_ORG_SLUG))[0]).toBe(TEST_ORG_SLUG)
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['organisation-slug-changed'])
    expect(review?.message).toMatch(/sans identifiants HelloAsso/)
  })
})
