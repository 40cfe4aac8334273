import { useState, type FormEvent } from 'react'
import { call, errorsFrom } from '../../api'
import { ErrorSummary, Radios, TextField, type FieldErrors } from '../../components/forms'

/**
 * Settings → Team vault, before this vault belongs to one: set a team up (on a shared folder chosen with the
 * folder dialog, or on a WebDAV server) or join one with an invitation file and the code given in person.
 */
export function TeamSetUp({ onDone }: { onDone: (message: string) => void }) {
  return (
    <>
      <SetUpForm onDone={onDone} />
      <JoinForm onDone={onDone} />
    </>
  )
}

function SetUpForm({ onDone }: { onDone: (message: string) => void }) {
  const [kind, setKind] = useState<'folder' | 'webdav'>('folder')
  const [url, setUrl] = useState('')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const transport = kind === 'folder' ? { kind, path: null } : { kind, url: url.trim(), username, password }
    const r = await call('team.setUp', { transport })
    setBusy(false)
    if (!r.ok) return setErrors(errorsFrom(r.error))
    setErrors({})
    // Not a member: the folder dialog was cancelled, and nothing was set up.
    if (r.value.member) onDone('The team vault is set up, and you are its owner. Invite your deputies below.')
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="team-setup-title">
      <h3 id="team-setup-title">Set up a team vault</h3>
      <p>
        You become its owner. Deputies you invite then see, continue and countersign disputes from their own computers.
        Everything in the shared place is encrypted: it never holds a child’s or a person’s name.
      </p>
      <ErrorSummary errors={errors} />
      <Radios
        id="team-kind"
        legend="Where the team’s files are kept"
        value={kind}
        onChange={setKind}
        choices={[
          { value: 'folder', label: 'A shared folder', hint: 'A network share, a OneDrive or SharePoint library synced to this computer, or a Syncthing folder.' },
          { value: 'webdav', label: 'A WebDAV server', hint: 'The address must begin https://.' },
        ]}
      />
      {kind === 'webdav' && (
        <>
          <TextField id="transport.url" label="WebDAV address" hint="For example https://files.example.org/remote.php/dav/files/dsl/team" value={url} onChange={setUrl} error={errors['transport.url'] ?? errors['url']} />
          <TextField id="transport.username" label="User name" value={username} onChange={setUsername} error={errors['transport.username']} />
          <TextField id="transport.password" label="Password" type="password" hint="Kept inside this encrypted vault." value={password} onChange={setPassword} error={errors['transport.password']} />
        </>
      )}
      <button type="submit" className="button" disabled={busy}>
        {kind === 'folder' ? 'Choose the shared folder and set up' : 'Set up the team vault'}
      </button>
    </form>
  )
}

function JoinForm({ onDone }: { onDone: (message: string) => void }) {
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!code.trim()) return setErrors({ 'team-join-code': 'Enter the code you were given in person' })
    setBusy(true)
    const r = await call('team.join', { file: null, code: code.trim(), folder: null })
    setBusy(false)
    if (!r.ok) {
      const { code: codeError, ...rest } = errorsFrom(r.error)
      return setErrors({ ...rest, ...(codeError ? { 'team-join-code': codeError } : {}) })
    }
    setErrors({})
    // Null: a dialog was cancelled, and nothing was joined.
    if (r.value?.member) onDone('You have joined the team vault. Your colleagues’ disputes arrive here once the owner’s computer has synced.')
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="team-join-title">
      <h3 id="team-join-title">Join a team vault</h3>
      <p>
        You need the invitation file the owner gave you and the code they told you in person. You will be asked to choose
        the file, then, for a shared folder, the folder as it appears on this computer.
      </p>
      <ErrorSummary errors={errors} />
      <TextField id="team-join-code" label="Code" hint="10 letters and numbers, for example K7QM-2XHP9W" width="12em" value={code} onChange={setCode} error={errors['team-join-code']} />
      <button type="submit" className="button" disabled={busy}>
        Choose the invitation file and join
      </button>
    </form>
  )
}
