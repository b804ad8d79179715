import { mkdtempSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCheckConfig } from '../../functions/jobs/check-config-command.js'
import { runOnboardingCommand } from '../../functions/jobs/onboarding-cli.js'
import { loadEnv } from '../../shared/config/env.js'
import { useFakeHelloAsso } from '../support/flow-harness.js'
import { aForm, aTier, COMPANY_CUSTOM_FIELDS } from '../support/live-forms.js'
import { TEST_ORG_SLUG, testAssociationConfig } from '../support/test-association-config.js'
import { TEST_API_URL, TEST_TOKEN_URL } from '../support/test-runtime.js'

/** `npm run receipts -- check-config` against the stand-in HelloAsso (msw). */
const { fake } = useFakeHelloAsso()

/**
 * No data set: check-config reads the tier mappings of the one it finds, and the default ones
 * (.data, or the DynamoDB Local of an `npm start` running on port 8765) are the developer's.
 * Nothing listens on port 1, and the folder is empty.
 */
const NO_DATA_SET = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'check-config-data-')),
  DYNAMODB_LOCAL_PORT: '1',
}

const env = (extra: Record<string, string> = {}) =>
  loadEnv({
    ...NO_DATA_SET,
    HELLOASSO_API_URL: TEST_API_URL,
    HELLOASSO_TOKEN_URL: TEST_TOKEN_URL,
    HELLOASSO_CLIENT_ID: fake.clientId,
    HELLOASSO_CLIENT_SECRET: fake.clientSecret,
    ...extra,
  })

async function configFile(config: unknown = testAssociationConfig()): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'check-config-')), 'association.json')
  await writeFile(path, JSON.stringify(config, null, 2))
  return path
}

async function checkConfig(path: string): Promise<{ code: number | undefined; lines: string[] }> {
  const lines: string[] = []
  const code = await runOnboardingCommand(['check-config', '--config', path], env(), (line) =>
    lines.push(line),
  )
  return { code, lines }
}

describe('check-config', () => {
  it('reports, line by line, what a person must do, and exits 2', async () => {
    fake.putForm(
      aForm(
        'adhesion-2026',
        [
          aTier(16402811, 'Adhésion individuelle', 5000),
          aTier(91000002, 'Adhésion tarif réduit (étudiants)', 2500),
          aTier(91000003, 'Structure 100 k€ à 1 M€ (membre fondateur)', 100000),
          aTier(91000004, 'Soutien', 1000),
          aTier(16402815, 'Structure > 1 M€', 300000),
          aTier(16402813, 'Structure < 100 k€', 50000, {
            isEligibleTaxReceipt: true,
            customFields: COMPANY_CUSTOM_FIELDS,
          }),
        ],
        { title: 'Adhésion 2026' },
      ),
    )
    fake.putForm(
      aForm(
        'dons',
        [aTier(91000005, 'Don libre', null, { tierType: 'Donation', isEligibleTaxReceipt: true })],
        {
          formType: 'Donation',
          title: 'Faire un don',
        },
      ),
    )
    fake.putForm(
      aForm('ancienne-adhesion', [aTier(91000009, 'Ancien palier', 4000)], { state: 'Deleted' }),
    )
    const path = await configFile()
    const { code, lines } = await checkConfig(path)
    expect(lines).toEqual([
      `Configuration ${path} comparée aux formulaires HelloAsso de « reseau-tiers-lieux-drome » :`,
      'OK       Déductibilité : Adhésion individuelle (50,00 €, particulier) : reçu Cerfa 11580 (article 200 du CGI, réduction de 66 %) de 50,00 € par adhésion — aucune contrepartie déclarée.',
      'OK       Déductibilité : Adhésion tarif réduit (25,00 €, particulier) : reçu Cerfa 11580 (article 200 du CGI, réduction de 66 %) de 25,00 € par adhésion — aucune contrepartie déclarée.',
      'OK       Déductibilité : Structure < 100 k€ (500,00 €, organisation) : reçu Cerfa 16216 (article 238 bis du CGI, réduction de 60 %) de 500,00 € par adhésion — aucune contrepartie déclarée. Seulement si l’organisation est une entreprise soumise à l’IR ou à l’IS, d’après la forme juridique (« Forme juridique ») ; sinon le paiement attend en revue.',
      'OK       Déductibilité : Structure 100 k€ à 1 M€ (1\u00a0000,00 €, organisation) : reçu Cerfa 16216 (article 238 bis du CGI, réduction de 60 %) de 1\u00a0000,00 € par adhésion — aucune contrepartie déclarée. Seulement si l’organisation est une entreprise soumise à l’IR ou à l’IS, d’après la forme juridique (« Forme juridique ») ; sinon le paiement attend en revue.',
      'OK       Déductibilité : Structure > 1 M€ (2\u00a0500,00 €, organisation) : reçu Cerfa 16216 (article 238 bis du CGI, réduction de 60 %) de 2\u00a0500,00 € par adhésion — aucune contrepartie déclarée. Seulement si l’organisation est une entreprise soumise à l’IR ou à l’IS, d’après la forme juridique (« Forme juridique ») ; sinon le paiement attend en revue.',
      'OK       Déductibilité : Dons : reçu fiscal pour le montant donné (pourboire HelloAsso exclu).',
      'OK       Déductibilité : Plafond annuel des biens de faible valeur : 73,00 € par personne, depuis le 01/01/2021 (source : admical.org : 73 € à compter du 1er janvier 2021, réévalué tous les cinq ans (BOI-IR-RICI-250-20)) — à vérifier : la réévaluation due au 1er janvier 2026 n’a pas été trouvée : 73 € reste appliqué ; vérifiez-la sur le BOFiP (BOI-IR-RICI-250-20) et, si le chiffre a changé, indiquez-le dans counterpartRules.',
      'OK       Déductibilité : Règles fiscales appliquées : version du 14/10/2025. Taux : 66 % (article 200-1 du CGI ; BOI-IR-RICI-250-30) ; 60 % (article 238 bis du CGI (culture.gouv.fr, « Le régime fiscal général »)). Le détail et les sources : docs/tax-rules.md.',
      'OK       Le palier HelloAsso « Adhésion individuelle » (id 16402811, 50,00 €, formulaire « Adhésion 2026 ») : palier « Adhésion individuelle » (clé individuelle), reconnu par son id, même prix.',
      'À FAIRE  Le palier HelloAsso « Adhésion tarif réduit (étudiants) » (id 91000002, 25,00 €, formulaire « Adhésion 2026 ») est pris pour le palier « Adhésion tarif réduit » (clé reduite) seulement parce que son libellé commence par « Adhésion tarif réduit », au même prix : rien ne dit que c’est le même palier (un reçu de particulier irait peut-être à une entreprise) : ses paiements iront en vérification. À faire : si c’est bien lui, ajoutez l’id 91000002 à « tiers[].match.tierIds » du palier reduite (ou « Rattacher à un palier » sur le premier paiement) ; sinon, ajoutez un palier pour lui.',
      'À FAIRE  Le palier HelloAsso « Structure 100 k€ à 1 M€ (membre fondateur) » (id 91000003, 1\u00a0000,00 €, formulaire « Adhésion 2026 ») commence comme plusieurs paliers du fichier (« Structure < 100 k€ », « Structure 100 k€ à 1 M€ ») : ses paiements iront en vérification. À faire : ajoutez l’id 91000003 à « tiers[].match.tierIds » du bon palier.',
      'À FAIRE  Le palier HelloAsso « Soutien » (id 91000004, 10,00 €, formulaire « Adhésion 2026 ») ne correspond à aucun palier du fichier : ses paiements iront en vérification. À faire : ajoutez l’id 91000004 à « tiers[].match.tierIds » du palier qui lui correspond, ou ajoutez un palier pour lui.',
      'À FAIRE  Le palier HelloAsso « Structure > 1 M€ » (id 16402815, 3\u00a0000,00 €, formulaire « Adhésion 2026 ») coûte 3\u00a0000,00 €, mais le palier « Structure > 1 M€ » (clé structure-grande) du fichier dit 2\u00a0500,00 € : ses paiements iront en vérification. À faire : si le prix a changé sur HelloAsso, corrigez « amountCents » (300000) du palier structure-grande.',
      'OK       Le palier HelloAsso « Structure < 100 k€ » (id 16402813, 500,00 €, formulaire « Adhésion 2026 ») : palier « Structure < 100 k€ » (clé structure-petite), reconnu par son id, même prix.',
      'À FAIRE  Le palier « Structure 100 k€ à 1 M€ » (clé structure-moyenne) du fichier ne correspond à aucun palier des formulaires HelloAsso. À faire : vérifiez ses ids (« tiers[].match.tierIds ») et ses libellés (« tiers[].match.labels ») ; retirez-le s’il n’existe plus.',
      'À FAIRE  HelloAsso émet lui-même des reçus fiscaux sur le palier « Structure < 100 k€ » (id 16402813, formulaire « Adhésion 2026 ») : un paiement aurait deux reçus, de deux émetteurs, dans deux séries de numéros (ces paiements vont en vérification). À faire : dans l’espace HelloAsso de l’association, désactivez les reçus fiscaux de ce palier.',
      'À FAIRE  HelloAsso émet lui-même des reçus fiscaux sur le palier « Don libre » (id 91000005, formulaire « Faire un don ») : un paiement aurait deux reçus, de deux émetteurs, dans deux séries de numéros (ces paiements vont en vérification). À faire : dans l’espace HelloAsso de l’association, désactivez les reçus fiscaux de ce palier, ou mettez « donations.eligible » à false dans le fichier pour laisser HelloAsso les émettre.',
      'À FAIRE  Le champ « helloAsso.companyFields.legalForm » désigne le champ personnalisé « Forme juridique », id 901213, qu’aucun formulaire HelloAsso n’a : les reçus entreprise iront en vérification. À faire : corrigez son nom ou son id dans le fichier (champs existants : « Nom de la structure » (id 901210), « Budget annuel de la structure » (id 901211), « SIRET » (id 901212)), ou ajoutez ce champ au formulaire d’adhésion.',
      '8 point(s) demandent une action (code de sortie 2).',
    ])
    expect(code).toBe(2)
  })

  it('exits 0 when every tier matches by id at its price and every company field exists', async () => {
    const config = testAssociationConfig()
    fake.putForm(
      aForm(
        'adhesion-2026',
        config.tiers.map((tier) =>
          aTier(tier.match.tierIds?.[0] ?? 0, tier.label, tier.amountCents, {
            customFields: [
              ...COMPANY_CUSTOM_FIELDS,
              { id: 901213, label: 'Forme juridique', type: 'TextInput' },
            ],
          }),
        ),
      ),
    )
    const { code, lines } = await checkConfig(await configFile(config))
    expect(lines.filter((line) => !line.startsWith('OK '))).toEqual([
      expect.stringMatching(/^Configuration .* comparée aux formulaires HelloAsso/),
      'Tout est en ordre : rien à faire.',
    ])
    expect(lines.filter((line) => line.startsWith('OK '))).toHaveLength(5 + 8) // tiers + deductibility (with the tax rules line)
    expect(code).toBe(0)
  })

  it('lists the placeholders still in the file', async () => {
    const config = testAssociationConfig()
    fake.putForm(
      aForm(
        'adhesion-2026',
        config.tiers.map((tier) =>
          aTier(tier.match.tierIds?.[0] ?? 0, tier.label, tier.amountCents),
        ),
      ),
    )
    const unfinished = {
      ...config,
      helloAsso: { ...config.helloAsso, companyFields: {} },
      association: {
        ...config.association,
        registrationNumber: { kind: 'SIREN', value: '000000000' },
        signatory: { name: 'À renseigner', capacity: 'Trésorière' },
      },
    }
    const { code, lines } = await checkConfig(await configFile(unfinished))
    expect(lines.filter((line) => line.startsWith('À FAIRE'))).toEqual([
      'À FAIRE  « association.registrationNumber » est encore à renseigner : sans la vraie valeur, le serveur refuse d’émettre des reçus valables (il n’émet que des SPECIMEN). À faire : remplacez-la dans le fichier de configuration.',
      'À FAIRE  « association.signatory.name » est encore à renseigner : sans la vraie valeur, le serveur refuse d’émettre des reçus valables (il n’émet que des SPECIMEN). À faire : remplacez-la dans le fichier de configuration.',
    ])
    expect(code).toBe(2)
  })
})

/** The file alone, without HelloAsso credentials: what the server or synth would refuse. */
async function checkOffline(path: string): Promise<{ code: number | undefined; lines: string[] }> {
  const lines: string[] = []
  const code = await runOnboardingCommand(
    ['check-config', '--config', path],
    loadEnv({ ...NO_DATA_SET, HELLOASSO_API_URL: TEST_API_URL }),
    (line) => lines.push(line),
  )
  return { code, lines }
}

const todo = (lines: string[]) => lines.filter((line) => line.startsWith('À FAIRE'))

describe('check-config without HelloAsso credentials', () => {
  it('exits 0 on a complete file, saying the comparison with the live forms was skipped', async () => {
    const { code, lines } = await checkOffline(await configFile())
    expect(todo(lines)).toEqual([])
    expect(lines).toContain(
      'NON FAIT Comparaison avec les formulaires HelloAsso : pas d’identifiants HelloAsso (HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET, dans l’espace HelloAsso de l’association › Mon compte › Intégrations et API) ; seul le fichier a été vérifié.',
    )
    expect(lines.at(-1)).toBe('Tout est en ordre dans le fichier : rien à faire.')
    expect(code).toBe(0)
    expect(fake.calls.token).toBe(0)
  })

  it('exits 2 on the example file, naming every placeholder, the built-in sender included', async () => {
    const { code, lines } = await checkOffline('examples/le-labo-de-l-ess.json')
    expect(todo(lines).map((line) => /« ([^»]+) »/.exec(line)?.[1])).toEqual([
      'association.registrationNumber',
      'association.address.postalCode',
      'mail.from',
      'association.address.street',
      'association.signatory.name',
      'association.signatureImagePath',
    ])
    expect(code).toBe(2)
  })

  it('exits 2 on a file without a signature choice, as the verified server would refuse it', async () => {
    const config = testAssociationConfig()
    config.association.typedSignature = undefined
    const { code, lines } = await checkOffline(await configFile(config))
    expect(todo(lines)).toEqual([
      'À FAIRE  « association.signatureImagePath » : aucune image de signature ni choix de la signature au nom tapé ; le serveur refuse d’émettre des reçus valables. À faire : ajoutez une image PNG (« signatureImagePath »), ou écrivez "typedSignature": true pour signer du seul nom tapé.',
    ])
    expect(code).toBe(2)
  })

  it('exits 2 while a guess of setup still carries « à confirmer »', async () => {
    const config = testAssociationConfig() as Record<string, unknown> & {
      tiers: Record<string, unknown>[]
    }
    config.tiers[1] = { ...config.tiers[1], 'à confirmer': 'payerKind deviné d’après le libellé' }
    const { code, lines } = await checkOffline(await configFile(config))
    expect(todo(lines)).toEqual([
      'À FAIRE  « tiers[1] » (palier « Adhésion tarif réduit ») est encore « à confirmer » : payerKind deviné d’après le libellé. À faire : vérifiez-le, puis retirez la ligne « à confirmer ».',
    ])
    expect(code).toBe(2)
  })

  it('exits 2, one line per problem, on a rate that does not fit the payer and on two tiers with the same label', async () => {
    const config = testAssociationConfig()
    const [first, second] = config.tiers
    if (!first || !second) throw new Error('two tiers expected')
    first.reductionRatePercent = 60
    second.match = { ...second.match, labels: ['ADHÉSION  individuelle !'] }
    const { code, lines } = await checkOffline(await configFile(config))
    expect(todo(lines)).toEqual([
      'À FAIRE  « tiers[0].reductionRatePercent » : le palier « Adhésion individuelle » a un taux de 60 %, mais un particulier relève de l’article 200 du CGI : 66 (ou 75 pour l’aide aux personnes en difficulté). À faire : corrigez-le dans le fichier.',
      'À FAIRE  « tiers[1].match.labels » : le libellé « ADHÉSION  individuelle ! » du palier « Adhésion tarif réduit » se lit comme « Adhésion individuelle » du palier « Adhésion individuelle » (accents, casse et ponctuation ne comptent pas) : un paiement irait au premier. À faire : corrigez-le dans le fichier.',
    ])
    expect(code).toBe(2)
  })

  it('exits 2 on a file it cannot read, in French', async () => {
    const { code, lines } = await checkOffline('/nonexistent/association.json')
    expect(todo(lines)).toEqual([
      'À FAIRE  ASSOCIATION_CONFIG: impossible de lire /nonexistent/association.json',
    ])
    expect(code).toBe(2)
  })
})

describe('check-config with HelloAsso credentials: what only the live forms tell', () => {
  function formsAsConfigured(extra: Record<string, unknown>[] = []) {
    const fields = [...COMPANY_CUSTOM_FIELDS, { id: 901213, label: 'Forme juridique' }]
    fake.putForm(
      aForm('adhesion-2026', [
        ...testAssociationConfig().tiers.map((tier) =>
          aTier(tier.match.tierIds?.[0] ?? 0, tier.label, tier.amountCents, {
            customFields: fields,
          }),
        ),
        ...extra,
      ]),
    )
  }

  it('a live tier matched only by a label prefix is À FAIRE (exit 2), so the nightly check opens a review', async () => {
    formsAsConfigured([aTier(91000020, 'Adhésion individuelle – personne morale', 5000)])
    const { code, lines } = await checkConfig(await configFile())
    expect(todo(lines)).toEqual([
      'À FAIRE  Le palier HelloAsso « Adhésion individuelle – personne morale » (id 91000020, 50,00 €, formulaire « Adhésion adhesion-2026 ») est pris pour le palier « Adhésion individuelle » (clé individuelle) seulement parce que son libellé commence par « Adhésion individuelle », au même prix : rien ne dit que c’est le même palier (un reçu de particulier irait peut-être à une entreprise) : ses paiements iront en vérification. À faire : si c’est bien lui, ajoutez l’id 91000020 à « tiers[].match.tierIds » du palier individuelle (ou « Rattacher à un palier » sur le premier paiement) ; sinon, ajoutez un palier pour lui.',
    ])
    expect(code).toBe(2)
  })

  it('an organisation whose HelloAsso receipts are on is À FAIRE (exit 2), saying how to turn them off', async () => {
    formsAsConfigured()
    fake.putOrganization({
      organizationSlug: TEST_ORG_SLUG,
      name: 'Réseau Tiers-Lieux Drôme',
      fiscalReceiptIssuanceEnabled: true,
    })
    const { code, lines } = await checkConfig(await configFile())
    expect(todo(lines)).toEqual([
      'À FAIRE  HelloAsso émet lui-même des reçus fiscaux pour l’association (« fiscalReceiptIssuanceEnabled ») : un paiement aurait deux reçus, de deux émetteurs, dans deux séries de numéros, et le total de l’article 222 bis serait faux. À faire : dans l’espace HelloAsso de l’association (Mon compte › Reçus fiscaux), désactivez l’émission des reçus fiscaux par HelloAsso ; l’API ne permet plus de le faire depuis octobre 2025.',
    ])
    expect(code).toBe(2)
  })

  it('says in French when HelloAsso cannot be reached, and exits 2', async () => {
    const lines: string[] = []
    const code = await runOnboardingCommand(
      ['check-config', '--config', await configFile()],
      loadEnv({
        ...NO_DATA_SET,
        HELLOASSO_API_URL: 'http://127.0.0.1:1/v5',
        HELLOASSO_TOKEN_URL: 'http://127.0.0.1:1/oauth2/token',
        HELLOASSO_CLIENT_ID: 'id',
        HELLOASSO_CLIENT_SECRET: 'secret',
      }),
      (line) => lines.push(line),
    )
    expect(todo(lines)).toEqual([
      expect.stringMatching(
        /^À FAIRE {2}Comparaison avec les formulaires HelloAsso impossible : HelloAsso ne répond pas à http:\/\/127\.0\.0\.1:1\/oauth2\/token .*À faire : /,
      ),
    ])
    expect(lines.join('\n')).not.toMatch(/TypeError|fetch failed/)
    expect(code).toBe(2)
  })
})

describe('check-config and the tiers attached from the staff page', () => {
  it('lists each stored mapping', async () => {
    const lines: string[] = []
    const code = await runCheckConfig(
      {
        urls: { apiUrl: TEST_API_URL, tokenUrl: TEST_TOKEN_URL },
        out: (line) => lines.push(line),
        readTierMappings: async () => [
          {
            helloAssoTierId: 91000030,
            tierKey: 'individuelle',
            helloAssoLabel: 'Adhésion solidaire',
            amountCents: 5000,
            mappedAt: '2026-03-02T09:15:00Z',
            mappedBy: 'Camille Exemple',
            reviewId: 'payment-1',
          },
        ],
      },
      await configFile(),
    )
    expect(lines).toContain(
      'OK       Palier HelloAsso « Adhésion solidaire » (id 91000030, 50,00 €) rattaché au palier individuelle depuis la page de l’équipe, par Camille Exemple le 02/03/2026 : il s’applique sans le fichier ; « npm run receipts -- config export » l’y écrit.',
    )
    expect(code).toBe(0)
  })
})
