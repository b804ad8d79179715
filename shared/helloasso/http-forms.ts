import {
  type FormLight,
  FormPageSchema,
  type PublicForm,
  PublicFormSchema,
} from './form-schemas.js'
import { getJson, type ReadContext } from './http-get-json.js'
import { paginateByContinuationToken } from './paginate-by-continuation-token.js'

/** `GET /organizations/{slug}/forms`, every page of it. */
export async function listFormsOverHttp(
  context: ReadContext,
  organizationSlug: string,
): Promise<FormLight[]> {
  const base = `/organizations/${encodeURIComponent(organizationSlug)}/forms`
  const pages = paginateByContinuationToken(async (continuationToken) => {
    const params = new URLSearchParams({ pageSize: '100' })
    if (continuationToken) params.set('continuationToken', continuationToken)
    const page = await getJson(context, `${base}?${params}`, FormPageSchema)
    return { data: page.data ?? [], continuationToken: page.pagination?.continuationToken }
  }, `GET ${base}`)
  const forms: FormLight[] = []
  for await (const page of pages) forms.push(...page)
  return forms
}

/** `GET /organizations/{slug}/forms/{formType}/{formSlug}/public`: the form with its tiers. */
export function getPublicFormOverHttp(
  context: ReadContext,
  organizationSlug: string,
  form: { formType: string; formSlug: string },
): Promise<PublicForm> {
  const path = [
    'organizations',
    organizationSlug,
    'forms',
    form.formType,
    form.formSlug,
    'public',
  ].map(encodeURIComponent)
  return getJson(context, `/${path.join('/')}`, PublicFormSchema)
}
