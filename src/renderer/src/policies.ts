import type { ChannelOutput } from '../../shared/ipc'
import type { Policy } from '../../shared/policy'
import { useChannel } from './lib/queries'

type Loaded = ChannelOutput<'policies.list'>

/**
 * The installed policies, or null until they are read (or if they could not be): one cached answer for
 * every screen, read again after an import and forgotten at a lock (lib/queries.ts).
 */
export function usePolicies(): Loaded | null {
  return useChannel('policies.list', {}).data ?? null
}

export const policyById = (loaded: Loaded | null, id: string, version?: number): Policy | undefined =>
  loaded?.policies
    .filter((p) => p.id === id && (version === undefined || p.version === version))
    .sort((a, b) => b.version - a.version)[0]
