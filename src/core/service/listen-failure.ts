/**
 * A listen that failed, in words a person can act on: a port already taken (by the holder's own
 * listener, another MeVault, anything) or one that needs administrator rights. Anything else is
 * returned as it is.
 */
import { MeVaultError } from '../../shared/errors.js'

export function listenFailure(error: unknown, host: string, port: number | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EADDRINUSE') {
    return new MeVaultError('BUSY', `Port ${port ?? 0} on ${host} is already in use: choose another port, or leave it out for any free one`)
  }
  if (code === 'EACCES') return new MeVaultError('BAD_INPUT', `Port ${port ?? 0} needs administrator rights: choose one above 1023`)
  if (code === 'EADDRNOTAVAIL') return new MeVaultError('BAD_INPUT', `${host} is not an address of this machine: listen on 127.0.0.1, 0.0.0.0 or one of its own`)
  return error
}
