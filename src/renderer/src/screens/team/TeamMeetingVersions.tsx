import { Fragment, useState } from 'react'
import type { TeamMeetingVersion } from '../../../../shared/meetings'
import { call } from '../../api'
import { VersionWho } from './TeamNotes'

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * A meeting saved on two devices at once (a team vault), on the dispute page and the meeting screen: each version's
 * differing parts with who saved it and when, and "Keep this version" (`team.pickMeetingVersion`), as a draft's
 * versions are picked. Keeping one takes only the parts the two changed differently; the rest stays as merged.
 */
export function TeamMeetingVersions({ id, level, disputeId, versions, stageName, onPicked }: {
  /** The section's id, for a link that takes focus to it. */
  id?: string
  /** Its heading's level where it stands on the page. */
  level: 2 | 3
  disputeId: string
  versions: TeamMeetingVersion[]
  /** "stage 4": the meeting's stage in the policy's words, as in a sentence. */
  stageName: string
  onPicked: (note: string) => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (versions.length < 2) return null
  const Heading = level === 2 ? 'h2' : 'h3'
  const keep = async (v: TeamMeetingVersion) => {
    setBusy(true)
    const r = await call('team.pickMeetingVersion', { disputeId, versionId: v.version })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    setError(null)
    onPicked(`${v.byName}’s version of the ${stageName} meeting is kept, here and on colleagues’ devices once they sync. Its decision can be signed off once it is complete.`)
  }
  return (
    <section id={id} tabIndex={id ? -1 : undefined} className="notice warning team-versions" aria-labelledby={`${id ?? 'meeting'}-versions-title`}>
      <Heading id={`${id ?? 'meeting'}-versions-title`} className="h3" style={{ marginTop: 0 }}>The {stageName} meeting was changed on two devices at once</Heading>
      <p className="small">
        Both versions are kept, and its decision cannot be signed off until one is kept. Keep one of them, or change the meeting yourself to write
        one from both. Keeping a version takes only the parts shown here; anything else either of them changed stays. The times are by each
        writer’s device clock.
      </p>
      {error && <div className="notice danger" role="alert">{error}</div>}
      <div className="versions">
        {versions.map((v, i) => (
          <div key={v.version} className="card">
            <VersionWho n={i + 1} byName={v.byName} at={v.at} />
            <dl className="summary-list small">
              {v.parts.map((p) => (
                <Fragment key={p.part}>
                  <dt>{capital(p.part)}</dt>
                  <dd className="prose">{p.text}</dd>
                </Fragment>
              ))}
            </dl>
            <button type="button" className="button secondary" disabled={busy} onClick={() => void keep(v)}>
              Keep this version<span className="visually-hidden">: version {i + 1}, by {v.byName}, of the {stageName} meeting</span>
            </button>
          </div>
        ))}
      </div>
    </section>
  )
}
