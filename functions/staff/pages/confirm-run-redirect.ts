import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from '../../../shared/log.js'
import { type FormFields, formFields, requireConfirmation } from './form-input.js'
import { pageFailure } from './page-failure.js'

/** Why an action did not go through, and what to fill its form with again. */
export interface Refusal {
  /** French, safe to show (see pageFailure). */
  message: string
  status: ContentfulStatusCode
  /** What was typed, without the CSRF token and the confirmation box. */
  values: FormFields
}

/**
 * Every staff form action: checks « Je confirme », runs the use case and redirects (303) to the
 * address it returns; a refusal or a failure shows the page again through `showAgain`, with the
 * message, its status and what was typed, so nothing has to be typed twice.
 */
export async function confirmRunRedirect<C extends Context>(
  c: C,
  log: Logger,
  run: (fields: FormFields) => Promise<string>,
  showAgain: (refusal: Refusal) => Promise<Response>,
): Promise<Response> {
  const fields = await formFields(c)
  try {
    requireConfirmation(fields)
    return c.redirect(await run(fields), 303)
  } catch (error) {
    const failure = pageFailure(error, log)
    const { csrf: _csrf, confirme: _confirme, ...values } = fields
    return showAgain({ ...failure, values })
  }
}
