import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { aForm, aTier } from '../support/live-forms.js'
import { TEST_ORG_SLUG } from '../support/test-association-config.js'
import { TEST_API_URL, TEST_TOKEN_URL } from '../support/test-runtime.js'

const { fake, server } = useFakeHelloAsso()
const client = () =>
  createHttpHelloAssoClient({
    apiUrl: TEST_API_URL,
    tokenUrl: TEST_TOKEN_URL,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
  })

describe('HelloAssoClient forms over HTTP', () => {
  it('lists the organisation’s forms and reads one form’s tiers', async () => {
    fake.putForm(
      aForm('adhesion-2026', [
        aTier(16402811, 'Adhésion individuelle', 5000, { isEligibleTaxReceipt: true }),
      ]),
    )
    fake.putForm(aForm('autre', [], { organizationSlug: 'une-autre-association' }))
    const forms = await client().listForms(TEST_ORG_SLUG)
    expect(forms.map((f) => [f.formType, f.formSlug])).toEqual([['Membership', 'adhesion-2026']])
    const form = await client().getPublicForm(
      TEST_ORG_SLUG,
      forms[0] ?? { formType: '', formSlug: '' },
    )
    expect(form.tiers).toEqual([
      expect.objectContaining({
        id: 16402811,
        label: 'Adhésion individuelle',
        price: 5000,
        isEligibleTaxReceipt: true,
      }),
    ])
  })

  it('refuses a form whose tiers do not parse (helloasso.invalidResponse)', async () => {
    server.use(
      http.get(`${TEST_API_URL}/organizations/:slug/forms/:type/:form/public`, () =>
        HttpResponse.json({ formSlug: 'x', formType: 'Membership', tiers: [{ id: 'nope' }] }),
      ),
    )
    await expect(
      client().getPublicForm(TEST_ORG_SLUG, { formType: 'Membership', formSlug: 'x' }),
    ).rejects.toMatchObject({ code: 'helloasso.invalidResponse' })
  })
})
