import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartSpec } from './reports';
import styles from './DashboardsPage.module.css';

/** The chart palette (tokens.css --chart-1 … --chart-6), by series position. */
const colour = (i: number) => `var(--chart-${(i % 6) + 1})`;

/**
 * One report's chart. The SVG is hidden from assistive technology (accessibilityLayer off, aria-hidden): the same
 * numbers are in the visually-hidden table that follows it.
 */
export function ReportChart({ spec, title }: { spec: ChartSpec; title: string }) {
  const right = spec.series.some((s) => s.right);
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
      <YAxis yAxisId="left" tick={{ fontSize: 12 }} width={56} />
      {right && <YAxis yAxisId="right" orientation="right" tick={{ fontSize: 12 }} width={40} />}
      <Tooltip />
      {/* Legend text in the text colour: the series colours are for the marks, not contrast-safe for text. */}
      <Legend formatter={(value) => <span className={styles.legendText}>{value}</span>} />
    </>
  );
  return (
    <>
      <div className={styles.chart} aria-hidden="true" data-chart>
        <ResponsiveContainer width="100%" height="100%">
          {spec.kind === 'line' ? (
            <LineChart data={spec.data} accessibilityLayer={false}>
              {axes}
              {spec.series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  yAxisId={s.right ? 'right' : 'left'}
                  stroke={colour(i)}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          ) : (
            <BarChart data={spec.data} accessibilityLayer={false}>
              {axes}
              {spec.series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  yAxisId="left"
                  fill={colour(i)}
                  stackId={spec.stacked ? 'stack' : undefined}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      {/* In a wrapper: a table is never narrower than its content, so the class on the table itself overflows. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{spec.category}</th>
              {spec.series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.data.map((point) => (
              <tr key={point.label}>
                <th scope="row">{point.label}</th>
                {spec.series.map((s) => (
                  <td key={s.key}>{point[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
