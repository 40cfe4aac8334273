import { useEffect, useState } from 'react'
import type { Policy, PolicySummary } from '../../shared/policy'
import { call } from './api'

interface Loaded {
  policies: Policy[]
  current: PolicySummary[]
}

let cache: Promise<Loaded | null> | null = null

/** The installed policies, fetched once per unlock (forget() after an import or a lock). */
export function loadPolicies(): Promise<Loaded | null> {
  cache ??= call('policies.list', {}).then((r) => (r.ok ? r.value : null))
  return cache
}

export function forgetPolicies(): void {
  cache = null
}

export function usePolicies(): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  useEffect(() => {
    let live = true
    void loadPolicies().then((p) => live && setLoaded(p))
    return () => {
      live = false
    }
  }, [])
  return loaded
}

export const policyById = (loaded: Loaded | null, id: string, version?: number): Policy | undefined =>
  loaded?.policies
    .filter((p) => p.id === id && (version === undefined || p.version === version))
    .sort((a, b) => b.version - a.version)[0]
