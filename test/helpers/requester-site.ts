import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { makeTestCa, type TestCa } from './test-ca.js'

/** What one host serves at /.well-known/did.json. */
export interface PublishedDocument {
  body: string
  status?: number
  headers?: Record<string, string>
}

/**
 * Requesters' web sites on 127.0.0.1 over real HTTPS, with a test CA vouching for `hosts`: each
 * host (as the Host header names it) serves its own did.json, and every fetch is counted, so a
 * test can tell a cached binding from a fetched one.
 */
export async function startRequesterSites(hosts: readonly string[]) {
  const ca: TestCa = makeTestCa(hosts)
  const documents = new Map<string, PublishedDocument>()
  const fetches: string[] = []
  const server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
    fetches.push(`${host}${req.url ?? ''}`)
    const published = req.url === '/.well-known/did.json' ? documents.get(host) : undefined
    if (!published) return void res.writeHead(404).end('not here')
    res.writeHead(published.status ?? 200, { 'content-type': 'application/did+json', ...published.headers }).end(published.body)
  })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
  return {
    ca,
    port,
    /** `https://HOST:PORT/`: the requester url of a site served here. */
    urlOf: (host: string) => `https://${host}:${port}/`,
    /** HOST serves `document` as its did.json, cacheable for five minutes unless `headers` say otherwise. */
    publish: (host: string, document: unknown, headers: Record<string, string> = { 'cache-control': 'max-age=300' }) => {
      documents.set(host, { body: JSON.stringify(document), headers })
    },
    /** HOST answers its did.json with exactly this. */
    publishRaw: (host: string, published: PublishedDocument) => documents.set(host, published),
    unpublish: (host: string) => documents.delete(host),
    /** How many times HOST's did.json was asked for. */
    fetchesOf: (host: string) => fetches.filter((f) => f === `${host}/.well-known/did.json`).length,
    /** For MEVAULT_RESOLVE and lookupFromEnvironment(): every host to 127.0.0.1. */
    resolve: hosts.map((host) => `${host}=127.0.0.1`).join(','),
    close: async () => {
      await new Promise((resolve) => server.close(resolve))
      ca.remove()
    }
  }
}
