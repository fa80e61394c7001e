// The headline of the period: OEE with what it multiplies and how much data it rests on,
// A, P, Q (an unknown factor says why), the times and parts behind them, utilization,
// TEEP, MTBF/MTTR, and the data-quality flags.
import type { ComponentChildren } from 'preact'
import { formatDuration, formatNumber, formatPercent, formatWorkTime } from '../format'
import { FACTOR_LETTER, FACTOR_NAME, type Factor, basisLabel, groupFlags, slowIdealPrograms, unknownReason } from './factorText'
import type { OeeFigures } from './oeeApi'

const LOW_COVERAGE = 0.9
const duration = (s: number | null) => formatDuration(s === null ? null : s * 1000)
const workTime = (s: number) => formatWorkTime(s * 1000)

export function OeeCards({ figures }: { figures: OeeFigures }) {
  const f = figures
  const label = basisLabel(f.basis)
  const full = f.basis === 'A×P×Q'
  const slow = slowIdealPrograms(f)
  const lowCoverage = f.coverage !== null && f.coverage < LOW_COVERAGE
  return (
    <div>
      <div class="oee-cards">
        <FactorCard factor="oee" f={f}>
          {f.oee !== null && label && <span class="basis" data-field="basis" title="computed from these factors only: the others are unknown">{label}</span>}
          {f.oee !== null && label && <p class="partial" data-field="partial">{label}: {formatPercent(f.oee)} — not an OEE: it leaves out what is unknown</p>}
          <span class={`coverage${lowCoverage ? ' low' : ''}`} data-field="coverage" title="share of the planned busy time covered by data; OEE describes the covered part">
            coverage {formatPercent(f.coverage)}{lowCoverage ? ' — low' : ''}
          </span>
        </FactorCard>
        <FactorCard factor="availability" f={f}>
          <span class="muted">{workTime(f.operating_s)} operating of {workTime(f.planned_busy_s - f.no_data_s)} covered</span>
        </FactorCard>
        <FactorCard factor="performance" f={f}>
          {f.performance_raw !== null && f.performance_raw > 1 && (
            <span class="flag-badge" data-field="p-over-100" title={`measured ${formatPercent(f.performance_raw)}, shown capped at 100%`}>
              P &gt; 100 %: ideal cycle time too slow{slow.length > 0 ? ` (${slow.join(', ')})` : ''} — measured {formatPercent(f.performance_raw)}
            </span>
          )}
        </FactorCard>
        <FactorCard factor="quality" f={f}>
          <span class="muted">{f.parts_known ? `${formatNumber(f.good_parts)} good of ${formatNumber(f.total_parts)}` : 'parts not counted'}</span>
        </FactorCard>
      </div>
      <dl class="oee-figures">
        <Figure name="Planned busy time" field="planned_busy" value={workTime(f.planned_busy_s)} />
        <Figure name="Run time" field="run" value={workTime(f.run_s)} />
        <Figure name="Parts / good" field="parts" value={f.parts_known ? `${formatNumber(f.total_parts)} / ${formatNumber(f.good_parts)}` : '—'} />
        <Figure name="Stops" field="stops" value={formatNumber(f.stop_count)} />
      </dl>
      <dl class="oee-figures secondary">
        <Figure name="Utilization" field="utilization" value={formatPercent(f.utilization)} hint="run time / calendar time, time without data left out" />
        <Figure name="TEEP" field="teep" value={formatPercent(full ? f.teep : null)} hint={full ? 'OEE × planned busy / calendar time, time without data left out' : 'needs the full OEE (A × P × Q)'} />
        <Figure name="MTBF" field="mtbf" value={duration(f.mtbf_s)} hint="operating time per stop" />
        <Figure name="MTTR" field="mttr" value={duration(f.mttr_s)} hint="stop time per stop" />
      </dl>
      {f.flags.length > 0 && (
        <ul class="oee-flags" aria-label="Data-quality flags">
          {groupFlags(f.flags).map((g) => (
            <li data-flag={g.code}>
              <strong>{g.title}</strong>{g.programs.length > 0 && ` (${listed(g.programs)})`}: {g.messages[0]}
              {g.messages.length > 1 && (
                <details>
                  <summary>{g.messages.length - 1} more</summary>
                  <ul>{g.messages.slice(1).map((m) => <li>{m}</li>)}</ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function FactorCard({ factor, f, children }: { factor: Factor; f: OeeFigures; children?: ComponentChildren }) {
  // A partial OEE (A × Q) is not shown as the big number: the card says what it lacks.
  const value = factor === 'oee' && f.basis !== 'A×P×Q' ? null : f[factor]
  return (
    <section class={`oee-card${factor === 'oee' ? ' main' : ''}`} data-factor={factor} aria-label={FACTOR_NAME[factor]}>
      <h3>{FACTOR_NAME[factor]}{factor !== 'oee' && <span class="muted"> ({FACTOR_LETTER[factor]})</span>}</h3>
      <p class="oee-value" data-field="value">{formatPercent(value)}</p>
      {value === null && <p class="unknown" data-field="unknown">unknown: {unknownReason(factor, f)}</p>}
      {children}
    </section>
  )
}

const listed = (xs: string[]) => (xs.length > 4 ? `${xs.slice(0, 4).join(', ')} and ${xs.length - 4} more` : xs.join(', '))

function Figure({ name, field, value, hint }: { name: string; field: string; value: string; hint?: string }) {
  return <div data-field={field} title={hint}><dt>{name}</dt><dd>{value}</dd></div>
}
