/** HelloAsso sends ISO 3166 alpha-3 codes; the Cerfa prints the country's name in French. */
const NAMES: Record<string, string> = {
  FRA: 'France',
  BEL: 'Belgique',
  CHE: 'Suisse',
  LUX: 'Luxembourg',
  MCO: 'Monaco',
  DEU: 'Allemagne',
  ESP: 'Espagne',
  ITA: 'Italie',
  PRT: 'Portugal',
  NLD: 'Pays-Bas',
  GBR: 'Royaume-Uni',
  IRL: 'Irlande',
  AUT: 'Autriche',
  POL: 'Pologne',
  SWE: 'Suède',
  DNK: 'Danemark',
  NOR: 'Norvège',
  FIN: 'Finlande',
  GRC: 'Grèce',
  USA: 'États-Unis',
  CAN: 'Canada',
  MAR: 'Maroc',
  DZA: 'Algérie',
  TUN: 'Tunisie',
  SEN: 'Sénégal',
  CIV: 'Côte d’Ivoire',
  CMR: 'Cameroun',
  MDG: 'Madagascar',
  REU: 'La Réunion',
  GLP: 'Guadeloupe',
  MTQ: 'Martinique',
  GUF: 'Guyane',
  MYT: 'Mayotte',
  NCL: 'Nouvelle-Calédonie',
  PYF: 'Polynésie française',
  VNM: 'Viêt Nam',
  CHN: 'Chine',
  JPN: 'Japon',
}

/** Undefined when HelloAsso gives no country: a missing country is never assumed to be France. */
export function countryName(code: string | null | undefined): string | undefined {
  const trimmed = code?.trim()
  if (!trimmed) return undefined
  return NAMES[trimmed.toUpperCase()] ?? trimmed
}
