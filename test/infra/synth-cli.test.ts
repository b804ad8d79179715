import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEPLOYMENTS_DIR } from './support/synth-app.js'

const ROOT = new URL('../../', import.meta.url).pathname

/** `npm run synth -- --stage prod`, as run from a terminal (the check fails before cdk starts). */
function synth(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/synth-cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  return { code: run.status, out: `${run.stdout}${run.stderr}` }
}

/** dev.json copied as prod.json, as the README once suggested: every placeholder still in it. */
function prodCopiedFromDev(): string {
  const dev = JSON.parse(readFileSync(join(DEPLOYMENTS_DIR, 'dev.json'), 'utf8'))
  const file = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'prod.json')
  writeFileSync(
    file,
    JSON.stringify({
      ...dev,
      stage: 'prod',
      associationConfig: join(DEPLOYMENTS_DIR, 'dev.association.json'),
    }),
  )
  return file
}

describe('npm run synth -- --stage prod', () => {
  it('prints every problem of a file copied from dev.json in French, one line each, no stack trace, and exits 2', () => {
    const { code, out } = synth(['--stage', 'prod', '--deployment', prodCopiedFromDev()])
    expect(code).toBe(2)
    const lines = out.trim().split('\n')
    expect(lines[0]).toMatch(/prod\.json : \d+ problème\(s\) à corriger avant de déployer :$/)
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        '  - « helloAsso.clientId » : « replace-with-the-helloasso-api-client-id » est la valeur d’exemple. À faire : mettez l’identifiant du client API HelloAsso de l’association (espace HelloAsso › Mon compte › Intégrations et API).',
        `  - « ${join(DEPLOYMENTS_DIR, 'dev.association.json')} › association.registrationNumber » : valeur d’exemple ; les reçus réels exigent l’identité réelle de l’association`,
        '  - « senderIdentity » : recus@example.org est une adresse d’exemple : SES n’enverra rien depuis elle. À faire : mettez l’adresse ou le domaine de l’association.',
        '  - « alarmEmail » : alertes@example.org est une adresse d’exemple : personne ne recevrait les alarmes. À faire : mettez une adresse lue par quelqu’un.',
      ]),
    )
    expect(lines.every((line, i) => i === 0 || line.startsWith('  - « '))).toBe(true)
    expect(out).not.toMatch(/^\s+at |Error:|is invalid/m)
  })

  it('says which file is missing for a stage that has none, and what to do', () => {
    const { code, out } = synth(['--stage', 'recette'])
    expect(code).toBe(2)
    expect(out).toContain(
      'recette.json : 1 problème(s) à corriger avant de déployer :\n  - le fichier n’existe pas. À faire : copiez infra/deployments/dev.json sous ce nom, puis adaptez-le (docs/go-live.md).',
    )
  })
})
