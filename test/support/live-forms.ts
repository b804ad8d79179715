import { TEST_ORG_SLUG } from './test-association-config.js'

/** A HelloAsso tier as GET …/forms/{formType}/{formSlug}/public gives it (TierPublicModel). */
export function aTier(
  id: number,
  label: string,
  price: number | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    label,
    tierType: 'Membership',
    price,
    isEligibleTaxReceipt: false,
    customFields: [],
    ...extra,
  }
}

/** A form (FormPublicModel) of the test organisation, for FakeHelloAsso.putForm(). */
export function aForm(
  formSlug: string,
  tiers: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    formSlug,
    formType: 'Membership',
    title: `Adhésion ${formSlug}`,
    state: 'Public',
    organizationSlug: TEST_ORG_SLUG,
    organizationName: 'Réseau Tiers-Lieux Drôme',
    validityType: 'MovingYear',
    tiers,
    ...extra,
  }
}

/** The company custom fields of the test association's organisation tiers. */
export const COMPANY_CUSTOM_FIELDS = [
  { id: 901210, label: 'Nom de la structure', type: 'TextInput', isRequired: true },
  { id: 901211, label: 'Budget annuel de la structure', type: 'ChoiceList', isRequired: true },
  { id: 901212, label: 'SIRET', type: 'TextInput', isRequired: false },
]
