import type { SessionInfo } from '../../../shared/ipc'

export function Dashboard({ session }: { session: SessionInfo }) {
  const name = session.profile?.name ?? session.person.name
  return (
    <>
      <h1>Dashboard</h1>
      <p className="lead">Welcome, {name}.</p>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Open disputes</h2>
        <p>There are no open disputes.</p>
      </div>
    </>
  )
}
