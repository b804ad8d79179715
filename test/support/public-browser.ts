import type { Hono } from 'hono'

/** A browser on the public pages through app.request(): it keeps cookies and submits forms. */
export interface PublicBrowser {
  get(path: string): Promise<Response>
  /** Opens `page`, then submits its form's fields (CSRF token included) to `action`. */
  submit(page: string, action: string, fields: Record<string, string>): Promise<Response>
}

export function publicBrowser(app: Hono, headers: Record<string, string> = {}): PublicBrowser {
  const cookies = new Map<string, string>()
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, value] = (pair ?? '').split('=')
      if (name && value !== undefined) cookies.set(name, value)
    }
    return response
  }
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  const browser: PublicBrowser = {
    async get(path) {
      return remember(await app.request(path, { headers: { ...headers, cookie: cookieHeader() } }))
    },
    async submit(page, action, fields) {
      const html = await (await browser.get(page)).text()
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
      return remember(
        await app.request(action, {
          method: 'POST',
          headers: {
            ...headers,
            cookie: cookieHeader(),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ csrf, ...fields }).toString(),
        }),
      )
    },
  }
  return browser
}

/** The visible text of a page, tags dropped, spaces folded (no-break spaces kept). */
export async function visibleText(response: Response): Promise<string> {
  return (await response.text()).replace(/<[^>]+>/g, ' ').replace(/[ \t\n]+/g, ' ')
}
