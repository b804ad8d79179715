import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js'
import { browserTestsSkipped, findChromium } from '../../functions/local/system-dependencies.js'
import { createSystemProbe } from '../../functions/local/system-probe.js'
import { chooseEntryBundlesFolder } from './entry-bundles.js'

/**
 * One in-memory DynamoDB Local for the whole run: the JVM takes about 3 s to start and is slow
 * until its JIT warms up, so one per file would cost more than the tests. Files stay apart by
 * using their own tables (test-table.ts). TEST_DYNAMODB_ENDPOINT reuses one already running,
 * which saves the start-up when iterating on a single file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const removeRunFolder = useRunTemporaryFolder()
  const removeEntryBundles = chooseEntryBundlesFolder()
  const external = process.env.TEST_DYNAMODB_ENDPOINT
  if (external) {
    project.provide('dynamoEndpoint', external)
    return async () => {
      removeRunFolder()
      removeEntryBundles()
      sayBrowserTestsSkipped()
    }
  }
  const started = performance.now()
  const dynamo = await startDynamoDbLocal({ readyTimeoutMs: 60_000 })
  console.info(
    `DynamoDB Local ready at ${dynamo.endpoint} in ${Math.round(performance.now() - started)} ms`,
  )
  project.provide('dynamoEndpoint', dynamo.endpoint)
  return async () => {
    await dynamo.stop()
    removeRunFolder()
    removeEntryBundles()
    sayBrowserTestsSkipped()
  }
}

/**
 * One temporary folder for the whole run, removed at its end: the test processes start after
 * this and inherit TMPDIR, and so do the processes they spawn, so nothing a test writes with
 * os.tmpdir() (data sets, outboxes, synthesized apps of some 17 MB each) stays behind in /tmp.
 */
function useRunTemporaryFolder(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'recus-fiscaux-tests-'))
  process.env.TMPDIR = folder
  return () => rmSync(folder, { recursive: true, force: true })
}

/** The teardown prints after vitest's summary: a skipped browser test is said last, not hidden. */
function sayBrowserTestsSkipped(): void {
  if (!browserTestsSkipped(process.env)) return
  const why = findChromium(createSystemProbe()) ? '' : ', and Chromium is not installed'
  console.info(
    `Browser tests skipped: SKIP_BROWSER_TESTS=1 is set${why} (test/staff/pages/staff-pages-browser.test.ts did not run).`,
  )
}
