import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createVaultService } from '/work/main/src/core/service/index.js'
const ROWS = Number(process.env.ROWS ?? 1000)
const lines = ['given_name,family_name,email']
for (let i = 1; i <= ROWS; i++) lines.push(`Given${i},Family${i},person${i}@example.org`)
const content = lines.join('\r\n') + '\r\n'
const root = mkdtempSync(join(tmpdir(), 'imp-'))
const api = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
await api['vault.create']({ passphrase: 'correct horse battery staple' })
let t = performance.now()
const p = await api['import.preview']({ fileName: 'c.csv', content })
console.log('preview', Math.round(performance.now() - t))
t = performance.now(); const c0 = process.cpuUsage()
await api['import.apply']({ fileName: 'c.csv', content })
console.log('apply', Math.round(performance.now() - t), 'cpu', Math.round((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000))
await api['vault.lock']()
