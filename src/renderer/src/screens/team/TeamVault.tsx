import { ConfirmRemoval } from '../../components/ConfirmRemoval'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { TeamStatusView } from '../../../../shared/ipc'
import { formatDateTime } from '../../../../shared/dates'
import { call, errorsFrom } from '../../api'
import { ErrorSummary, SelectField, TextField, type FieldErrors } from '../../components/forms'
import { useChannel } from '../../lib/queries'
import { TeamSetUp } from './TeamSetUp'

type Member = TeamStatusView['members'][number]
type Pending = TeamStatusView['pending'][number]
const listed = (names: string[]): string => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`)
const ROLE_WORDS: Record<Member['role'], string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer who countersigns' }
const AS_A: Record<Member['role'], string> = { owner: 'an owner', member: 'a member', viewer: 'a viewer who countersigns' }

/**
 * Settings → Team vault (issue 17): the team's members with their roles and when each colleague's changes
 * were last received here; an owner invites (the one-time code shown once) and removes. Before a team exists:
 * set one up or join one (TeamSetUp).
 */
export function TeamVaultSection() {
  const status = useChannel('team.status', {}, { refetchInterval: 60_000 }).data ?? null
  // What setting up or joining did, said (and focused) once the members are shown in place of the forms.
  const [done, setDone] = useState<string | null>(null)
  return (
    <section aria-labelledby="team-vault-title">
      <h2 id="team-vault-title">Team vault</h2>
      {!status ? null : status.member ? <TeamMembers status={status} firstMessage={done} /> : <TeamSetUp onDone={setDone} />}
    </section>
  )
}

function TeamMembers({ status, firstMessage }: { status: TeamStatusView; firstMessage: string | null }) {
  const [removing, setRemoving] = useState<Member | null>(null)
  const [message, setMessage] = useState<string | null>(firstMessage)
  const [syncing, setSyncing] = useState(false)
  const messageRef = useRef<HTMLDivElement>(null)
  // A confirmation takes focus: the button that led to it (set up, join, remove) is gone by then.
  useEffect(() => {
    if (message) messageRef.current?.focus()
  }, [message])
  const owner = status.myRole === 'owner'

  const syncNow = async () => {
    setSyncing(true)
    const r = await call('team.syncNow', {})
    setSyncing(false)
    setMessage(r.ok ? (r.value.lastSyncError ? `Not everything could be sent: ${r.value.lastSyncError}` : 'Up to date with the team vault.') : r.error.message)
  }
  const remove = async (m: Member) => {
    const r = await call('team.remove', { personId: m.personId })
    setRemoving(null)
    if (!r.ok) return setMessage(r.error.message)
    // A removal withdraws every invitation not yet used (it holds only the old key): said, so they are made again.
    const still = new Set(r.value.pending.map((p) => p.inviteId))
    const withdrawn = status.pending.filter((p) => !still.has(p.inviteId)).map((p) => p.name)
    setMessage(
      `${m.name} was removed from the team vault. The others now use a new team key.` +
        (withdrawn.length > 0
          ? ` The invitation${withdrawn.length === 1 ? '' : 's'} for ${listed(withdrawn)} ${withdrawn.length === 1 ? 'was' : 'were'} withdrawn, as ${withdrawn.length === 1 ? 'it holds' : 'they hold'} only the old key: invite ${withdrawn.length === 1 ? 'them' : 'each of them'} again.`
          : ''),
    )
  }
  const withdraw = async (p: Pending) => {
    const r = await call('team.withdrawInvitation', { inviteId: p.inviteId })
    setMessage(r.ok ? `The invitation for ${p.name} was withdrawn: it can no longer be used to join.` : r.error.message)
  }

  return (
    <>
      <p>
        This vault belongs to a team vault kept in {status.where}.
        {status.myRole
          ? ` You are ${AS_A[status.myRole]}.`
          : status.left === 'withdrawn'
            ? ' Your invitation was withdrawn before an owner’s computer received your joining, so you are not in the team: ask an owner for a new invitation.'
            : ' You have been removed from it: nothing more is received from it.'}
      </p>
      {message && (
        <div className="notice" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </div>
      )}
      {status.problems.length > 0 && (
        <div className="notice warning" role="alert">
          <p>Some of what arrived from the team vault was not used:</p>
          <ul>
            {status.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <table>
        <caption className="visually-hidden">Members of the team vault</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Last changes received</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {status.members.map((m) => (
            <tr key={m.personId}>
              <td>
                {m.name}
                {m.me ? ' (you)' : ''}
              </td>
              <td>{ROLE_WORDS[m.role]}</td>
              <td>{m.me ? '—' : m.lastReceivedAt ? `Last changes received ${formatDateTime(m.lastReceivedAt)}` : 'None received yet'}</td>
              <td>
                {owner && !m.me && (
                  <button type="button" className="link" onClick={() => setRemoving(m)}>
                    Remove<span className="visually-hidden"> {m.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Times are by each colleague’s own computer clock.</p>
      {status.pending.length > 0 && (
        <>
          <h3>Invitations not yet used</h3>
          <ul>
            {status.pending.map((p) => (
              <li key={p.inviteId}>
                {p.name} ({ROLE_WORDS[p.role].toLowerCase()}): the invitation can be used until {formatDateTime(p.expiresAt)}
                {owner && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => void withdraw(p)}>
                      Withdraw<span className="visually-hidden"> the invitation for {p.name}</span>
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {removing && (
        <RemoveConfirmation member={removing} invited={status.pending.map((p) => p.name)} onConfirm={() => void remove(removing)} onCancel={() => setRemoving(null)} />
      )}
      <button type="button" className="button secondary" onClick={() => void syncNow()} disabled={syncing}>
        {syncing ? 'Syncing…' : 'Sync now'}
      </button>
      {status.lastSyncAt && <p className="hint">Last synced {formatDateTime(status.lastSyncAt)}.</p>}
      {owner && <InviteForm />}
    </>
  )
}

function RemoveConfirmation({ member, invited, onConfirm, onCancel }: { member: Member; invited: string[]; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmRemoval id="remove-member" name={member.name} title={<>Remove {member.name} from the team vault?</>} onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        The team moves to a new key that {member.name} does not get, so nothing anyone writes from now on can be read on
        their computer, and everything their computer writes from now on is refused by everyone else.
      </p>
      <p>
        <strong>What {member.name} already received stays on their computer</strong>, in their own vault. Ask them to hand
        it back or delete it, if that matters.
      </p>
      {invited.length > 0 && (
        <p>
          {invited.length === 1 ? `The invitation for ${invited[0]}, not yet used, is` : `The invitations for ${listed(invited)}, not yet used, are`}{' '}
          withdrawn too: {invited.length === 1 ? 'it holds' : 'they hold'} only the old key. Invite {invited.length === 1 ? 'them' : 'each of them'} again
          afterwards.
        </p>
      )}
    </ConfirmRemoval>
  )
}

function InviteForm() {
  const [name, setName] = useState('')
  const [role, setRole] = useState<Member['role']>('member')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [made, setMade] = useState<{ code: string; savedTo: string; expiresAt: string; name: string } | null>(null)
  const codeRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => codeRef.current?.focus(), [made])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!name.trim()) return setErrors({ 'team-invite-name': 'Enter the name of the person you are inviting' })
    const r = await call('team.invite', { name: name.trim(), role, days: 7 })
    if (!r.ok) {
      const { name: nameError, role: roleError, ...rest } = errorsFrom(r.error)
      return setErrors({ ...rest, ...(nameError ? { 'team-invite-name': nameError } : {}), ...(roleError ? { 'team-role': roleError } : {}) })
    }
    setErrors({})
    if (r.value.code && r.value.savedTo && r.value.expiresAt) {
      setMade({ code: r.value.code, savedTo: r.value.savedTo, expiresAt: r.value.expiresAt, name: name.trim() })
      setName('')
    }
  }

  if (made)
    return (
      <section className="notice success" aria-labelledby="team-code-title">
        <h3 id="team-code-title" tabIndex={-1} ref={codeRef}>
          The code for {made.name}: <span className="code">{made.code}</span>
        </h3>
        <p>
          Give {made.name} this code <strong>in person</strong> (or by phone, never in the same message as the file). It is
          shown only now. The invitation file is saved at <code>{made.savedTo}</code>: send it to them however you like, as
          it cannot be opened without the code. It can be used until {formatDateTime(made.expiresAt)}.
        </p>
        <button type="button" className="button secondary" onClick={() => setMade(null)}>
          I have noted the code
        </button>
      </section>
    )

  return (
    <form onSubmit={submit} noValidate aria-labelledby="team-invite-title">
      <h3 id="team-invite-title">Invite someone to the team vault</h3>
      <p>
        For a colleague who works on their own computer: they join from their own vault with the invitation file and a code you give them in
        person. Someone who shares this computer is invited under “People who can unlock this vault” instead.
      </p>
      <ErrorSummary errors={errors} />
      <TextField id="team-invite-name" label="Their name" hint="As the team will see it on what they write" value={name} onChange={setName} error={errors['team-invite-name']} />
      <SelectField
        id="team-role"
        label="Role"
        value={role}
        onChange={(v) => setRole(v as Member['role'])}
        error={errors['role']}
        options={[
          { value: 'member', label: 'Member (logs, approves, countersigns)' },
          { value: 'viewer', label: 'Viewer who countersigns' },
          { value: 'owner', label: 'Owner (also invites and removes)' },
        ]}
      />
      <button type="submit" className="button">
        Make the invitation
      </button>
    </form>
  )
}
