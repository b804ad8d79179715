import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runOnboardingCommand } from '../../functions/jobs/onboarding-cli.js'
import { loadEnv } from '../../shared/config/env.js'
import {
  parseAssociationConfig,
  placeholderFields,
} from '../../shared/config/load-association-config.js'
import { loadFixture, orderFromNotification } from '../support/fixtures.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { aForm, aTier, COMPANY_CUSTOM_FIELDS } from '../support/live-forms.js'
import { TEST_ORG_SLUG } from '../support/test-association-config.js'
import { TEST_API_URL, TEST_TOKEN_URL } from '../support/test-runtime.js'

/** `npm run receipts -- setup` against the stand-in HelloAsso (msw). */
const { fake } = useFakeHelloAsso()

const env = () =>
  loadEnv({
    HELLOASSO_API_URL: TEST_API_URL,
    HELLOASSO_TOKEN_URL: TEST_TOKEN_URL,
    HELLOASSO_CLIENT_ID: fake.clientId,
    HELLOASSO_CLIENT_SECRET: fake.clientSecret,
  })

async function run(argv: string[]): Promise<{ code: number | undefined; lines: string[] }> {
  const lines: string[] = []
  const code = await runOnboardingCommand(argv, env(), (line) => lines.push(line))
  return { code, lines }
}

function liveForms(): void {
  fake.putForm(
    aForm('adhesion-2026', [
      aTier(16402811, 'Adhésion individuelle', 5000),
      aTier(16402812, 'Adhésion individuelle', 2500),
      aTier(16402813, 'Petite structure (< 100 k€)', 50000, {
        isEligibleTaxReceipt: true,
        customFields: COMPANY_CUSTOM_FIELDS,
      }),
      aTier(16402816, 'Adhésion de soutien', null, { minAmount: 1000 }),
    ]),
  )
  fake.putForm(aForm('dons', [aTier(91000005, 'Don', null)], { formType: 'Donation' }))
  // A recent order answers a custom field the tiers do not declare.
  const order = orderFromNotification(
    loadFixture('03_order_membership_org_500eur_company_new_year_midnight'),
  )
  fake.putOrder({
    ...order,
    date: new Date(Date.now() - 86_400_000).toISOString(),
    items: order.items.map((item) => ({
      ...item,
      customFields: [
        ...(item.customFields ?? []),
        { id: 901213, name: 'Forme juridique de la structure', type: 'TextInput', answer: 'SCIC' },
      ],
    })),
  })
}

describe('setup', () => {
  it('writes a starting configuration from the live forms and lists every guess', async () => {
    liveForms()
    const path = join(await mkdtemp(join(tmpdir(), 'setup-')), 'association.json')
    const { code, lines } = await run(['setup', '--slug', TEST_ORG_SLUG, '--out', path])
    expect(code).toBe(0)
    const written = JSON.parse(await readFile(path, 'utf8'))
    const config = parseAssociationConfig(written, path)
    expect(
      config.tiers.map((t) => [
        t.key,
        t.match.tierIds,
        t.amountCents,
        t.payerKind,
        t.reductionRatePercent,
      ]),
    ).toEqual([
      ['adhesion-individuelle', [16402811], 5000, 'individual', 66],
      ['adhesion-individuelle-2', [16402812], 2500, 'individual', 66],
      ['petite-structure-100-k', [16402813], 50000, 'organisation', 60],
      ['adhesion-de-soutien', [16402816], 1000, 'individual', 66],
    ])
    expect(written.tiers[0]['à confirmer']).toBe('payerKind deviné d’après le libellé')
    expect(config.tiers.every((t) => t.validity.kind === 'rolling-months')).toBe(true)
    expect(config.helloAsso).toEqual({
      organizationSlug: TEST_ORG_SLUG,
      companyFields: {
        companyName: { id: 901210, name: 'Nom de la structure' },
        budget: { id: 901211, name: 'Budget annuel de la structure' },
        siren: { id: 901212, name: 'SIRET' },
        legalForm: { id: 901213, name: 'Forme juridique de la structure' },
      },
    })
    expect(config.association.name).toBe('Réseau Tiers-Lieux Drôme')
    expect(placeholderFields(config)).toEqual([
      'association.registrationNumber',
      'association.address.street',
      'association.address.postalCode',
      'association.address.city',
      'association.object',
      'association.signatory.name',
      'association.signatory.capacity',
      'mail.from',
    ])
    expect(lines).toEqual([
      `Configuration de départ écrite dans ${path} : 2 formulaire(s) HelloAsso lu(s), 4 palier(s) d’adhésion.`,
      '',
      'À vérifier avant de démarrer (ce que setup a deviné) :',
      '1. Palier « Adhésion individuelle » (id 16402811, 50,00 €) : payeur deviné « particulier (Cerfa 11580, 66 %) » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « à confirmer ».',
      '2. Palier « Adhésion individuelle » (id 16402812, 25,00 €) : payeur deviné « particulier (Cerfa 11580, 66 %) » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « à confirmer ».',
      '3. Palier « Petite structure (< 100 k€) » (id 16402813, 500,00 €) : payeur deviné « organisation (Cerfa 16216, 60 %) » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « à confirmer ».',
      '4. Palier « Petite structure (< 100 k€) » : HelloAsso émet déjà des reçus fiscaux dessus. Désactivez-les dans l’espace HelloAsso, sinon ses paiements iront en vérification (deux émetteurs, deux séries).',
      '5. Palier « Adhésion de soutien » (id 16402816, 10,00 €) : payeur deviné « particulier (Cerfa 11580, 66 %) » d’après son libellé. Vérifiez « payerKind » et « reductionRatePercent », puis retirez « à confirmer ».',
      '6. Palier « Adhésion de soutien » : prix libre sur HelloAsso ; le montant 10,00 € est le minimum. Tout autre montant ira en vérification : indiquez le montant attendu dans « amountCents ».',
      '7. Validité lue sur HelloAsso : le formulaire « Adhésion adhesion-2026 » court sur une année glissante (« validity » : 12 mois après le paiement).',
      '8. Dons : le formulaire « Adhésion dons » (1 palier à montant libre) donne un reçu pour chaque don (« donations.eligible » : true).',
      '9. Données entreprise : le champ personnalisé « Nom de la structure » (id 901210) est proposé pour « helloAsso.companyFields.companyName » d’après son nom. Vérifiez qu’il porte bien cette donnée.',
      '10. Données entreprise : le champ personnalisé « SIRET » (id 901212) est proposé pour « helloAsso.companyFields.siren » d’après son nom. Vérifiez qu’il porte bien cette donnée.',
      '11. Données entreprise : le champ personnalisé « Forme juridique de la structure » (id 901213) est proposé pour « helloAsso.companyFields.legalForm » d’après son nom. Vérifiez qu’il porte bien cette donnée.',
      '12. Données entreprise : le champ personnalisé « Budget annuel de la structure » (id 901211) est proposé pour « helloAsso.companyFields.budget » d’après son nom. Vérifiez qu’il porte bien cette donnée.',
      '13. Identité de l’association (numéro SIREN ou RNA, adresse, objet, signataire, expéditeur des e-mails) : remplacez chaque « À renseigner ». Le serveur refuse d’émettre des reçus valables tant qu’il en reste (npm run receipts -- check-config les liste).',
      '',
      `Ensuite : ASSOCIATION_CONFIG=${path} npm run receipts -- check-config, jusqu’à ce qu’il ne reste rien à faire.`,
    ])
  })

  it('never overwrites an existing file (64)', async () => {
    liveForms()
    const path = join(await mkdtemp(join(tmpdir(), 'setup-')), 'association.json')
    await writeFile(path, '{"mine":true}')
    const { code, lines } = await run(['setup', '--slug', TEST_ORG_SLUG, '--out', path])
    expect(code).toBe(64)
    expect(lines[0]).toContain('existe déjà : setup ne l’écrase jamais')
    expect(await readFile(path, 'utf8')).toBe('{"mine":true}')
    expect(fake.calls.forms).toBe(0)
  })

  it('asks for the slug, saying where to find it (64)', async () => {
    const { code, lines } = await run(['setup'])
    expect(code).toBe(64)
    expect(lines[0]).toContain('--slug mon-association')
  })

  it('reads what HelloAsso knows: RNA and address, the forms’ fixed dates, the donation form', async () => {
    fake.putOrganization({
      organizationSlug: TEST_ORG_SLUG,
      name: 'Réseau Tiers-Lieux Drôme',
      rnaNumber: 'W261000000',
      address: '3 place de la Mairie',
      zipCode: '26400',
      city: 'Crest',
    })
    fake.putForm(
      aForm('adhesion-2025-2026', [aTier(16402811, 'Adhésion individuelle', 5000)], {
        title: 'Adhésion 2025-2026',
        validityType: 'Custom',
        startDate: '2025-08-31T22:00:00Z',
        endDate: '2026-08-31T21:59:59Z',
      }),
    )
    fake.putForm(
      aForm('dons', [aTier(91000005, 'Don libre', null, { tierType: 'Donation' })], {
        formType: 'Donation',
        title: 'Faire un don',
      }),
    )
    const path = join(await mkdtemp(join(tmpdir(), 'setup-')), 'association.json')
    const { code, lines } = await run(['setup', '--slug', TEST_ORG_SLUG, '--out', path])
    expect(code).toBe(0)
    const written = JSON.parse(await readFile(path, 'utf8'))
    const config = parseAssociationConfig(written, path)
    expect(config.association.registrationNumber).toEqual({ kind: 'RNA', value: 'W261000000' })
    expect(config.association.address).toEqual({
      street: '3 place de la Mairie',
      postalCode: '26400',
      city: 'Crest',
      country: 'France',
    })
    expect(config.tiers[0]?.validity).toEqual({
      kind: 'fixed',
      from: '2025-09-01',
      to: '2026-08-31',
    })
    expect(written.donations).toEqual({ eligible: true })
    expect(placeholderFields(config)).toEqual([
      'association.object',
      'association.signatory.name',
      'association.signatory.capacity',
      'mail.from',
    ])
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\d+\. Identité lue sur HelloAsso : numéro RNA W261000000, adresse « 3 place de la Mairie, 26400 Crest »\. Vérifiez-les/,
        ),
        expect.stringMatching(
          /^\d+\. Validité lue sur HelloAsso : le formulaire « Adhésion 2025-2026 » a des dates fixes, du 01\/09\/2025 au 31\/08\/2026 \(« validity » : « fixed »\)\./,
        ),
        expect.stringMatching(
          /^\d+\. Dons : le formulaire « Faire un don » \(1 palier à montant libre\) donne un reçu pour chaque don \(« donations\.eligible » : true\)\./,
        ),
      ]),
    )
  })

  it('says when HelloAsso issues receipts for the organisation, and how to turn them off', async () => {
    liveForms()
    fake.putOrganization({ organizationSlug: TEST_ORG_SLUG, fiscalReceiptIssuanceEnabled: true })
    const path = join(await mkdtemp(join(tmpdir(), 'setup-')), 'association.json')
    const { code, lines } = await run(['setup', '--slug', TEST_ORG_SLUG, '--out', path])
    expect(code).toBe(0)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d+\. HelloAsso émet lui-même des reçus fiscaux pour l’association .*Mon compte › Reçus fiscaux/,
      ),
    )
  })

  it('says in French when HelloAsso cannot be reached, and writes nothing (2)', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'setup-')), 'association.json')
    const lines: string[] = []
    const code = await runOnboardingCommand(
      ['setup', '--slug', TEST_ORG_SLUG, '--out', path],
      loadEnv({
        HELLOASSO_API_URL: 'http://127.0.0.1:1/v5',
        HELLOASSO_TOKEN_URL: 'http://127.0.0.1:1/oauth2/token',
        HELLOASSO_CLIENT_ID: 'id',
        HELLOASSO_CLIENT_SECRET: 'secret',
      }),
      (line) => lines.push(line),
    )
    expect(code).toBe(2)
    expect(lines).toEqual([
      'Lecture de HelloAsso impossible : HelloAsso ne répond pas à http://127.0.0.1:1/oauth2/token (obtention du jeton d’accès). À faire : vérifiez la connexion à Internet et HELLOASSO_TOKEN_URL, ou réessayez plus tard.',
    ])
    await expect(readFile(path, 'utf8')).rejects.toThrow(/ENOENT/)
  })
})
