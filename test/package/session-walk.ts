import assert from 'node:assert/strict'

/** Cookies a client keeps between requests, as a browser's jar does for one origin. */
class Jar {
  readonly cookies = new Map<string, string>()
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      if (/Max-Age=0/i.test(line)) this.cookies.delete(pair.slice(0, eq))
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}

/**
 * The README's walk over a real socket: csrf_token → login → /accounts/user/ (and the app's own protected route,
 * when it has one) → refresh → logout → 401.
 */
export async function walkSession(
  base: string,
  credentials: { username: string; password: string },
  protectedPath?: string,
): Promise<void> {
  const jar = new Jar()
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie: jar.header(), ...headers },
      ...(body !== undefined && { body }),
    })
    jar.store(response)
    return response
  }
  assert.equal((await call('GET', '/accounts/csrf_token/')).status, 200)
  const login = await call(
    'POST',
    '/accounts/auth/login/',
    { 'content-type': 'application/json' },
    JSON.stringify(credentials),
  )
  assert.equal(login.status, 200, await login.text())
  assert.ok(jar.cookies.has('access_token') && jar.cookies.has('refresh_token'))
  const me = await call('GET', '/accounts/user/')
  assert.equal(me.status, 200)
  assert.equal(((await me.json()) as { username: string }).username, credentials.username)
  if (protectedPath !== undefined) {
    const own = await call('GET', protectedPath)
    assert.equal(own.status, 200)
    assert.deepEqual(await own.json(), { owner: credentials.username })
  }
  const before = jar.cookies.get('refresh_token')
  assert.equal((await call('POST', '/accounts/auth/refresh_token/')).status, 200)
  assert.notEqual(jar.cookies.get('refresh_token'), before, 'the refresh token rotated')
  const logout = await call('POST', '/accounts/auth/logout/', {
    'x-csrftoken': jar.cookies.get('csrftoken') ?? '',
  })
  assert.equal(logout.status, 200)
  assert.equal((await call('GET', '/accounts/user/')).status, 401)
  if (protectedPath !== undefined) assert.equal((await call('GET', protectedPath)).status, 401)
}
