import type { Command } from 'commander'
import { parseTier } from '../../core/vault/tiers.js'
import type { PolicyView, RequesterRule, TierRule } from '../../shared/api.js'
import { badInput } from '../../shared/errors.js'
import { POLICY_PRESET_NAMES, type PolicyPresetName } from '../../shared/types.js'
import { withApi } from '../connect.js'
import { out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('standing policies: what MeVault suggests before you decide')

  policy
    .command('show')
    .description('the rule for each tier and each requester')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const current = await withApi(command.optsWithGlobals(), (api) => api['policy.get']())
      // The rules, in the shape `policy show --json` has always had (scripts read it).
      if (options.json) printJson({ tiers: current.tiers, requesters: current.requesters, refuseSoldIndividually: current.refuseSoldIndividually })
      else out(policyText(current))
    })

  policy
    .command('set <tier> <rule>')
    .description('public: share | ask | never; restricted and private: ask | never')
    .action(async (tierText: string, rule: string, _options: unknown, command: Command) => {
      const tier = parseTier(tierText)
      const { TIER_RULES } = await import('../../shared/api.js')
      const allowed: readonly string[] = TIER_RULES[tier]
      if (!allowed.includes(rule)) throw badInput(`The rule for ${tier} fields is ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`)
      const next = await withApi(command.optsWithGlobals(), (api) => api['policy.setTierRule']({ tier, rule: rule as TierRule }))
      out(`${tier} fields: ${next.tiers[tier]}\n`)
    })

  policy
    .command('preset <name>')
    .description(`one step: ${POLICY_PRESET_NAMES.join(' | ')} (keeps your requester rules)`)
    .action(async (name: string, _options: unknown, command: Command) => {
      if (!(POLICY_PRESET_NAMES as readonly string[]).includes(name)) throw badInput(`Unknown preset; use one of ${POLICY_PRESET_NAMES.join(', ')}`)
      const next = await withApi(command.optsWithGlobals(), (api) => api['policy.applyPreset']({ preset: name as PolicyPresetName }))
      out(policyText(next))
    })

  policy
    .command('sold-individually <rule>')
    .description('refuse: refuse every request that sells your data individually (with your name on it); ask: decide yourself')
    .action(async (rule: string, _options: unknown, command: Command) => {
      if (rule !== 'refuse' && rule !== 'ask') throw badInput('The rule for requests that sell your data individually is refuse or ask')
      const next = await withApi(command.optsWithGlobals(), (api) => api['policy.setRefuseSoldIndividually']({ refuse: rule === 'refuse' }))
      out(`${soldIndividuallyText(next)}\n`)
    })

  policy
    .command('requester <did> <rule>')
    .description('for one requester (by did:key): allow | ask | block, or none to remove the rule')
    .action(async (did: string, rule: string, _options: unknown, command: Command) => {
      if (!['allow', 'ask', 'block', 'none'].includes(rule)) throw badInput('A requester rule is allow, ask, block or none')
      await withApi(command.optsWithGlobals(), (api) => api['policy.setRequesterRule']({ requester: did, rule: rule as RequesterRule | 'none' }))
      out(rule === 'none' ? shown`No rule for ${did} any more` + '\n' : shown`${did}: ${rule}` + '\n')
    })
}

function soldIndividuallyText(policy: PolicyView): string {
  return `requests that sell your data individually: ${policy.refuseSoldIndividually ? 'refused' : 'ask (you decide)'}`
}

function policyText(policy: PolicyView): string {
  const lines = [
    `public fields:      ${policy.tiers.public}`,
    `restricted fields:  ${policy.tiers.restricted}`,
    `private fields:     ${policy.tiers.private}`
  ]
  lines.push(soldIndividuallyText(policy))
  const requesters = Object.entries(policy.requesters)
  lines.push(requesters.length ? 'Requesters:' : 'Requesters: no rules (the tier rules apply)')
  for (const [did, rule] of requesters) lines.push(shown`  ${did}  ${rule}`)
  return `${lines.join('\n')}\n`
}
