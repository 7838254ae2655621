import type { DatasetStatistics } from "@forge/core/data";
import { formatCount } from "@/lib/format";

const Bar = ({ fraction }: { fraction: number }) => (
  <div style={{ background: "var(--accent)", height: 8, width: `${Math.max(fraction * 100, 0.5)}%` }} />
);

/** Length histogram, languages and top words of a dataset. */
export function DatasetStatsView({ statistics }: { statistics: DatasetStatistics }) {
  const buckets = statistics.lengthHistogram.filter((b) => b.documents > 0);
  const maxBucket = Math.max(1, ...buckets.map((b) => b.documents));
  const languages = Object.entries(statistics.languages).slice(0, 12);
  const topTokens = statistics.topTokens.slice(0, 30);
  return (
    <div className="grid" data-testid="dataset-stats">
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Length (characters)</h3>
        <table>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.minChars}>
                <td className="mono" style={{ width: 130 }}>
                  {formatCount(b.minChars)}–{b.maxChars === null ? "" : formatCount(b.maxChars)}
                </td>
                <td>
                  <Bar fraction={b.documents / maxBucket} />
                </td>
                <td className="mono" style={{ width: 60 }}>
                  {b.documents}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Languages</h3>
        <table>
          <tbody>
            {languages.map(([language, documents]) => (
              <tr key={language}>
                <td className="mono" style={{ width: 60 }}>
                  {language}
                </td>
                <td>
                  <Bar fraction={documents / Math.max(1, statistics.documents)} />
                </td>
                <td className="mono" style={{ width: 60 }}>
                  {documents}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h3 style={{ marginTop: 0 }}>Top words</h3>
        <p className="mono" style={{ margin: 0 }}>
          {topTokens.map((t) => (
            <span key={t.token} style={{ marginRight: 10, display: "inline-block" }}>
              {t.token} <span className="muted">{formatCount(t.count)}</span>
            </span>
          ))}
        </p>
      </div>
    </div>
  );
}
