import { useState, type FormEvent } from 'react'
import type { SessionInfo, Settings as SettingsValue } from '../../../shared/ipc'
import { allProblems, call, errorsFrom, inputProblems } from '../api'
import { Checkbox, ErrorSummary, SelectField, Spinner, TextField, type FieldErrors } from '../components/forms'
import { usePolicies } from '../policies'
import { Backups } from './Backups'
import { People } from './People'
import { RecoveryKeySection } from './RecoveryKey'
import { OrgKeySection, VerifyDocumentSection } from './VerifyDocument'
import { PassphraseFields } from '../components/PassphraseFields'
import { useChannel } from '../lib/queries'
import { StoredFilesSettings } from './StoredFilesSettings'
import { TeamVaultSection } from './team/TeamVault'

/** Settings: the DSL's profile, auto-lock, passphrase, the people who can open this vault and its recovery key. */
export function Settings({ session, onSessionChange }: { session: SessionInfo; onSessionChange: (s: SessionInfo) => void }) {
  // Refetched after every save, this screen's own included (lib/queries.ts).
  const settings = useChannel('settings.get', {}).data ?? null
  return (
    <>
      <h1>Settings</h1>
      {settings && <ProfileForm session={session} settings={settings} onSaved={(_s, profileSession) => onSessionChange(profileSession)} />}
      <ChangePassphrase />
      <RenameSelf session={session} onRenamed={onSessionChange} />
      <People me={session.person} />
      <TeamVaultSection />
      <RecoveryKeySection />
      <Backups />
      {settings && <StoredFilesSettings limitMB={settings.attachmentLimitMB} />}
      <OrgKeySection />
      <VerifyDocumentSection />
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
  const [emailAddress, setEmailAddress] = useState(profile?.emailAddress ?? '')
  const policies = usePolicies()
  const [minutes, setMinutes] = useState(String(settings.autoLockMinutes))
  const [reminders, setReminders] = useState(settings.reminders)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saved, setSaved] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaved(false)
    const n = Number(minutes)
    const input = {
      autoLockMinutes: n,
      reminders,
      profile: {
        name,
        role,
        agency,
        ...(partnership.trim() ? { defaultPartnership: partnership.trim() } : {}),
        ...(agencyDetails.trim() ? { agencyDetails: agencyDetails.trim() } : {}),
        ...(contactDetails.trim() ? { contactDetails: contactDetails.trim() } : {}),
        ...(emailAddress.trim() ? { emailAddress: emailAddress.trim() } : {}),
      },
    }
    if (!Number.isInteger(n) || n < 1 || n > 240)
      return setErrors(allProblems({ autoLockMinutes: 'Enter a whole number of minutes from 1 to 240' }, inputProblems('settings.update', input)))
    const r = await call('settings.update', input)
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
      <TextField id="profile.emailAddress" label="Your email address (optional)" hint="An email you drop on a dispute from this address is recorded as one you sent" value={emailAddress} onChange={setEmailAddress} error={errors['profile.emailAddress']} />
      <TextField id="autoLockMinutes" label="Lock automatically after this many minutes without activity" type="number" width="6em" value={minutes} onChange={setMinutes} error={errors['autoLockMinutes']} />
      <Checkbox
        id="reminders"
        label="Remind me of deadlines with desktop notifications"
        hint="At unlock and at the start of each working day: how many deadlines are overdue, due today or due on the next working day, and how many notifications are owed. They never name a child or a dispute."
        checked={reminders}
        onChange={setReminders}
      />
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
