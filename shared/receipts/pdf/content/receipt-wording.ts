/**
 * The printed wording of the two models, copied from the official PDFs (cerfa-wording.md §2
 * and §3) with ’ everywhere. Change a sentence here only after reading the current model on
 * impots.gouv.fr: these are mentions the tax office expects word for word. Note calls are not
 * part of the strings; the content builders add them as superscripts.
 */
export const BENEFICIARY_TITLE = 'Organisme bénéficiaire des dons et versements'

export const INDIVIDUAL = {
  title:
    'Reçu des dons et versements effectués par les particuliers au titre des articles 200 et 978 du code général des impôts',
  nameLabel: 'Nom ou dénomination : ',
  tickLabel: 'Cochez la case concernée :',
  generalInterest:
    'Œuvre ou organisme d’intérêt général ayant un caractère philanthropique, éducatif, scientifique, social, humanitaire, sportif, familial, culturel ou concourant à la mise en valeur du patrimoine artistique, à la défense de l’environnement naturel ou à la diffusion de la culture, de la langue et des connaissances scientifiques françaises :',
  specify: 'Précisez si vous êtes :',
  donorTitle: 'Donateur',
  received:
    'Le bénéficiaire reconnaît avoir reçu des dons et versements ouvrant droit à réduction d’impôt d’un montant de',
  currency: 'Euros',
  inWords: 'Somme en toutes lettres : ',
  paymentDate: 'Date du versement ou du don : ',
  certifies:
    'Le bénéficiaire certifie sur l’honneur que les dons et versements qu’il reçoit ouvrent droit à la réduction d’impôt prévue à l’article',
  article200: '200 du CGI',
  article978: '978 du CGI',
  giftFormLabel: 'Forme du don :',
  giftForms: {
    authentic: 'Acte authentique',
    private: 'Acte sous seing privé',
    manual: 'Déclaration de don manuel',
    other: 'Autres',
  },
  natureLabel: 'Nature du don',
  natures: [
    'Numéraire',
    'Titres de sociétés cotés',
    'Abandon exprès de revenus ou de produits',
    'Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement',
  ],
  natureOther: 'Autres (précisez)',
  paymentModeLabel: 'En cas de don en numéraire, mode de versement du don :',
  paymentModes: {
    cash: 'Remise d’espèces',
    cheque: 'Chèque',
    electronic: 'Virement, prélèvement, carte bancaire',
  },
  notes: {
    5: [
      'Pour les dons de titres de sociétés cotées et les dons en nature, mentionnez la valeur du don.',
    ],
    6: [
      'L’organisme bénéficiaire peut cocher une ou plusieurs cases, étant entendu que la fraction du montant donné qui ouvre droit pour son auteur à la réduction d’IFI prévue à l’article 978 du CGI ne peut ouvrir droit à la réduction d’IR prévue à l’article 200 du CGI et inversement.',
      'En application de l’article L. 80 C du livre des procédures fiscales, il peut demander à l’administration s’il relève de l’une des catégories d’organismes mentionnées à l’article 200 du code général des impôts.',
      'Il est rappelé que le fait de délivrer sciemment des documents permettant à un contribuable d’obtenir indûment une réduction d’impôt entraîne l’application de l’amende prévue à l’article 1740 A du code général des impôts.',
    ],
    7: [
      'La réduction d’IFI ne s’applique qu’aux dons en numéraire et aux dons en pleine propriété de titres de sociétés cotées.',
    ],
    8: ['Exemple : dons en nature.'],
  },
} as const

export const COMPANY = {
  // « bis » is italic on the model; the builders split the title around it.
  titleBefore:
    'Reçu des dons et versements effectués par les entreprises au titre de l’article 238 ',
  titleAfter: ' du code général des impôts',
  nameLabel: 'Dénomination de l’organisme : ',
  tickLabel: 'Cochez la case qui vous concerne :',
  generalInterest:
    'Œuvre ou organisme d’intérêt général ayant un caractère philanthropique, éducatif, scientifique, social, humanitaire, sportif, familial, culturel ou concourant à l’égalité entre les femmes et les hommes, à la mise en valeur du patrimoine artistique, à la défense de l’environnement naturel ou à la diffusion de la culture, de la langue et des connaissances scientifiques françaises. Précisez si vous êtes :',
  donorTitle: 'Entreprise donatrice',
  donorNameLabel: 'Dénomination de l’entreprise : ',
  legalFormLabel: 'Forme juridique : ',
  sirenLabel: 'Numéro SIREN : ',
  giftsTitle: 'Dons et versements effectués par l’entreprise',
  // Both « reconnaît avoir reçu » sentences name « l’article 238 bis »: split around « bis ».
  receivedBefore:
    'L’organisme bénéficiaire reconnaît avoir reçu, au titre de la réduction d’impôt prévue à l’article 238 ',
  inKindAfter: ' du code général des impôts, des dons en nature pour une valeur en euros égale à',
  paymentsAfter: ' du code général des impôts, des versements pour une valeur totale égale à :',
  currency: 'euros',
  inKindInWords: 'Indiquez la valeur totale des dons en nature en toutes lettres : ',
  inKindNone: 'néant',
  descriptionBefore: 'Description exhaustive des biens et prestations reçus et acceptés',
  descriptionMiddle: ' (nature et quantité)',
  descriptionAfter: ' et détail des salariés mis à disposition : ',
  descriptionNone: 'Néant',
  paymentsInWords: 'Indiquez le total des versements en toutes lettres : ',
  paymentFormsLabel: 'Forme des versements',
  paymentForms: {
    cash: 'Remise d’espèces',
    cheque: 'Chèque',
    electronic: 'Virement, prélèvement ou carte bancaire',
    other: 'Autre',
  },
  totalLabel: 'Montant total des dons et versements reçus par l’organisme :',
  totalInWords: 'Indiquez le montant total des dons et versements en toutes lettres : ',
  periodLabel: 'Date ou période au cours de laquelle les dons et versements ont été effectués',
  notes: {
    5: [
      'L’organisme bénéficiaire des dons en nature reporte sur le reçu fiscal le montant indiqué par l’entreprise donatrice.',
    ],
    6: [
      'L’entreprise ne peut pas prétendre au bénéfice de la réduction d’impôt à raison des dons en nature refusés par l’organisme.',
    ],
    7: [
      'La description peut être établie par l’organisme bénéficiaire sur papier libre signé, daté et joint à la présente attestation.',
    ],
    8: ['L’organisme bénéficiaire des versements peut cocher une ou plusieurs cases.'],
    9: [
      'L’organisme bénéficiaire peut établir un reçu unique pour plusieurs dons et versements effectués lors d’une période déterminée (à titre d’exemple, un mois, un trimestre, l’année civile ou encore l’exercice fiscal de l’entreprise donatrice). L’organisme bénéficiaire devra cependant s’assurer que la période sur laquelle porte le reçu fiscal n’est pas à cheval sur deux exercices fiscaux différents de l’entreprise donatrice, notamment dans le cas où l’exercice fiscal de l’entreprise donatrice ne coïncide pas avec l’année civile.',
    ],
  },
} as const

/** Labels both models share. */
export const COMMON = {
  registrationLabel: 'Numéro SIREN ou RNA : ',
  addressLabel: 'Adresse : ',
  postalCodeLabel: 'Code postal ',
  cityLabel: 'Commune ',
  countryLabel: 'Pays : ',
  objectLabel: 'Objet : ',
  orderNumberLabel: 'Numéro d’ordre du reçu',
  signatureLabel: 'Date et signature',
  organismeTypes: {
    'association-loi-1901': 'Association loi 1901',
    'association-rup': 'Association ou fondation reconnue d’utilité publique',
    fondation: 'Fondation d’entreprise',
    autre: 'Autres (précisez) : ',
  },
} as const

/** Layout 3: beside the QR code, left of « Date et signature », outside the model's blocks. */
export const VERIFICATION = {
  title: 'Vérifier ce reçu',
  text: 'Scannez ce code ou ouvrez l’adresse ci-dessous : la page dit si le reçu est valide, annulé ou remplacé.',
} as const

/** Our own marks, outside the model's blocks. */
export const MARKS = {
  specimen: 'SPECIMEN',
  specimenText: 'Ce document n’est pas un reçu fiscal valable.',
  duplicate: 'DUPLICATA',
  duplicateText: (date: string) => `Duplicata édité le ${date}`,
  replaces: (number: string, date: string) => `Annule et remplace le reçu n° ${number} du ${date}`,
  cancelled: 'ANNULÉ',
  cancelledStamp: (date: string, reason: string) => `ANNULÉ le ${date} — ${reason}`,
  replaced: 'REMPLACÉ',
  replacedStamp: (number: string, date: string) => `REMPLACÉ par le reçu n° ${number} du ${date}`,
  continued: (number: string, page: number, pages: number) =>
    `Reçu n° ${number} – page ${page}/${pages}`,
} as const
