/** The Set-Cookie headers of a response, by cookie name, with their attributes as written. */
export function setCookies(response: Response): Map<string, { value: string; attributes: string }> {
  const cookies = new Map<string, { value: string; attributes: string }>()
  for (const line of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';')
    const at = pair.indexOf('=')
    cookies.set(pair.slice(0, at).trim(), {
      value: pair.slice(at + 1).trim(),
      attributes: attributes.map((part) => part.trim()).join('; '),
    })
  }
  return cookies
}

/** Just enough of a browser's cookie store for app.request(): no domain or path matching. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  keep(response: Response): this {
    for (const [name, cookie] of setCookies(response)) {
      if (/(^|; )Max-Age=0(;|$)/i.test(cookie.attributes)) this.#cookies.delete(name)
      else this.#cookies.set(name, cookie.value)
    }
    return this
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)
  }

  set(name: string, value: string): this {
    this.#cookies.set(name, value)
    return this
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/** A browser form submission. */
export function formPost(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  }
}
