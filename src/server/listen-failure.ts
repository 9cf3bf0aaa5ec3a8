/**
 * The one-line reason a listen failed, naming the variable to change, or undefined for a failure that is not the
 * configuration's (then it is a bug, and its stack is worth seeing).
 */
export function listenFailure(error: unknown, host: string, port: number): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  switch (code) {
    case 'EADDRINUSE':
      return `LATCHKEY_PORT: port ${port} on ${host} is already in use; stop the other process or choose another LATCHKEY_PORT`
    case 'EACCES':
      return `LATCHKEY_PORT: not allowed to listen on port ${port} (ports below 1024 need privileges); choose another LATCHKEY_PORT`
    case 'EADDRNOTAVAIL':
      return `LATCHKEY_HOST: ${host} is not an address of this machine; use one of its addresses, 127.0.0.1 or 0.0.0.0`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `LATCHKEY_HOST: the host name ${host} does not resolve; use an IP address such as 127.0.0.1 or 0.0.0.0`
    default:
      return undefined
  }
}
