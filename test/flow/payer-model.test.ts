import { describe, expect, it } from 'vitest'
import type { Order } from '../../shared/helloasso/schemas.js'
import { getMembership } from '../../shared/store/membership-store.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso, useTestRuntime } from '../support/flow-harness.js'
import { withCustomField, withLegalForm } from '../support/order-variants.js'
import { extractPdfText } from '../support/pdf-text.js'
import { testAssociationConfig } from '../support/test-association-config.js'

/**
 * Issue 11 §4, through the HTTP path: the model (Cerfa 11580 or 16216) follows the tier and,
 * for organisations, whether the organisation is a business subject to IR/IS.
 */
const { fake } = useFakeHelloAsso()

const INDIVIDUAL = '01_order_membership_individual_50eur_with_tip'
const COMPANY = '03_order_membership_org_500eur_company_new_year_midnight'
const SUBJECT_TO_TAX = { id: 901214, name: 'Soumise à l’impôt sur le revenu ou les sociétés ?' }

const fixtureOrder = (name: string) => orderFromNotification(loadFixture(name))

describe('an individual tier', () => {
  const t = useTestRuntime()
  const deliver = async (order: Order) => {
    fake.putOrder(order)
    expect((await t.post(loadFixture(INDIVIDUAL))).status).toBe(200)
    await t.settle()
  }

  it('with HelloAsso’s company box filled and no company data: an 11580 to the person, no review', async () => {
    const order = fixtureOrder(INDIVIDUAL)
    await deliver({ ...order, payer: { ...order.payer, company: 'Arnaud Conseil SARL' } })
    const [receipt] = await t.receipts(2025)
    expect(receipt).toMatchObject({ form: '11580', status: 'issued' })
    expect(receipt?.snapshot.donor).toMatchObject({
      kind: 'individual',
      lastName: 'Arnaud',
      firstNames: 'Camille',
    })
    expect(await t.reviews()).toEqual([])
  })

  it('with a SIREN: no receipt, a review that says which model to choose', async () => {
    await deliver(withCustomField(fixtureOrder(INDIVIDUAL), 901212, 'SIRET', '812 345 678'))
    expect(await t.receipts(2025)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['payer-model-unclear'])
    expect(review?.message).toMatch(/Cerfa 11580 à son nom/)
    expect(review?.message).toMatch(/Cerfa 16216/)
    expect(review?.message).toMatch(/soumise à l’IR ou à l’IS/)
  })
})

describe('an organisation tier, with a « subject to IR/IS » question configured', () => {
  const config = testAssociationConfig()
  config.helloAsso.companyFields = {
    ...config.helloAsso.companyFields,
    subjectToTax: SUBJECT_TO_TAX,
  }
  const t = useTestRuntime({ config })
  const deliver = async (order: Order) => {
    fake.putOrder(order)
    expect((await t.post(loadFixture(COMPANY))).status).toBe(200)
    await t.settle()
  }
  const answering = (answer: string, legalForm: string) =>
    withCustomField(
      withLegalForm(fixtureOrder(COMPANY), legalForm),
      SUBJECT_TO_TAX.id,
      SUBJECT_TO_TAX.name,
      answer,
    )

  it('« Oui »: a Cerfa 16216', async () => {
    await deliver(answering('Oui', 'SAS'))
    const [receipt] = await t.receipts(2026)
    expect(receipt).toMatchObject({ form: '16216', status: 'issued' })
    expect(await t.reviews()).toEqual([])
  })

  it('« Non »: no receipt, a review that says what to do, the membership still recorded', async () => {
    const order = answering('Non', 'SAS')
    await deliver(order)
    expect(await t.receipts(2026)).toEqual([])
    expect(await getMembership(t.runtime.table, order.items[0]?.id ?? 0)).toMatchObject({
      status: 'active',
    })
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['payer-not-subject-to-tax'])
    expect(review?.message).toMatch(/n’est pas soumise à l’impôt sur le revenu/)
    expect(review?.message).toMatch(/classez le paiement sans reçu/)
  })

  it('the answer wins over the legal form: an association taxed at IS gets its 16216', async () => {
    await deliver(answering('Oui', 'Association loi 1901'))
    const [receipt] = await t.receipts(2026)
    expect(receipt?.snapshot.donor).toMatchObject({ kind: 'company', legalForm: 'Association' })
  })
})

describe('an organisation tier, subject to IR/IS derived from the legal form', () => {
  const t = useTestRuntime()
  const deliver = async (order: Order) => {
    fake.putOrder(order)
    expect((await t.post(loadFixture(COMPANY))).status).toBe(200)
    await t.settle()
  }
  const reviewOf = async (legalForm: string) => {
    await deliver(withLegalForm(fixtureOrder(COMPANY), legalForm))
    expect(await t.receipts(2026)).toEqual([])
    const reviews = await t.reviews()
    expect(reviews).toHaveLength(1)
    return reviews[0]
  }

  it('a commercial form (SCOP SARL): a 16216 that prints the status with its form', async () => {
    await deliver(withLegalForm(fixtureOrder(COMPANY), 'scop s.a.r.l.'))
    const [receipt] = await t.receipts(2026)
    expect(receipt).toMatchObject({ form: '16216' })
    expect(receipt?.snapshot.donor).toMatchObject({ legalForm: 'SCOP SARL' })
    const [mail] = await t.outbox()
    const text = await extractPdfText(new Uint8Array(mail?.attachments[0]?.content ?? []))
    expect(text).toContain('SCOP SARL')
  })

  it.each([
    ['Association loi 1901'],
    ['Fondation'],
    ['Fonds de dotation'],
    ['Collectivité territoriale'],
    ['Établissement public'],
    ['Syndicat'],
  ])('%s: not subject, review, no 16216', async (legalForm) => {
    const review = await reviewOf(legalForm)
    expect(review?.reasons).toEqual(['payer-not-subject-to-tax'])
    expect(review?.message).toMatch(/l’article 238 bis ne concerne que ces entreprises/)
  })

  it('a status without its form (« SCOP »): review asking for the form', async () => {
    const review = await reviewOf('SCOP')
    expect(review?.reasons).toEqual(['legal-form-unknown'])
    expect(review?.message).toMatch(/« SCOP » est un statut, pas une forme juridique/)
  })

  it('an unknown form: review that lists the forms to check against', async () => {
    const review = await reviewOf('Coopérative de territoire')
    expect(review?.reasons).toEqual(['legal-form-unknown'])
    expect(review?.message).toMatch(/Forme juridique « Coopérative de territoire » non reconnue/)
    expect(review?.message).toMatch(/SIREN/)
  })

  it('no legal-form answer: never guessed from the company name, review', async () => {
    const order = fixtureOrder(COMPANY)
    const named = {
      ...order,
      items: order.items.map((item) => ({
        ...item,
        customFields: item.customFields?.map((f) =>
          f.id === 901210 ? { ...f, answer: 'Atelier partagé du Diois SAS' } : f,
        ),
      })),
    } as Order
    await deliver(named)
    expect(await t.receipts(2026)).toEqual([])
    const [review] = await t.reviews()
    expect(review?.reasons).toEqual(['company-data-missing'])
    expect(review?.message).toMatch(/la forme juridique manque/)
  })
})
