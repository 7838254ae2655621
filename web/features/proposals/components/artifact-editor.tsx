"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { stringify } from "yaml";
import { useApiMutation } from "../hooks/use-api-mutation";

type TLayerDraft = { type: string; [field: string]: unknown };
type TDocs = Record<string, unknown>;
type TMode = "architecture" | "mix" | "yaml";

// Defaults a layer gets when its type is switched in the form; the server validates the result.
const LAYER_DEFAULTS: Record<string, Omit<TLayerDraft, "type">> = {
  attention: { heads: 4, kv_heads: 4, rope: true },
  mlp: { d_ff: 256, act: "swiglu" },
  mamba2: { d_state: 64, expand: 2, head_dim: 32, chunk: 64 },
  moe: { experts: 8, top_k: 2, d_ff: 256, capacity_factor: 1.25, aux_loss: 0.01, act: "swiglu" },
};
const NUMERIC_FIELDS: Record<string, string[]> = {
  attention: ["heads", "kv_heads"],
  mlp: ["d_ff"],
  mamba2: ["d_state", "expand", "head_dim", "chunk"],
  moe: ["experts", "top_k", "d_ff"],
};

export function ArtifactEditor(props: { slug: string; number: number; headRevision: string; docs: TDocs }) {
  const router = useRouter();
  const [docs, setDocs] = useState<TDocs>(props.docs);
  const [mode, setMode] = useState<TMode>("architecture");
  const paths = Object.keys(props.docs).sort();
  const [yamlPath, setYamlPath] = useState(paths[0] ?? "architecture.yaml");
  const [yamlText, setYamlText] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const commit = useApiMutation<unknown>(
    `/api/projects/${props.slug}/proposals/${props.number}/commits`,
    () => {
      router.push(`/projects/${props.slug}/proposals/${props.number}`);
      router.refresh();
    },
  );

  const arch = docs["architecture.yaml"] as { layers: TLayerDraft[] } | undefined;
  const mix = docs["datamix.yaml"] as { sources: Record<string, number> } | undefined;
  const changedPaths = useMemo(
    () => paths.filter((p) => JSON.stringify(docs[p]) !== JSON.stringify(props.docs[p])),
    [docs, props.docs, paths],
  );

  const setLayer = (index: number, layer: TLayerDraft) => {
    if (!arch) return;
    setDocs((d) => ({
      ...d,
      "architecture.yaml": { ...arch, layers: arch.layers.map((l, i) => (i === index ? layer : l)) },
    }));
  };

  const setShare = (source: string, share: number) => {
    // Moving one slider rescales the others so the shares keep summing to 1.
    if (!mix) return;
    const sources = mix.sources;
    const others = Object.entries(sources).filter(([s]) => s !== source);
    const rest = others.reduce((sum, [, s]) => sum + s, 0);
    const next: Record<string, number> = { [source]: share };
    for (const [s, v] of others) next[s] = rest > 0 ? ((1 - share) * v) / rest : (1 - share) / others.length;
    const rounded = Object.fromEntries(Object.entries(next).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]));
    const drift = 1 - Object.values(rounded).reduce((a, b) => a + b, 0);
    rounded[source] = Math.round((Math.round(share * 1e4) / 1e4 + drift) * 1e4) / 1e4;
    setDocs((d) => ({
      ...d,
      "datamix.yaml": { ...(d["datamix.yaml"] as object), sources: sortKeys(rounded, sources) },
    }));
  };

  function save() {
    const changes = changedPaths.map((path) => ({ path, content: stringify(docs[path]) }));
    if (yamlText !== null) {
      const without = changes.filter((c) => c.path !== yamlPath);
      without.push({ path: yamlPath, content: yamlText });
      commit.mutate({
        expectedHead: props.headRevision,
        message: message || "Edit artifacts",
        changes: without,
      });
      return;
    }
    commit.mutate({
      expectedHead: props.headRevision,
      message: message || `Edit ${changedPaths.join(", ")}`,
      changes,
    });
  }

  return (
    <div className="stack">
      <nav className="tabs">
        {(["architecture", "mix", "yaml"] as const).map((m) => (
          <a
            key={m}
            href="#"
            className={mode === m ? "active" : undefined}
            onClick={(e) => (e.preventDefault(), setMode(m))}
          >
            {m === "architecture" ? "Architecture layers" : m === "mix" ? "Data mix" : "Raw YAML"}
          </a>
        ))}
      </nav>

      {mode === "architecture" && arch && (
        <table data-testid="layer-editor">
          <thead>
            <tr>
              <th>#</th>
              <th>Type</th>
              <th>Settings</th>
            </tr>
          </thead>
          <tbody>
            {arch.layers.map((layer, index) => (
              <tr key={index}>
                <td className="mono">{index}</td>
                <td>
                  <select
                    aria-label={`layer ${index} type`}
                    value={layer.type}
                    onChange={(e) =>
                      setLayer(index, { type: e.target.value, ...LAYER_DEFAULTS[e.target.value] })
                    }
                  >
                    {Object.keys(LAYER_DEFAULTS).map((type) => (
                      <option key={type}>{type}</option>
                    ))}
                  </select>
                </td>
                <td className="row">
                  {(NUMERIC_FIELDS[layer.type] ?? []).map((field) => (
                    <label key={field} style={{ flexDirection: "row", alignItems: "center", margin: 0 }}>
                      {field}
                      <input
                        aria-label={`layer ${index} ${field}`}
                        type="number"
                        style={{ width: 80 }}
                        value={String(layer[field] ?? "")}
                        onChange={(e) => setLayer(index, { ...layer, [field]: Number(e.target.value) })}
                      />
                    </label>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {mode === "mix" && mix && (
        <table data-testid="mix-editor">
          <tbody>
            {Object.entries(mix.sources).map(([source, share]) => (
              <tr key={source}>
                <td className="mono">{source}</td>
                <td style={{ width: "50%" }}>
                  <input
                    aria-label={`share of ${source}`}
                    type="range"
                    min={0}
                    max={1}
                    step={0.01}
                    value={share}
                    style={{ width: "100%" }}
                    onChange={(e) => setShare(source, Number(e.target.value))}
                  />
                </td>
                <td className="mono">{(share * 100).toFixed(1)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {mode === "yaml" && (
        <div className="stack">
          <select
            aria-label="artifact"
            value={yamlPath}
            onChange={(e) => {
              setYamlPath(e.target.value);
              setYamlText(null);
            }}
          >
            {paths.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <textarea
            aria-label="yaml"
            className="mono"
            rows={24}
            value={yamlText ?? stringify(docs[yamlPath])}
            onChange={(e) => setYamlText(e.target.value)}
          />
        </div>
      )}

      <div className="row">
        <input
          aria-label="commit message"
          placeholder="Describe the change"
          style={{ flex: 1 }}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        <button
          onClick={save}
          disabled={commit.isPending || (changedPaths.length === 0 && yamlText === null)}
        >
          Save to proposal
        </button>
      </div>
      {changedPaths.length > 0 && <p className="muted">Changed: {changedPaths.join(", ")}</p>}
      {commit.error && (
        <p className="error" data-testid="editor-error">
          {commit.error.message}
        </p>
      )}
    </div>
  );
}

function sortKeys(values: Record<string, number>, order: Record<string, number>) {
  return Object.fromEntries(Object.keys(order).map((k) => [k, values[k] ?? 0]));
}
