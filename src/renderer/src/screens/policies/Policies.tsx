/** The Policies screen: each installed partnership's rules, importing a policy, and the calendar. */
import { useState } from 'react'
import { type Policy, type PolicySummary } from '../../../../shared/policy'
import { Spinner } from '../../components/forms'
import { useChannel } from '../../lib/queries'
import { plural } from './words'
import { PolicySection } from './PolicySection'
import { ImportPolicy } from './ImportPolicy'
import { BankHolidays } from './Calendar'

export interface Loaded {
  policies: Policy[]
  current: PolicySummary[]
}

/** The partnerships' policies as installed, importing another, and the working-day calendar. */
export function Policies() {
  // Read again after a change or an import (a save), before onChanged's message is shown.
  const query = useChannel('policies.list', {})
  const loaded: Loaded | null = query.data ?? null
  const loadError = query.error?.message ?? null
  const [open, setOpen] = useState<Set<string>>(new Set())
  const [changed, setChanged] = useState<string | null>(null)

  const { refetch } = query

  const sections = (loaded?.current ?? [])
    .map((summary) => ({ summary, policy: loaded!.policies.find((p) => p.id === summary.id && p.version === summary.version) }))
    .filter((s): s is { summary: PolicySummary; policy: Policy } => s.policy !== undefined)
    .sort((a, b) => a.policy.partnership.localeCompare(b.policy.partnership, 'en-GB'))
  const allOpen = sections.length > 0 && sections.every((s) => open.has(s.summary.key))

  return (
    <>
      <h1>Policies</h1>
      <p className="lead">
        The escalation policies of the partnerships installed in this app: their stages, timescales and who must be told. Deadlines
        are worked out from these rules in working days, leaving out weekends, bank holidays and your closure days.
      </p>
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}
      {!loaded && !loadError && <Spinner label="Loading policies…" />}
      {loaded && (
        <>
          <p className="small muted">
            {plural(sections.length, 'partnership', 'partnerships')}. A dispute keeps the version of the policy it was opened under.
          </p>
          {changed && <div className="notice success" role="status">{changed}</div>}
          <div className="accordion">
            <div className="accordion-controls">
              <button type="button" className="link" aria-expanded={allOpen} onClick={() => setOpen(allOpen ? new Set() : new Set(sections.map((s) => s.summary.key)))}>
                {allOpen ? 'Hide all policies' : 'Show all policies'}
              </button>
            </div>
            {sections.map(({ summary, policy }) => (
              <PolicySection
                key={summary.key}
                policy={policy}
                summary={summary}
                open={open.has(summary.key)}
                onChanged={async (message) => {
                  await refetch()
                  setChanged(message)
                }}
                onToggle={() =>
                  setOpen((prev) => {
                    const next = new Set(prev)
                    if (next.has(summary.key)) next.delete(summary.key)
                    else next.add(summary.key)
                    return next
                  })
                }
              />
            ))}
          </div>
        </>
      )}
      <ImportPolicy
        onImported={async (summary) => {
          await refetch()
          setOpen((prev) => new Set(prev).add(summary.key))
        }}
      />
      <BankHolidays />
    </>
  )
}

// ── importing a policy ───────────────────────────────────────────────────────────────────────────

/** A refusal of an imported file as error-summary entries: the reason linked to the file input, then each problem. */
