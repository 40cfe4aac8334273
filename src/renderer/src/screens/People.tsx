import { ConfirmRemoval } from '../components/ConfirmRemoval'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { InvitationInfo, PersonSlot, Settings as SettingsValue } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { ErrorSummary, Radios, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { useChannel } from '../lib/queries'
import { formatInstant } from '../format'

type Hours = '24' | '72' | '168'
const VALID_FOR: { value: Hours; label: string }[] = [
  { value: '24', label: '24 hours' },
  { value: '72', label: '3 days' },
  { value: '168', label: '7 days' },
]

/** How often Settings asks how many documents are still to be re-encrypted after a removal. */
const REENCRYPTION_POLL_MS = 2000

/**
 * Settings → People: who can unlock the vault, invitations for new people (the code shown once), roles,
 * and removal (which re-keys the vault). Nobody types another person's passphrase.
 */
export function People({ me }: { me: PersonSlot }) {
  // Each refetched after every save (lib/queries.ts); the re-encryption count also every 2 s while it runs.
  const people = useChannel('people.list', {}).data ?? []
  const roles: SettingsValue['people'] = useChannel('settings.get', {}).data?.people ?? {}
  const invitations: InvitationInfo[] = useChannel('people.invitations', {}).data ?? []
  const remaining =
    useChannel('vault.reencryption', {}, { refetchInterval: (query) => ((query.state.data?.remaining ?? 0) > 0 ? REENCRYPTION_POLL_MS : false) }).data?.remaining ?? 0
  const [message, setMessage] = useState<string | null>(null)
  const [removing, setRemoving] = useState<PersonSlot | null>(null)
  const [shown, setShown] = useState<{ invitation: InvitationInfo; code: string } | null>(null)
  const messageRef = useRef<HTMLDivElement>(null)

  const say = (words: string) => {
    setMessage(words)
    // Focus lands on the result, so a keyboard or screen-reader user hears what happened.
    requestAnimationFrame(() => messageRef.current?.focus())
  }

  const remove = async (person: PersonSlot) => {
    const r = await call('people.remove', { personId: person.personId })
    setRemoving(null)
    say(r.ok ? `${person.name} can no longer unlock this vault. The vault is being re-encrypted under a new key.` : r.error.message)
  }

  const cancel = async (invitation: InvitationInfo) => {
    const r = await call('people.cancelInvitation', { inviteId: invitation.inviteId })
    say(r.ok ? `The invitation for ${invitation.name} is cancelled: its code no longer works.` : r.error.message)
    if (shown?.invitation.inviteId === invitation.inviteId) setShown(null)
  }

  return (
    <>
      <h2>People who can unlock this vault</h2>
      <p>
        Deputy DSLs and a manager who countersigns each have their own passphrase, which they set themselves through an
        invitation. Everything they do is recorded under their name.
      </p>
      {message && (
        <div className="notice" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </div>
      )}
      {remaining > 0 && (
        <p className="notice warning" role="status">
          Re-encrypting: {remaining} {remaining === 1 ? 'document' : 'documents'} left. You can carry on working meanwhile.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role records are signed with</th>
            <th scope="col"><span className="visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.personId}>
              <td>{p.name}{p.personId === me.personId ? ' (you)' : ''}</td>
              <td>{roles[p.personId]?.role ?? 'None held'}</td>
              <td>
                {p.personId !== me.personId && (
                  <button type="button" className="link" onClick={() => setRemoving(p)}>
                    Remove<span className="visually-hidden"> {p.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && <RemoveConfirmation person={removing} onConfirm={() => void remove(removing)} onCancel={() => setRemoving(null)} />}
      <RoleForm people={people} roles={roles} onChanged={(_s, words) => say(words)} />
      <InviteForm
        onInvited={async (made) => {
          setShown(made)
        }}
      />
      {shown && <InvitationCode {...shown} onDone={() => setShown(null)} />}
      <PendingInvitations invitations={invitations} onCancel={(i) => void cancel(i)} />
    </>
  )
}

/** Removal re-keys the vault; what the person already copied is beyond its reach, and the screen says so. */
function RemoveConfirmation({ person, onConfirm, onCancel }: { person: PersonSlot; onConfirm: () => void; onCancel: () => void }) {
  return (
    <ConfirmRemoval id="remove-person" name={person.name} title={<>Remove {person.name}?</>} onConfirm={onConfirm} onCancel={onCancel}>
      <p>{person.name} will no longer be able to unlock this vault.</p>
      <p>
        The vault starts using a new key straight away and re-encrypts its documents in the background, so nothing saved
        from now on, and no backup made from now on, can be read with {person.name}’s old passphrase.
      </p>
      <p>
        <strong>What {person.name} has already copied stays readable to them</strong>: documents they exported, backups and
        any copy of the vault folder made before now. Ask for those back, or delete them, if that matters.
      </p>
    </ConfirmRemoval>
  )
}

function InviteForm({ onInvited }: { onInvited: (made: { invitation: InvitationInfo; code: string }) => Promise<void> }) {
  const [name, setName] = useState('')
  const [role, setRole] = useState('')
  const [hours, setHours] = useState<Hours>('72')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    if (!name.trim()) return setErrors({ inviteName: 'Enter the name of the person you are inviting' })
    setBusy(true)
    const r = await call('people.invite', { name, ...(role.trim() ? { role } : {}), validForHours: Number(hours) as 24 | 72 | 168 })
    setBusy(false)
    if (!r.ok) {
      const errs = errorsFrom(r.error)
      const renamed: FieldErrors = {}
      for (const [k, v] of Object.entries(errs)) renamed[k === 'name' ? 'inviteName' : k === 'role' ? 'inviteRole' : k] = v
      return setErrors(renamed)
    }
    setErrors({})
    setName('')
    setRole('')
    await onInvited(r.value)
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h3>Invite a person</h3>
      <p>
        You get a short code to give them in person. On this computer they choose “I have an invitation” on the unlock
        screen, type the code and set their own passphrase.
      </p>
      <ErrorSummary errors={errors} />
      <TextField id="inviteName" label="Their name" hint="As their records will be signed" value={name} onChange={setName} error={errors['inviteName']} />
      <TextField id="inviteRole" label="Their role (optional), for example Deputy DSL" value={role} onChange={setRole} error={errors['inviteRole']} />
      <Radios id="validForHours" legend="How long the code works" value={hours} choices={VALID_FOR} onChange={setHours} error={errors['validForHours']} inline />
      <div className="button-group">
        <button type="submit" className="button secondary" disabled={busy}>
          Create invitation
        </button>
        {busy && <Spinner label="Making the invitation…" />}
      </div>
    </form>
  )
}

/** The code, shown this once: the vault keeps only a key slot it opens. */
function InvitationCode({ invitation, code, onDone }: { invitation: InvitationInfo; code: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [invitation.inviteId])
  return (
    <section className="code-panel" aria-labelledby="invitation-code-title">
      <h3 id="invitation-code-title" tabIndex={-1} ref={heading}>
        Invitation code for {invitation.name}
      </h3>
      <p className="one-time-code">{code}</p>
      <p>
        <strong>Give this code to {invitation.name} in person; it is not stored.</strong> It works once, until{' '}
        {formatInstant(invitation.expiresAt)}
        {invitation.role ? `, and their records will be signed as ${invitation.role}` : ''}.
      </p>
      <p className="small">Do not send it by email or message. If it is lost, cancel the invitation and make a new one.</p>
      <button type="button" className="button secondary" onClick={onDone}>
        I have noted the code — hide it
      </button>
    </section>
  )
}

function PendingInvitations({ invitations, onCancel }: { invitations: InvitationInfo[]; onCancel: (i: InvitationInfo) => void }) {
  if (invitations.length === 0) return null
  return (
    <>
      <h3>Invitations waiting</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Code works until</th>
            <th scope="col"><span className="visually-hidden">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.inviteId}>
              <td>{i.name}</td>
              <td>{i.role ?? 'None'}</td>
              <td>{Date.parse(i.expiresAt) <= Date.now() ? `Expired ${formatInstant(i.expiresAt)}` : formatInstant(i.expiresAt)}</td>
              <td>
                <button type="button" className="link" onClick={() => onCancel(i)}>
                  Cancel<span className="visually-hidden"> the invitation for {i.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** A person's role as the vault holds it: what their records are signed with from now on (audited). */
function RoleForm({ people, roles, onChanged }: { people: PersonSlot[]; roles: SettingsValue['people']; onChanged: (s: SettingsValue, words: string) => void }) {
  const [personId, setPersonId] = useState('')
  const [role, setRole] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const chosen = people.find((p) => p.personId === personId) ?? people[0]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!chosen) return
    const r = await call('people.setRole', { personId: chosen.personId, ...(role.trim() ? { role } : {}) })
    if (!r.ok) {
      const errs = errorsFrom(r.error)
      if (errs['role']) errs['roleText'] = errs['role']
      delete errs['role']
      return setErrors(errs)
    }
    setErrors({})
    setRole('')
    onChanged(r.value, role.trim() ? `${chosen.name}’s records are now signed as ${role.trim()}. Records signed before keep the role they had.` : `No role is held for ${chosen.name} now.`)
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>Change a person’s role</h3>
      <ErrorSummary errors={errors} />
      <SelectField id="rolePerson" label="Person" value={chosen?.personId ?? ''} onChange={setPersonId} options={people.map((p) => ({ value: p.personId, label: p.name }))} />
      <TextField id="roleText" label="Their role, for example Deputy DSL (leave empty for none)" hint={chosen ? `Now: ${roles[chosen.personId]?.role ?? 'none held'}` : undefined} value={role} onChange={setRole} error={errors['roleText']} />
      <button type="submit" className="button secondary">Change role</button>
    </form>
  )
}
