// The S3 store against a real S3-compatible server in-process (s3rver), so paths, bodies, ListObjectsV2 paging
// and error codes are proven on the wire, not against a hand-written fake. s3rver parses the SigV4 header and
// checks the access key but not the signature itself; storage.test.ts checks that against AWS's own example.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectNotFoundError } from "./object-store";
import { S3ObjectStore } from "./s3-store";

const bytes = (text: string) => new TextEncoder().encode(text);
// s3rver's built-in credentials.
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

// s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider:
// the server runs in its own Node process with that provider on, and prints its port.
const SERVER = `
const S3rver = require(process.argv[1]);
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.argv[2],
  configureBuckets: [{ name: "forge", configs: [] }] })
  .run().then((address) => console.log(address.port));
`;

let server: ChildProcess;
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "forge-s3-"));
  const s3rver = createRequire(import.meta.url).resolve("s3rver");
  server = spawn(process.execPath, ["--openssl-legacy-provider", "-e", SERVER, s3rver, directory], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [port] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.kill();
  await rm(directory, { recursive: true, force: true });
});

const store = (accessKeyId = CREDENTIALS.accessKeyId) =>
  new S3ObjectStore({ endpoint, bucket: "forge", region: "us-east-1", ...CREDENTIALS, accessKeyId });

describe("S3ObjectStore on an S3-compatible server", () => {
  it("puts, gets, checks, lists across pages and deletes", async () => {
    const s3 = store();
    const checkpoint = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
    await s3.put("ckpt/run-1/step-8.bin", checkpoint);
    expect(await s3.get("ckpt/run-1/step-8.bin")).toEqual(checkpoint);
    expect(await s3.has("ckpt/run-1/step-8.bin")).toBe(true);

    // More keys than one ListObjectsV2 page (1000) holds.
    const keys = Array.from({ length: 1005 }, (_, i) => `shards/s-${String(i).padStart(4, "0")}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => s3.put(key, bytes(key))));
    }
    expect((await s3.list("shards/")).sort()).toEqual(keys);

    await s3.delete("ckpt/run-1/step-8.bin");
    expect(await s3.has("ckpt/run-1/step-8.bin")).toBe(false);
    await expect(s3.get("ckpt/run-1/step-8.bin")).rejects.toBeInstanceOf(ObjectNotFoundError);
  }, 60_000);

  it("reports the server's refusal with its status and code", async () => {
    await expect(store("NOT-A-KEY").put("x", bytes("x"))).rejects.toThrow("S3 put x: 403 InvalidAccessKeyId");
  });
});
