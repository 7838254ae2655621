import { AwsClient } from "aws4fetch";
import { type ObjectStore, ObjectNotFoundError, assertValidKey, assertValidPrefix } from "./object-store";

export type TS3Config = {
  /** e.g. http://minio:9000; requests use path-style addressing (`<endpoint>/<bucket>/<key>`), as MinIO needs. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
};

/** Signs a request with AWS Signature V4 for S3. `datetime` (YYYYMMDDTHHMMSSZ) pins the clock for tests. */
export function signS3Request(
  config: Pick<TS3Config, "accessKeyId" | "secretAccessKey" | "region">,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array; datetime?: string } = {},
): Promise<Request> {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: "s3",
  });
  return client.sign(url, {
    method: init.method ?? "GET",
    headers: init.headers,
    body: init.body as RequestInit["body"],
    // Sign every header the caller sets (a Range, say), not only aws4fetch's default set.
    aws: { allHeaders: true, ...(init.datetime ? { datetime: init.datetime } : {}) },
  });
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decodeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (entity, name: string) => XML_ENTITIES[name] ?? entity);

/** An S3-compatible bucket (AWS S3, MinIO), signed with SigV4; `fetchImpl` lets tests see the requests. */
export class S3ObjectStore implements ObjectStore {
  private readonly base: string;

  constructor(
    private readonly config: TS3Config,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = `${config.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(config.bucket)}`;
  }

  private async send(method: string, path: string, body?: Uint8Array): Promise<Response> {
    const request = await signS3Request(this.config, `${this.base}${path}`, { method, body });
    return this.fetchImpl(request);
  }

  private async fail(response: Response, what: string): Promise<never> {
    const text = await response.text().catch(() => "");
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    throw new Error(`S3 ${what}: ${response.status}${code ? ` ${code}` : ""}`);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertValidKey(key);
    const response = await this.send("PUT", `/${key}`, bytes);
    if (!response.ok) await this.fail(response, `put ${key}`);
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key);
    const response = await this.send("GET", `/${key}`);
    if (response.status === 404) throw new ObjectNotFoundError(key);
    if (!response.ok) await this.fail(response, `get ${key}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async has(key: string): Promise<boolean> {
    assertValidKey(key);
    const response = await this.send("HEAD", `/${key}`);
    if (response.status === 404) return false;
    if (!response.ok) await this.fail(response, `head ${key}`);
    return true;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    const response = await this.send("DELETE", `/${key}`);
    if (!response.ok && response.status !== 404) await this.fail(response, `delete ${key}`);
  }

  async list(prefix: string): Promise<string[]> {
    assertValidPrefix(prefix);
    const keys: string[] = [];
    let continuation: string | undefined;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      if (continuation) query.set("continuation-token", continuation);
      const response = await this.send("GET", `?${query.toString()}`);
      if (!response.ok) await this.fail(response, `list ${prefix}`);
      const xml = await response.text();
      for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(decodeXml(match[1] ?? ""));
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      continuation = truncated
        ? decodeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? "")
        : undefined;
    } while (continuation);
    return keys.sort();
  }
}
