import { runNetworkAdapterTests } from '@automerge/automerge-repo/helpers/tests/network-adapter-tests.js'
import { loadSodium } from '../crypto/sodium.js'
import { SecureClientAdapter } from './secure-client-adapter.js'
import { SecureServerAdapter } from './secure-server-adapter.js'
import { pairedDevices, recordingLogger } from './testing/paired-devices.js'

// automerge-repo's own network adapter suite, unchanged: alice and charlie dial bob's listener,
// every connection going through the full handshake and encrypted frames on 127.0.0.1.
runNetworkAdapterTests(async () => {
  await loadSodium()
  const [alice, bob, charlie] = pairedDevices('alice', 'bob', 'charlie') as [
    ReturnType<typeof pairedDevices>[number],
    ReturnType<typeof pairedDevices>[number],
    ReturnType<typeof pairedDevices>[number]
  ]
  const logger = recordingLogger()
  const server = new SecureServerAdapter({ deviceKeys: bob.keys, trust: bob.trust, logger })
  const { port } = await server.listen()
  const client = (device: typeof alice): SecureClientAdapter =>
    new SecureClientAdapter({ deviceKeys: device.keys, trust: device.trust, logger, host: '127.0.0.1', port, retryIntervalMs: 100 })
  const aliceAdapter = client(alice)
  const charlieAdapter = client(charlie)
  return {
    adapters: [aliceAdapter, server, charlieAdapter],
    teardown: () => {
      aliceAdapter.disconnect()
      charlieAdapter.disconnect()
      void server.close()
    }
  }
}, 'secure TCP')
