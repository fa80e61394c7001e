// The period (last 7/30/90 days or from–to), the plant and the machine of the OEE page.
import { type OeeFilters, QUICK_DAYS, addDays, isDate } from './oeeFilters'

interface Props {
  filters: OeeFilters
  today: string
  plants: string[]
  machines: string[]
  onChange: (next: OeeFilters) => void
}

export function OeeFilterBar({ filters, today, plants, machines, onChange }: Props) {
  const set = (change: Partial<OeeFilters>) => onChange({ ...filters, ...change })
  const setDate = (field: 'from' | 'to', value: string) => {
    if (!isDate(value)) return
    const next = { ...filters, days: null, [field]: value }
    // Keep the period the right way round whichever end moved.
    if (next.from > next.to) next[field === 'from' ? 'to' : 'from'] = value
    onChange(next)
  }
  return (
    <form class="filters oee-filters" role="search" aria-label="OEE filters" onSubmit={(e) => e.preventDefault()}>
      <div class="range-bar" role="group" aria-label="Period">
        {QUICK_DAYS.map((d) => (
          <button type="button" aria-pressed={filters.days === d} onClick={() => set({ days: d, from: addDays(today, 1 - d), to: today })}>
            {d} days
          </button>
        ))}
      </div>
      <label>From <input type="date" name="from" value={filters.from} max={today} onChange={(e) => setDate('from', e.currentTarget.value)} /></label>
      <label>To <input type="date" name="to" value={filters.to} max={today} onChange={(e) => setDate('to', e.currentTarget.value)} /></label>
      <label>Plant
        <select name="plant" value={filters.plant} onChange={(e) => set({ plant: e.currentTarget.value, machine: '' })}>
          <option value="">all plants</option>
          {plants.map((p) => <option value={p}>{p}</option>)}
        </select>
      </label>
      <label>Machine
        <select name="machine" value={filters.machine} onChange={(e) => set({ machine: e.currentTarget.value })}>
          <option value="">all machines</option>
          {filters.machine && !machines.includes(filters.machine) && <option value={filters.machine}>{filters.machine}</option>}
          {machines.map((m) => <option value={m}>{m}</option>)}
        </select>
      </label>
    </form>
  )
}
