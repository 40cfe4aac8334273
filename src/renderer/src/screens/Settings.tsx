import { useEffect, useState, type FormEvent } from 'react'
import type { PersonSlot, SessionInfo, Settings as SettingsValue } from '../../../shared/ipc'
import { call, errorsFrom } from '../api'
import { ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { usePolicies } from '../policies'
import { Backups } from './Backups'
import { PassphraseFields } from '../components/PassphraseFields'

/** Settings: the DSL's profile, auto-lock, passphrase and the people who can open this vault. */
export function Settings({ session, onSessionChange }: { session: SessionInfo; onSessionChange: (s: SessionInfo) => void }) {
  const [settings, setSettings] = useState<SettingsValue | null>(null)
  useEffect(() => {
    void call('settings.get', {}).then((r) => r.ok && setSettings(r.value))
  }, [])
  return (
    <>
      <h1>Settings</h1>
      {settings && <ProfileForm session={session} settings={settings} onSaved={(s, profileSession) => { setSettings(s); onSessionChange(profileSession) }} />}
      <ChangePassphrase />
      <RenameSelf session={session} onRenamed={onSessionChange} />
      <People me={session.person} />
      <Backups />
      <h2>Vault location</h2>
      <p>
        This vault is in <code>{session.vaultDir}</code>. To move it, lock the app, move the whole folder, then choose
        “Use a different vault folder” on the unlock screen.
      </p>
    </>
  )
}

function ProfileForm({ session, settings, onSaved }: { session: SessionInfo; settings: SettingsValue; onSaved: (s: SettingsValue, session: SessionInfo) => void }) {
  const profile = settings.profiles[session.person.personId]
  const [name, setName] = useState(profile?.name ?? session.person.name)
  const [role, setRole] = useState(profile?.role ?? '')
  const [agency, setAgency] = useState(profile?.agency ?? '')
  const [partnership, setPartnership] = useState(profile?.defaultPartnership ?? '')
  const [agencyDetails, setAgencyDetails] = useState(profile?.agencyDetails ?? '')
  const [contactDetails, setContactDetails] = useState(profile?.contactDetails ?? '')
  const policies = usePolicies()
  const [minutes, setMinutes] = useState(String(settings.autoLockMinutes))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saved, setSaved] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(false)
    const n = Number(minutes)
    if (!Number.isInteger(n) || n < 1 || n > 240) return setErrors({ autoLockMinutes: 'Enter a whole number of minutes from 1 to 240' })
    const r = await call('settings.update', {
      autoLockMinutes: n,
      profile: {
        name,
        role,
        agency,
        ...(partnership.trim() ? { defaultPartnership: partnership.trim() } : {}),
        ...(agencyDetails.trim() ? { agencyDetails: agencyDetails.trim() } : {}),
        ...(contactDetails.trim() ? { contactDetails: contactDetails.trim() } : {}),
      },
    })
    if (!r.ok) return setErrors(errorsFrom(r.error))
    setErrors({})
    setSaved(true)
    const s = await call('vault.session', {})
    if (s.ok && s.value) onSaved(r.value, s.value)
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Your details</h2>
      <ErrorSummary errors={errors} />
      {saved && <div className="notice success" role="status">Your settings are saved.</div>}
      <TextField id="profile.name" label="Your name" hint={`Shown on screens only. Records are signed with your name in the vault, ${session.person.name}: change that below.`} value={name} onChange={setName} error={errors['profile.name']} />
      <TextField id="profile.role" label="Your role" value={role} onChange={setRole} error={errors['profile.role']} />
      <TextField id="profile.agency" label="Your agency or setting" value={agency} onChange={setAgency} error={errors['profile.agency']} />
      <SelectField
        id="profile.defaultPartnership"
        label="Your safeguarding children partnership"
        value={partnership}
        onChange={setPartnership}
        error={errors['profile.defaultPartnership']}
        options={[{ value: '', label: 'None chosen' }, ...(policies?.current ?? []).map((p) => ({ value: p.id, label: p.partnership })), ...(partnership && policies && !policies.current.some((p) => p.id === partnership) ? [{ value: partnership, label: partnership }] : [])]}
      />
      <TextField id="profile.agencyDetails" label="Further agency details (optional)" hint="Used on partnership forms: for a school, the type of school; for health, who employs you" value={agencyDetails} onChange={setAgencyDetails} error={errors['profile.agencyDetails']} />
      <TextField id="profile.contactDetails" label="Your contact details for forms (optional)" hint="A phone number or email address" value={contactDetails} onChange={setContactDetails} error={errors['profile.contactDetails']} />
      <TextField id="autoLockMinutes" label="Lock automatically after this many minutes without activity" type="number" width="6em" value={minutes} onChange={setMinutes} error={errors['autoLockMinutes']} />
      <button type="submit" className="button">Save settings</button>
    </form>
  )
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setDone(false)
    setBusy(true)
    const r = await call('vault.changePassphrase', { current, next, nextConfirm: confirm })
    setBusy(false)
    if (!r.ok) {
      const errs = errorsFrom(r.error)
      if (r.error.code === 'wrong-passphrase') return setErrors({ current: 'That is not your current passphrase' })
      if (errs['passphrase']) errs['next'] = errs['passphrase']
      if (errs['passphraseConfirm']) errs['nextConfirm'] = errs['passphraseConfirm']
      delete errs['passphrase']
      delete errs['passphraseConfirm']
      return setErrors(errs)
    }
    setErrors({})
    setCurrent('')
    setNext('')
    setConfirm('')
    setDone(true)
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h2>Change your passphrase</h2>
      <ErrorSummary errors={errors} />
      {done && <div className="notice success" role="status">Your passphrase is changed. Use the new one next time you unlock.</div>}
      <TextField id="current" label="Current passphrase" type="password" autoComplete="current-password" value={current} onChange={setCurrent} error={errors['current']} />
      <PassphraseFields label="New passphrase" passphraseId="next" confirmId="nextConfirm" passphrase={next} confirm={confirm} onPassphrase={setNext} onConfirm={setConfirm} errors={errors} />
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>Change passphrase</button>
        {busy && <Spinner label="Re-protecting the vault key…" />}
      </div>
    </form>
  )
}

/** The name records are signed with: changed only here, with the passphrase, and the change is audited. */
function RenameSelf({ session, onRenamed }: { session: SessionInfo; onRenamed: (s: SessionInfo) => void }) {
  const [name, setName] = useState(session.person.name)
  const [passphrase, setPassphrase] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setDone(false)
    setBusy(true)
    const r = await call('people.renameSelf', { name, passphrase })
    setBusy(false)
    if (!r.ok) {
      const errs = errorsFrom(r.error)
      if (errs['name']) errs['vaultName'] = errs['name']
      delete errs['name']
      if (r.error.code === 'wrong-passphrase') errs['renamePassphrase'] = 'That is not your passphrase'
      else if (errs['passphrase']) errs['renamePassphrase'] = errs['passphrase']
      delete errs['passphrase']
      return setErrors(errs)
    }
    setErrors({})
    setPassphrase('')
    setDone(true)
    const s = await call('vault.session', {})
    if (s.ok && s.value) onRenamed(s.value)
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h2>Your name in the vault</h2>
      <p>Records you write, approve or countersign are signed with this name. Records signed before a change keep the name they were signed with, and the change is in the audit trail.</p>
      <ErrorSummary errors={errors} />
      {done && <div className="notice success" role="status">Your name in the vault is now {session.person.name}.</div>}
      <TextField id="vaultName" label="Your name in the vault" value={name} onChange={setName} error={errors['vaultName']} autoComplete="name" />
      <TextField id="renamePassphrase" label="Your passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={setPassphrase} error={errors['renamePassphrase']} />
      <div className="button-group">
        <button type="submit" className="button secondary" disabled={busy}>Change my name</button>
        {busy && <Spinner label="Re-protecting the vault key under your new name…" />}
      </div>
    </form>
  )
}

function People({ me }: { me: PersonSlot }) {
  const [people, setPeople] = useState<PersonSlot[]>([])
  const [roles, setRoles] = useState<SettingsValue['people']>({})
  const [name, setName] = useState('')
  const [role, setRole] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  const refresh = async () => {
    const r = await call('people.list', {})
    if (r.ok) setPeople(r.value)
    const s = await call('settings.get', {})
    if (s.ok) setRoles(s.value.people)
  }
  useEffect(() => {
    void refresh()
  }, [])

  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    const r = await call('people.add', { name, ...(role.trim() ? { role } : {}), passphrase, passphraseConfirm: confirm })
    setBusy(false)
    if (!r.ok) {
      const errs = errorsFrom(r.error)
      if (errs['name']) errs['personName'] = errs['name']
      delete errs['name']
      if (errs['role']) errs['personRole'] = errs['role']
      delete errs['role']
      if (errs['passphrase']) errs['personPassphrase'] = errs['passphrase']
      if (errs['passphraseConfirm']) errs['personPassphraseConfirm'] = errs['passphraseConfirm']
      delete errs['passphrase']
      delete errs['passphraseConfirm']
      return setErrors(errs)
    }
    setErrors({})
    setMessage(`${r.value.name} can now unlock this vault with their own passphrase.`)
    setName('')
    setRole('')
    setPassphrase('')
    setConfirm('')
    await refresh()
  }

  const remove = async (person: PersonSlot) => {
    if (!window.confirm(`Remove ${person.name}? They will no longer be able to unlock this vault.`)) return
    const r = await call('people.remove', { personId: person.personId })
    setMessage(r.ok ? `${person.name} can no longer unlock this vault.` : r.error.message)
    await refresh()
  }

  return (
    <>
      <h2>People who can unlock this vault</h2>
      <p>Deputy DSLs and a manager who countersigns each have their own passphrase. Everything they do is recorded under their name.</p>
      {message && <div className="notice" role="status">{message}</div>}
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
                  <button type="button" className="link" onClick={() => void remove(p)}>
                    Remove<span className="visually-hidden"> {p.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RoleForm people={people} roles={roles} onChanged={(s, words) => { setRoles(s.people); setMessage(words) }} />
      <form onSubmit={add} noValidate aria-busy={busy}>
        <h3>Add a person</h3>
        <ErrorSummary errors={errors} />
        <TextField id="personName" label="Their name" value={name} onChange={setName} error={errors['personName']} />
        <TextField id="personRole" label="Their role (optional), for example Deputy DSL" value={role} onChange={setRole} error={errors['personRole']} />
        <PassphraseFields label="Their passphrase" userInputs={[name]} passphraseId="personPassphrase" confirmId="personPassphraseConfirm" passphrase={passphrase} confirm={confirm} onPassphrase={setPassphrase} onConfirm={setConfirm} errors={errors} />
        <div className="button-group">
          <button type="submit" className="button secondary" disabled={busy}>Add person</button>
          {busy && <Spinner label="Protecting the vault key for them…" />}
        </div>
      </form>
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
