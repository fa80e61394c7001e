// The same period and scope as a file: CSV for a spreadsheet, PDF to print or mail. Both
// come from the same calculation as the page (one engine serves UI, API and exports).
import { useState } from 'preact/hooks'
import { type GroupBy, type Scope, reportPath } from './oeeApi'

const ROWS: Record<GroupBy, string> = { machine: 'machine', day: 'day', shift: 'shift', plant: 'plant' }

export function ExportLinks({ scope }: { scope: Scope }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('machine')
  const name = `oee-${(scope.machine || scope.plant || 'fleet').replace(/[^A-Za-z0-9._-]+/g, '_')}-${scope.from}-${scope.to}`
  return (
    <div class="export actions">
      <label class="inline">One line per{' '}
        <select name="export-group" value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as GroupBy)}>
          {(Object.keys(ROWS) as GroupBy[]).map((g) => <option value={g}>{ROWS[g]}</option>)}
        </select>
      </label>
      <a class="button-link" data-export="csv" href={reportPath(scope, 'csv', groupBy)} download={`${name}.csv`}>Download CSV</a>
      <a class="button-link" data-export="pdf" href={reportPath(scope, 'pdf', groupBy)} download={`${name}.pdf`}>Download PDF</a>
    </div>
  )
}
