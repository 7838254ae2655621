import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createObjectStore } from "./create-object-store";
import { FilesystemObjectStore } from "./filesystem-store";
import { ObjectNotFoundError } from "./object-store";
import { S3ObjectStore, signS3Request } from "./s3-store";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("FilesystemObjectStore", () => {
  it("puts, gets, lists by prefix and deletes", async () => {
    const root = await mkdtemp(join(tmpdir(), "forge-store-"));
    const store = new FilesystemObjectStore(root);
    await store.put("shards/a.jsonl", bytes("one"));
    await store.put("shards/b.jsonl", bytes("two"));
    await store.put("tokens/x.ftok", bytes("three"));
    expect(text(await store.get("shards/b.jsonl"))).toBe("two");
    expect(await store.has("shards/a.jsonl")).toBe(true);
    expect(await store.list("shards/")).toEqual(["shards/a.jsonl", "shards/b.jsonl"]);
    expect(await store.list("")).toEqual(["shards/a.jsonl", "shards/b.jsonl", "tokens/x.ftok"]);
    await store.put("shards/a.jsonl", bytes("replaced"));
    expect(text(await store.get("shards/a.jsonl"))).toBe("replaced");
    await store.delete("shards/a.jsonl");
    await store.delete("shards/a.jsonl");
    expect(await store.has("shards/a.jsonl")).toBe(false);
    await expect(store.get("shards/a.jsonl")).rejects.toBeInstanceOf(ObjectNotFoundError);
    // Atomic writes leave no temporary files behind.
    expect(await readdir(join(root, "shards"))).toEqual(["b.jsonl"]);
  });

  it("refuses keys that could leave the root", async () => {
    const store = new FilesystemObjectStore(await mkdtemp(join(tmpdir(), "forge-store-")));
    for (const key of ["../etc/passwd", "a/../../b", "/abs", "a//b", "", "a b"]) {
      await expect(store.put(key, bytes("x"))).rejects.toThrow(/invalid object key/);
    }
  });
});

describe("S3 signing", () => {
  it("matches the AWS Signature V4 example for GET Object (S3 API reference)", async () => {
    const request = await signS3Request(
      {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        region: "us-east-1",
      },
      "https://examplebucket.s3.amazonaws.com/test.txt",
      {
        // The example signs the empty payload's hash; our requests otherwise send UNSIGNED-PAYLOAD.
        headers: {
          Range: "bytes=0-9",
          "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        },
        datetime: "20130524T000000Z",
      },
    );
    expect(request.headers.get("authorization")).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, " +
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });

  it("sends signed path-style requests and reads ListObjectsV2 pages", async () => {
    const seen: Request[] = [];
    const pages = [
      "<ListBucketResult><Key>ckpt/b</Key><IsTruncated>true</IsTruncated><NextContinuationToken>t&amp;1</NextContinuationToken></ListBucketResult>",
      "<ListBucketResult><Key>ckpt/a</Key><IsTruncated>false</IsTruncated></ListBucketResult>",
    ];
    const store = new S3ObjectStore(
      {
        endpoint: "http://minio:9000/",
        bucket: "forge",
        accessKeyId: "k",
        secretAccessKey: "s",
        region: "us-east-1",
      },
      async (input) => {
        const request = input as Request;
        seen.push(request);
        if (request.method === "GET" && request.url.includes("list-type=2"))
          return new Response(pages.shift());
        if (request.method === "GET") return new Response(null, { status: 404 });
        return new Response(null, { status: 200 });
      },
    );
    await store.put("ckpt/a", bytes("weights"));
    expect(seen[0]!.method).toBe("PUT");
    expect(seen[0]!.url).toBe("http://minio:9000/forge/ckpt/a");
    expect(seen[0]!.headers.get("authorization")).toMatch(
      /^AWS4-HMAC-SHA256 Credential=k\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-date/,
    );
    expect(await store.list("ckpt/")).toEqual(["ckpt/a", "ckpt/b"]);
    expect(new URL(seen[2]!.url).searchParams.get("continuation-token")).toBe("t&1");
    await expect(store.get("ckpt/missing")).rejects.toBeInstanceOf(ObjectNotFoundError);
  });
});

describe("createObjectStore", () => {
  it("defaults to the filesystem and names a missing S3 variable", () => {
    expect(createObjectStore({ FORGE_DATA_DIR: "/tmp/x" })).toBeInstanceOf(FilesystemObjectStore);
    expect(() => createObjectStore({ FORGE_OBJECT_STORE: "s3", S3_ENDPOINT: "http://minio:9000" })).toThrow(
      "Configuration error: S3_BUCKET is not set",
    );
  });
});
