import { createHash } from 'node:crypto'
import { type PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'
import { type Deflate, nodeZlibDeflate } from '../deflate.js'
import { SRGB_PROFILE_NAME, srgbProfile } from './srgb-profile.js'

/** What the Info dictionary says, repeated in the XMP packet (PDF/A-2 §6.6.2.3). */
export interface DocumentInfo {
  title: string
  author: string
  subject: string
  creator: string
  producer: string
  language: string
  /** Creation and modification: the receipt's issue instant, never the render time. */
  date: Date
  /** Any text that differs between two documents: the trailer /ID is derived from it. */
  identity: string
  /** How the ICC profile is compressed (layout 3: portableDeflate). */
  deflate?: Deflate
}

const profileStreams = new Map<Deflate, Uint8Array>()

/**
 * The parts PDF/A-2b adds to a PDF whose fonts are all embedded: the XMP metadata stream
 * claiming part 2, conformance B, consistent with the Info dictionary; an sRGB output intent
 * for the DeviceRGB colours; and a trailer /ID, derived from the receipt so that the bytes
 * stay reproducible.
 */
export function addArchivalParts(doc: PDFDocument, info: DocumentInfo): void {
  const { context, catalog } = doc
  const metadata = context.stream(Buffer.from(xmpPacket(info), 'utf8'), {
    Type: 'Metadata',
    Subtype: 'XML',
  })
  catalog.set(PDFName.of('Metadata'), context.register(metadata))
  const deflate = info.deflate ?? nodeZlibDeflate
  let profileStream = profileStreams.get(deflate)
  if (!profileStream) {
    profileStream = deflate(srgbProfile())
    profileStreams.set(deflate, profileStream)
  }
  const profile = context.register(context.stream(profileStream, { N: 3, Filter: 'FlateDecode' }))
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_PROFILE_NAME),
    Info: PDFString.of(SRGB_PROFILE_NAME),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  })
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]))
  const id = createHash('sha256').update(info.identity).digest('hex').slice(0, 32)
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)])
}

function xmpPacket(info: DocumentInfo): string {
  const date = xmpDate(info.date)
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>${xml(info.language)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<xmp:CreatorTool>${xml(info.creator)}</xmp:CreatorTool>
<pdf:Producer>${xml(info.producer)}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`
}

/** The instant pdf-lib writes into the Info dictionary (D:YYYYMMDDHHmmSSZ), in XMP's form. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

function xml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
