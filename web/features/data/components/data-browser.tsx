"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { FINDING_KIND_VALUES } from "../schemas";
import { searchTerms } from "../search-terms";
import { type TRowFilters, useDataRows } from "../hooks/use-data-rows";

/** Marks the search words in a preview; React escapes every piece, so row text never becomes markup. */
function MarkedPreview({ text, terms }: { text: string; terms: string[] }) {
  if (terms.length === 0) return text;
  // Terms are runs of letters and digits, so they need no escaping inside the pattern.
  const pattern = new RegExp(`(${terms.join("|")})`, "giu");
  return text.split(pattern).map((piece, i) => (i % 2 === 1 ? <mark key={i}>{piece}</mark> : piece));
}

/** Rows of the project's datasets: full-text search, filters by finding kind, dataset and length, paged. */
export function DataBrowser({
  slug,
  datasets,
  initial,
}: {
  slug: string;
  datasets: string[];
  initial: TRowFilters;
}) {
  const [draft, setDraft] = useState(initial);
  const [filters, setFilters] = useState(initial);
  const router = useRouter();
  const pathname = usePathname();
  const rows = useDataRows(slug, filters);
  const set = (key: keyof TRowFilters) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  const apply = (next: TRowFilters) => {
    setFilters(next);
    const params = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== ""));
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };
  const items = rows.data?.pages.flatMap((page) => page.rows) ?? [];
  const terms = searchTerms(filters.q);
  return (
    <div className="stack">
      <form
        className="row"
        style={{ flexWrap: "wrap" }}
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        <input
          aria-label="Search"
          placeholder='Search text (words, "a phrase", -exclude)'
          style={{ flex: 1, minWidth: 240 }}
          value={draft.q}
          onChange={set("q")}
        />
        <select aria-label="Finding" value={draft.kind} onChange={set("kind")}>
          <option value="">any finding</option>
          {FINDING_KIND_VALUES.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        <select aria-label="Dataset" value={draft.dataset} onChange={set("dataset")}>
          <option value="">all datasets</option>
          {datasets.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input
          aria-label="Min characters"
          placeholder="min chars"
          style={{ width: 100 }}
          inputMode="numeric"
          value={draft.minChars}
          onChange={set("minChars")}
        />
        <input
          aria-label="Max characters"
          placeholder="max chars"
          style={{ width: 100 }}
          inputMode="numeric"
          value={draft.maxChars}
          onChange={set("maxChars")}
        />
        <button type="submit">Apply</button>
      </form>
      {rows.error && <p className="error">{rows.error.message}</p>}
      <table data-testid="data-rows">
        <thead>
          <tr>
            <th>Row</th>
            <th>Text</th>
            <th>Chars</th>
            <th>Findings</th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id} data-testid="data-row">
              <td className="mono" style={{ whiteSpace: "nowrap" }}>
                <Link href={`/projects/${slug}/data/${row.dataset}/rows/${row.ordinal}`}>
                  {row.dataset}#{row.ordinal}
                </Link>
                <div className="muted">{row.docId}</div>
              </td>
              <td style={{ wordBreak: "break-word" }}>
                <MarkedPreview text={row.preview} terms={terms} />
              </td>
              <td className="mono">{row.chars}</td>
              <td>
                {row.findingKinds.map((kind) => (
                  <span key={kind} className="badge warn" style={{ marginRight: 4 }}>
                    {kind}
                  </span>
                ))}
              </td>
            </tr>
          ))}
          {!rows.isPending && items.length === 0 && (
            <tr>
              <td colSpan={4} className="muted" data-testid="no-rows">
                No rows match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {rows.hasNextPage && (
        <button
          className="secondary"
          onClick={() => void rows.fetchNextPage()}
          disabled={rows.isFetchingNextPage}
        >
          {rows.isFetchingNextPage ? "Loading…" : "Next 100 rows"}
        </button>
      )}
    </div>
  );
}
