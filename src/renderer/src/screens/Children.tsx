import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { SETTING_TYPES, SETTING_TYPE_LABELS, formatNhsNumber, nhsNumberProblem, type Child, type ChildInput, type SettingType } from '../../../shared/children'
import type { Policy } from '../../../shared/policy'
import { allProblems, call, errorsFrom, inputProblems } from '../api'
import { useChannel } from '../lib/queries'
import { DateInput, dateProblems } from '../components/DateInput'
import { Checkbox, ErrorSummary, SelectField, Spinner, TextField, fieldError, type FieldErrors } from '../components/forms'
import { formatCivilDate } from '../format'
import { todayInLondon } from '../time'
import { usePolicies } from '../policies'

const NOT_KNOWN = 'Not known'

/** Yes or No in words, never a colour or a tick alone. */
const yesNo = (value: boolean): string => (value ? 'Yes' : 'No')

function setting(child: Child): string {
  const kind = child.settingType ? SETTING_TYPE_LABELS[child.settingType] : null
  if (kind && child.settingName) return `${child.settingName} (${kind.toLowerCase()})`
  return child.settingName ?? kind ?? NOT_KNOWN
}

const searchText = (c: Child): string =>
  [c.name, c.nhsNumber ?? '', c.nhsNumber ? formatNhsNumber(c.nhsNumber) : '', c.icsNumber ?? '', c.levelOfNeed ?? '', c.settingName ?? '', c.dateOfBirth ? formatCivilDate(c.dateOfBirth) : '', c.childProtectionPlan ? 'child protection plan' : '', c.lookedAfter ? 'looked after' : '']
    .join(' ')
    .toLowerCase()

/** ", from 30 Mar 2027" for a plan or status that holds, where the day it began was recorded. */
function since(c: Child, flag: 'childProtectionPlan' | 'lookedAfter'): string {
  const from = c.circumstanceHistory.find((p) => p.circumstance === flag && p.to === null)?.from
  return c[flag] && from ? `, from ${formatCivilDate(from)}` : ''
}

type Editing = { mode: 'add' } | { mode: 'change'; child: Child } | null

/** The children disputes are about: their details, and the circumstances that decide who must be told. */
export function Children() {
  const [query, setQuery] = useState('')
  const [editing, setEditing] = useState<Editing>(null)
  const [message, setMessage] = useState<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)

  const childrenQuery = useChannel('children.list', {})
  const children = childrenQuery.data ?? null
  const loadError = childrenQuery.error?.message ?? null
  const { refetch } = childrenQuery
  const refresh = useCallback(async () => {
    await refetch()
  }, [refetch])

  const shown = useMemo(() => {
    const words = query.toLowerCase().replace(/(\d)\s+(?=\d)/g, '$1').split(/\s+/).filter(Boolean)
    return (children ?? []).filter((c) => {
      const hay = searchText(c)
      const compact = hay.replace(/(\d)\s+(?=\d)/g, '$1')
      return words.every((w) => hay.includes(w) || compact.includes(w))
    })
  }, [children, query])

  const closeForm = (saved: string | null) => {
    setEditing(null)
    if (saved) {
      setMessage(saved)
      void refresh()
    }
    requestAnimationFrame(() => addButton.current?.focus())
  }

  return (
    <>
      <div className="screen-header">
        <h1>Children</h1>
        {!editing && (
          <button type="button" className="button" ref={addButton} onClick={() => { setMessage(null); setEditing({ mode: 'add' }) }}>
            Add a child
          </button>
        )}
      </div>
      <p className="lead">The children your disputes are about. Their details go on the forms you send, and their circumstances decide who must be told.</p>
      {message && <div className="notice success" role="status">{message}</div>}
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}

      {editing && (
        <ChildForm
          key={editing.mode === 'change' ? editing.child.id : 'new'}
          child={editing.mode === 'change' ? editing.child : null}
          onDone={closeForm}
        />
      )}

      {!children && !loadError && <Spinner label="Loading children…" />}
      {children && !editing && (
        <>
          {children.length === 0 ? (
            <div className="card">
              <p>There are no children in this vault yet. Add a child to start a dispute about them.</p>
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor="children-filter">Filter children</label>
                <span className="hint" id="children-filter-hint">Name, date of birth, NHS number, ICS number, level of need, setting, “looked after” or “child protection plan”</span>
                <input id="children-filter" type="search" value={query} aria-describedby="children-filter-hint" onChange={(e) => setQuery(e.target.value)} />
              </div>
              <p aria-live="polite" className="small muted">
                Showing {shown.length} of {children.length} {children.length === 1 ? 'child' : 'children'}.
              </p>
              <div className="table-scroll">
                <table className="compact-table">
                  <caption className="visually-hidden">Children, by name</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Date of birth</th>
                      <th scope="col">NHS number</th>
                      <th scope="col">ICS or LCS number</th>
                      <th scope="col">Level of need</th>
                      <th scope="col">Child protection plan</th>
                      <th scope="col">Looked after</th>
                      <th scope="col">Setting</th>
                      <th scope="col"><span className="visually-hidden">Action</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">{c.name}</th>
                        <td className="nowrap">{c.dateOfBirth ? formatCivilDate(c.dateOfBirth) : NOT_KNOWN}</td>
                        <td className="nowrap">{c.nhsNumber ? formatNhsNumber(c.nhsNumber) : NOT_KNOWN}</td>
                        <td>{c.icsNumber ?? NOT_KNOWN}</td>
                        <td>{c.levelOfNeed ?? NOT_KNOWN}</td>
                        <td>{yesNo(c.childProtectionPlan)}{since(c, 'childProtectionPlan')}</td>
                        <td>{yesNo(c.lookedAfter)}{since(c, 'lookedAfter')}</td>
                        <td>{setting(c)}</td>
                        <td>
                          <button type="button" className="link" onClick={() => { setMessage(null); setEditing({ mode: 'change', child: c }) }}>
                            Change<span className="visually-hidden"> {c.name}’s details</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {shown.length === 0 && <p>No child matches “{query.trim()}”.</p>}
            </>
          )}
        </>
      )}
    </>
  )
}

/** The partnership whose levels of need a child's level is one of, if any. */
function policyForLevel(policies: Policy[], level: string | null): Policy | undefined {
  if (!level) return undefined
  const wanted = level.trim().toLowerCase()
  return policies.find((p) => p.levelsOfNeed.some((l) => l.label.trim().toLowerCase() === wanted || l.id === wanted))
}

/** A refusal's field names ('child.nhsNumber', 'changes.name', 'policyId') → this form's input ids. */
function formErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith('_')) {
      out[key] = message
      continue
    }
    // The day a circumstance changed is checked on each of the child's disputes, which call it `from`.
    const field = key === 'from' ? 'circumstancesFrom' : key.replace(/^(child|changes)\./, '')
    out[`child-${field}`] = message
  }
  return out
}

function ChildForm({ child, onDone }: { child: Child | null; onDone: (saved: string | null) => void }) {
  const loaded = usePolicies()
  const current = useMemo(() => {
    if (!loaded) return []
    const keys = new Set(loaded.current.map((s) => s.key))
    return loaded.policies.filter((p) => keys.has(`${p.id}@${p.version}`))
  }, [loaded])

  const [name, setName] = useState(child?.name ?? '')
  const [dateOfBirth, setDateOfBirth] = useState(child?.dateOfBirth ?? '')
  const [nhsNumber, setNhsNumber] = useState(child?.nhsNumber ? formatNhsNumber(child.nhsNumber) : '')
  const [icsNumber, setIcsNumber] = useState(child?.icsNumber ?? '')
  const [picked, setPolicyId] = useState<string | null>(null)
  const [levelOfNeed, setLevelOfNeed] = useState(child?.levelOfNeed ?? '')
  const [childProtectionPlan, setChildProtectionPlan] = useState(child?.childProtectionPlan ?? false)
  const [lookedAfter, setLookedAfter] = useState(child?.lookedAfter ?? false)
  const [circumstancesFrom, setCircumstancesFrom] = useState(todayInLondon())
  // Only a change to a child already recorded has a day it took effect; a new child's circumstances hold
  // from each dispute's opening.
  const circumstancesChanged =
    child !== null && (child.childProtectionPlan !== childProtectionPlan || child.lookedAfter !== lookedAfter)
  const [settingType, setSettingType] = useState<SettingType | ''>(child?.settingType ?? '')
  const [settingName, setSettingName] = useState(child?.settingName ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const circumstancesHint = useId()

  useEffect(() => {
    heading.current?.focus()
  }, [])

  // The partnership to take levels of need from, until the person picks one: the one the child's level
  // belongs to, else the DSL's own (null while that is still being read).
  const session = useChannel('vault.session', {})
  const policyId = useMemo(() => {
    if (picked !== null) return picked
    if (!loaded) return null
    let chosen = policyForLevel(current, child?.levelOfNeed ?? null)
    if (!chosen && !child?.levelOfNeed) {
      if (session.isPending) return null
      const mine = session.data?.profile?.defaultPartnership?.trim().toLowerCase()
      if (mine) chosen = current.find((p) => p.id === mine || p.partnership.toLowerCase().includes(mine) || mine.includes(p.partnership.toLowerCase()))
    }
    return chosen?.id ?? ''
  }, [picked, loaded, current, child, session.isPending, session.data])

  const policy = current.find((p) => p.id === policyId)
  const levels = policy?.levelsOfNeed ?? []

  const choosePolicy = (id: string) => {
    setPolicyId(id)
    const next = current.find((p) => p.id === id)
    if (next && next.levelsOfNeed.length > 0 && !next.levelsOfNeed.some((l) => l.label === levelOfNeed)) setLevelOfNeed('')
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const refused = dateProblems([
      { id: 'child-dateOfBirth', value: dateOfBirth, what: 'The date of birth', happened: true, required: false },
      ...(circumstancesChanged
        ? [{ id: 'child-circumstancesFrom', value: circumstancesFrom, what: 'The date the circumstances changed', happened: true, required: true }]
        : []),
    ])
    const answers: ChildInput = {
      name,
      dateOfBirth: dateOfBirth || null,
      nhsNumber: nhsNumber.trim() || null,
      icsNumber: icsNumber.trim() || null,
      levelOfNeed: levelOfNeed.trim() || null,
      childProtectionPlan,
      lookedAfter,
      settingType: settingType || null,
      settingName: settingName.trim() || null,
    }
    // Only a partnership with a list of levels can check the level against it.
    const checkAgainst = levels.length > 0 && policy ? { policyId: policy.id } : {}
    const from = circumstancesChanged ? { circumstancesFrom } : {}
    if (Object.keys(refused).length > 0) {
      const schema = child
        ? inputProblems('children.update', { id: child.id, changes: answers, ...checkAgainst, ...from })
        : inputProblems('children.create', { child: answers, ...checkAgainst })
      // The main process checks the name and NHS number too; said here as well, so nothing comes in a second round.
      const nhsProblem = nhsNumber.trim() ? nhsNumberProblem(nhsNumber) : null
      const own: FieldErrors = {
        ...(name.trim() ? {} : { 'child-name': 'Enter the child’s name (or the family name).' }),
        ...(refused['child-dateOfBirth'] ? { 'child-dateOfBirth': refused['child-dateOfBirth'] } : {}),
        ...(nhsProblem ? { 'child-nhsNumber': nhsProblem } : {}),
        ...refused,
      }
      return setErrors(allProblems(own, formErrors(schema)))
    }
    setBusy(true)
    const r = child ? await call('children.update', { id: child.id, changes: answers, ...checkAgainst, ...from }) : await call('children.create', { child: answers, ...checkAgainst })
    setBusy(false)
    if (!r.ok) return setErrors(formErrors(errorsFrom(r.error)))
    setErrors({})
    onDone(child ? `${r.value.name}’s details are saved.` : `${r.value.name} is added.`)
  }

  const err = (id: string) => fieldError(errors, `child-${id}`)
  const title = child ? `Change ${child.name}’s details` : 'Add a child'
  return (
    <form onSubmit={submit} noValidate aria-busy={busy} className="card form-card">
      <h2 ref={heading} tabIndex={-1}>{title}</h2>
      <ErrorSummary errors={errors} />
      <TextField id="child-name" label="Child’s name" hint="Or the family name, as the partnership’s forms ask" value={name} onChange={setName} error={err('name')} />
      <DateInput id="child-dateOfBirth" label="Date of birth (if known)" hint="For example 27 3 2015. Leave it blank if it is not known or the baby is not yet born." value={dateOfBirth} onChange={setDateOfBirth} error={err('dateOfBirth')} />
      <TextField id="child-nhsNumber" label="NHS number (if known)" hint="10 digits, for example 943 476 5919" width="12em" value={nhsNumber} onChange={setNhsNumber} error={err('nhsNumber')} />
      <TextField id="child-icsNumber" label="ICS or LCS number (if known)" hint="The local authority’s children’s social care number" width="16em" value={icsNumber} onChange={setIcsNumber} error={err('icsNumber')} />
      <SelectField
        id="child-policyId"
        label="Partnership"
        hint="Whose levels of need to use"
        value={policyId ?? ''}
        onChange={choosePolicy}
        error={err('policyId')}
        options={[...current.map((p) => ({ value: p.id, label: p.partnership })), { value: '', label: 'Another partnership, or not known' }]}
      />
      {levels.length > 0 ? (
        <SelectField
          id="child-levelOfNeed"
          label="Current level of need"
          hint={`As ${policy?.partnership ?? 'the partnership'} describes it`}
          value={levelOfNeed}
          onChange={setLevelOfNeed}
          error={err('levelOfNeed')}
          options={[{ value: '', label: NOT_KNOWN }, ...levels.map((l) => ({ value: l.label, label: l.label }))]}
        />
      ) : (
        <TextField
          id="child-levelOfNeed"
          label="Current level of need (if known)"
          hint={policy ? `${policy.partnership} does not publish a list of levels: write it as your partnership describes it, for example Early Help` : 'As your partnership describes it, for example Early Help'}
          value={levelOfNeed}
          onChange={setLevelOfNeed}
          error={err('levelOfNeed')}
        />
      )}
      <fieldset className="field" aria-describedby={circumstancesHint}>
        <legend>The child’s circumstances</legend>
        <span className="hint" id={circumstancesHint}>Used to decide whether the Independent Reviewing Officer must be told. Tick all that apply.</span>
        <Checkbox id="child-childProtectionPlan" label="The child has a child protection plan" checked={childProtectionPlan} onChange={setChildProtectionPlan} />
        <Checkbox id="child-lookedAfter" label="The child is looked after" checked={lookedAfter} onChange={setLookedAfter} />
      </fieldset>
      {circumstancesChanged && (
        <DateInput
          id="child-circumstancesFrom"
          label="From"
          hint="The day the plan or looked-after status began or ended, for example 30 3 2027. The Independent Reviewing Officer’s notice is owed from that day."
          value={circumstancesFrom}
          onChange={setCircumstancesFrom}
          error={err('circumstancesFrom')}
        />
      )}
      <SelectField
        id="child-settingType"
        label="Kind of setting"
        value={settingType}
        onChange={(v) => setSettingType(v as SettingType | '')}
        error={err('settingType')}
        options={[{ value: '', label: NOT_KNOWN }, ...SETTING_TYPES.map((t) => ({ value: t, label: SETTING_TYPE_LABELS[t] }))]}
      />
      <TextField id="child-settingName" label="Name of the school or setting (if any)" value={settingName} onChange={setSettingName} error={err('settingName')} />
      <div className="button-group">
        <button type="submit" className="button" disabled={busy}>{child ? 'Save changes' : 'Add child'}</button>
        <button type="button" className="button secondary" onClick={() => onDone(null)}>Cancel</button>
        {busy && <Spinner label="Saving…" />}
      </div>
    </form>
  )
}
