/** Not a real PDF: the mail code only carries bytes, so any bytes will do (incl. non-UTF-8). */
export const dummyPdf = new Uint8Array([
  ...new TextEncoder().encode('%PDF-1.7\n%'),
  0xe2,
  0xe3,
  0xcf,
  0xd3,
  0x00,
  0xff,
  ...new TextEncoder().encode('\n1 0 obj << >> endobj\n%%EOF\n'),
])

export const FROM = 'Les Amis du Jardin Partagé <recus@jardin.example.org>'
export const TO = 'camille.dupontel@example.net'
