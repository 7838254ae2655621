import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

const slug = `pr-flow-${Date.now().toString(36)}`;
const block = [
  { type: "attention", heads: 4, kv_heads: 2, rope: true },
  { type: "mlp", d_ff: 256, act: "swiglu" },
];
const artifacts = [
  {
    path: "architecture.yaml",
    content: JSON.stringify({
      vocab: 2048,
      d_model: 64,
      norm: "rmsnorm",
      tie_embeddings: true,
      max_seq: 128,
      layers: [...block, ...block, ...block],
    }),
  },
  {
    path: "datamix.yaml",
    content: "sources: { books: 0.5, speeches: 0.3, code: 0.2 }\ntokenizer: forge-bpe-2k\nseq_len: 64\n",
  },
  // Every mix source has its dataset card.
  ...["books", "speeches", "code"].map((name) => ({
    path: `datasets/${name}.yaml`,
    content: JSON.stringify({
      name,
      description: `${name} for the proposal flow`,
      license: "CC0-1.0",
      provenance: {
        package: `${name}-text`,
        version: "1.0.0",
        registry: "npm",
        files: ["text.txt"],
        extraction: "as is",
      },
      counts: { documents: 0, bytes: 0, tokens: 0 },
      shards: [],
    }),
  })),
];

async function switchUser(page: Page, who: "admin" | "maintainer" | "contributor" | "viewer") {
  await page.context().clearCookies();
  await signIn(page, who);
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "admin");
  const created = await page.request.post("/api/projects", {
    data: { slug, name: "Proposal flow", artifacts },
  });
  expect(created.status()).toBe(200);
  for (const [handle, role] of [
    ["contributor", "CONTRIBUTOR"],
    ["maintainer", "MAINTAINER"],
  ]) {
    expect(
      (await page.request.put(`/api/projects/${slug}/members`, { data: { handle, role } })).status(),
    ).toBe(200);
  }
  await page.close();
});

test("a contributor proposes mamba2 layers and a new mix; a maintainer reviews and merges", async ({
  page,
}) => {
  await signIn(page, "contributor");
  await page.goto(`/projects/${slug}`);
  await page.getByRole("link", { name: "Propose a change" }).click();
  await page.getByLabel("Title").fill("Every third layer becomes Mamba-2");
  await page.getByLabel("Description (markdown)").fill("Hybrid stack: *attention, mlp, mamba2* repeating.");
  await page.getByRole("button", { name: "Open proposal from main" }).click();

  await expect(page.getByTestId("layer-editor")).toBeVisible();
  for (const index of [2, 5]) await page.getByLabel(`layer ${index} type`).selectOption("mamba2");
  await page.getByRole("link", { name: "Data mix" }).click();
  await page.getByLabel("share of code").fill("0.4");
  await page.getByLabel("commit message").fill("Layers 3 and 6 to mamba2; more code");
  await page.getByRole("button", { name: "Save to proposal" }).click();

  await expect(page.getByTestId("proposal-title")).toContainText("Every third layer becomes Mamba-2");
  const layers = page.getByTestId("layer-changes");
  await expect(layers.getByRole("row")).toHaveCount(3); // header + two changed layers
  await expect(layers).toContainText("layers[2]");
  await expect(layers).toContainText("layers[5]");
  await expect(layers).toContainText("mamba2 d_state 64");
  await expect(page.getByTestId("param-delta")).toContainText(/[+-]\d/);
  await expect(page.getByTestId("mix-shares")).toContainText("40.0%");
  const proposalUrl = page.url();

  await switchUser(page, "maintainer");
  await page.goto(proposalUrl);
  await page
    .getByLabel("comment", { exact: true })
    .fill("Nice. <script>window.hacked = 1</script> [link](javascript:alert(1))");
  await page.getByLabel("anchor").fill("architecture.yaml#/layers/2");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const comment = page.getByTestId("comment").last();
  await expect(comment).toContainText("<script>window.hacked = 1</script>");
  await expect(comment).toContainText("on architecture.yaml#/layers/2");
  expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  await expect(comment.locator('a[href^="javascript"]')).toHaveCount(0);

  await expect(page.getByTestId("merge-blockers")).toContainText("needs an approval");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("review").last()).toContainText("approved");
  await page.getByRole("button", { name: "Merge into main" }).click();
  await expect(page.getByTestId("proposal-state")).toHaveText("merged");

  await page.getByRole("link", { name: "History" }).click();
  const latest = page.getByTestId("history-row").first();
  await expect(latest).toContainText("Every third layer becomes Mamba-2");
  await expect(latest).toContainText("contributor");
});

test("the API refuses oversized, malformed and non-UTF-8 artifacts with 4xx and writes nothing", async ({
  page,
}) => {
  await signIn(page, "contributor");
  const opened = await page.request.post(`/api/projects/${slug}/proposals`, {
    data: { title: "bad inputs" },
  });
  const { proposal } = await opened.json();
  const commits = `/api/projects/${slug}/proposals/${proposal.number}/commits`;
  const expectedHead = proposal.baseRevision;

  const huge = "a".repeat(50 * 1024 * 1024);
  const tooBig = await page.request.post(commits, {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({
      expectedHead,
      message: "huge",
      changes: [{ path: "architecture.yaml", content: huge }],
    }),
  });
  expect(tooBig.status()).toBe(413);

  const millionLayers = `layers:\n${"  - {type: mlp, d_ff: 8, act: gelu}\n".repeat(1_000_000)}`;
  const million = await page.request.post(commits, {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({
      expectedHead,
      message: "1e6 layers",
      changes: [{ path: "architecture.yaml", content: millionLayers }],
    }),
  });
  expect(million.status()).toBe(413);

  const layer = '{"type":"mlp","d_ff":8,"act":"gelu"}';
  const fiveThousand = `{"vocab":64,"d_model":8,"norm":"rmsnorm","tie_embeddings":true,"layers":[${Array(5000).fill(layer).join(",")}]}`;
  const layered = await page.request.post(commits, {
    data: { expectedHead, message: "many", changes: [{ path: "architecture.yaml", content: fiveThousand }] },
  });
  expect(layered.status()).toBe(400);
  expect((await layered.json()).error).toMatch(/^architecture\.yaml: layers/);

  const invalid = await page.request.post(commits, {
    data: {
      expectedHead,
      message: "kv",
      changes: [
        { path: "architecture.yaml", content: artifacts[0]!.content.replace('"kv_heads":2', '"kv_heads":3') },
      ],
    },
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error).toContain("layers[0].kv_heads must divide heads");

  const notUtf8 = await page.request.post(commits, {
    headers: { "content-type": "application/json" },
    data: Buffer.concat([Buffer.from('{"expectedHead":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  });
  expect(notUtf8.status()).toBe(400);
  expect((await notUtf8.json()).error).toContain("UTF-8");

  const view = await (await page.request.get(`/api/projects/${slug}/proposals/${proposal.number}`)).json();
  expect(view.proposal.headRevision).toBe(expectedHead);
});

test("a script can open a proposal with a personal API token and read it back", async ({
  page,
  playwright,
}) => {
  await signIn(page, "contributor");
  const { token } = await (await page.request.post("/api/tokens", { data: { name: "cli" } })).json();
  const api = await playwright.request.newContext({
    baseURL: new URL(page.url()).origin,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  const opened = await api.post(`/api/projects/${slug}/proposals`, { data: { title: "From a script" } });
  expect(opened.status()).toBe(200);
  const { proposal } = await opened.json();
  const read = await api.get(`/api/projects/${slug}/proposals/${proposal.number}`);
  expect((await read.json()).proposal.author).toBe("contributor");
  const spec = await (await api.get("/api/openapi.json")).json();
  expect(spec.paths["/api/projects/{slug}/proposals/{number}/merge"].post.summary).toContain("Merge");
  const bad = await playwright.request.newContext({
    baseURL: new URL(page.url()).origin,
    extraHTTPHeaders: { authorization: "Bearer forge_nope" },
  });
  expect((await bad.post(`/api/projects/${slug}/proposals`, { data: { title: "x" } })).status()).toBe(401);
  await api.dispose();
  await bad.dispose();
});
