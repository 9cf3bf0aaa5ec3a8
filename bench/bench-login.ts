/**
 * The benchmarks' user, and its login over HTTP: the servers the benches start create this user, and the load
 * generators log it in to get the tokens they present.
 */

/** The user every bench server creates and every bench logs in as. */
export const BENCH_USER = { username: 'bench', password: 'correct horse battery staple' } as const

/** Logs the bench user in at `url` (a server with Latchkey's API) and returns the access and refresh tokens it set. */
export async function benchLogin(url: string): Promise<{ access: string; refresh: string }> {
  const res = await fetch(`${url}/accounts/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_USER),
  })
  if (res.status !== 200) throw new Error(`bench login failed: ${res.status} ${await res.text()}`)
  const cookie = (name: string) =>
    res.headers
      .getSetCookie()
      .find((line) => line.startsWith(`${name}=`))
      ?.slice(name.length + 1)
      .split(';')[0] ?? ''
  return { access: cookie('access_token'), refresh: cookie('refresh_token') }
}
