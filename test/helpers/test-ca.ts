import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A certificate authority made by a test, and a server certificate it issued for some names. */
export interface TestCa {
  /** PEM of the CA certificate: the trust anchor (pass as `ca`, or write it for NODE_EXTRA_CA_CERTS). */
  caPem: string
  /** The CA certificate as a file, for NODE_EXTRA_CA_CERTS in a child process. */
  caFile: string
  /** The server's key and certificate, for https.createServer. */
  key: string
  cert: string
  /** Another certificate for the same names from a CA nobody trusts: an impostor's. */
  untrusted: { key: string; cert: string }
  dir: string
  remove(): void
}

/**
 * Makes a fresh CA with openssl and issues a certificate for `names` (DNS names; 127.0.0.1 is added
 * as an IP address). Real X.509 and real TLS, no mocks: the trust decision is Node's own.
 */
export function makeTestCa(names: readonly string[]): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'mevault-ca-'))
  const file = (name: string): string => join(dir, name)
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }
  const issue = (caName: string, prefix: string): { key: string; cert: string } => {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', `/CN=${caName}`, '-keyout', file(`${prefix}ca.key`), '-out', file(`${prefix}ca.pem`),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${names[0]}`,
      '-keyout', file(`${prefix}server.key`), '-out', file(`${prefix}server.csr`))
    const san = [...names.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',')
    writeFileSync(file(`${prefix}ext.cnf`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`)
    openssl('x509', '-req', '-in', file(`${prefix}server.csr`), '-CA', file(`${prefix}ca.pem`), '-CAkey', file(`${prefix}ca.key`),
      '-CAcreateserial', '-days', '2', '-extfile', file(`${prefix}ext.cnf`), '-out', file(`${prefix}server.pem`))
    return { key: readFileSync(file(`${prefix}server.key`), 'utf8'), cert: readFileSync(file(`${prefix}server.pem`), 'utf8') }
  }
  const trusted = issue('MeVault test CA', '')
  const untrusted = issue('Nobody trusts this CA', 'untrusted-')
  return {
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    ...trusted,
    untrusted,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}
