import { isIPv6 } from "node:net";
import { type Finding } from "./finding";

function* matches(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  const regex = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    yield match;
    if (match[0].length === 0) regex.lastIndex += 1;
  }
}

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g;

export function detectEmails(text: string): Finding[] {
  return [...matches(text, EMAIL)].map((match) => ({
    kind: "email",
    start: match.index,
    end: match.index + match[0].length,
    detail: `email address at ${match[0].slice(match[0].indexOf("@") + 1).toLowerCase()}`,
  }));
}

/** `+<country code>` then 2-5 digit groups separated by space, dot or dash; E.164 allows 8-15 digits. */
const INTERNATIONAL_PHONE = /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\w])/g;
/**
 * North American numbers need separators, the same one twice unless the area code is parenthesised:
 * (202) 555-0143, 202-555-0143, 202.555.0143, 1-800-555-0199. Bare 10-digit runs and mixed separators
 * ("DFARS 252.227-7015") are left alone: far more often ids and citations than phone numbers.
 */
const NANP_PHONE =
  /(?<![\w+.-])(?:1[ .-])?(?:\([2-9]\d\d\) ?[2-9]\d\d[ .-]|[2-9]\d\d([ .-])[2-9]\d\d\1)\d{4}(?![\w]|[.-]\d)/g;

export function detectPhoneNumbers(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of matches(text, INTERNATIONAL_PHONE)) {
    const digits = match[0].replace(/\D/g, "").length;
    if (digits >= 8 && digits <= 15) {
      findings.push({
        kind: "phone",
        start: match.index,
        end: match.index + match[0].length,
        detail: "international phone number",
      });
    }
  }
  for (const match of matches(text, NANP_PHONE)) {
    const overlapsInternational = findings.some(
      (found) => match.index < found.end && found.start < match.index + match[0].length,
    );
    if (!overlapsInternational) {
      findings.push({
        kind: "phone",
        start: match.index,
        end: match.index + match[0].length,
        detail: "North American phone number",
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** Not part of a longer dotted run (version strings such as 1.2.3.4.5, or OIDs). */
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w]|\\.\\d)`, "g");

function ipv4Scope(address: string): string {
  const [a, b] = address.split(".").map(Number) as [number, number];
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 127) return "loopback";
  return "public";
}

/** "2.1.1.1. Source Code" at the start of a line is a section number, not an address. */
function isSectionHeading(text: string, start: number, end: number): boolean {
  return (start === 0 || text[start - 1] === "\n") && text[end] === ".";
}

export function detectIpv4(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of matches(text, IPV4)) {
    const end = match.index + match[0].length;
    if (isSectionHeading(text, match.index, end)) continue;
    findings.push({ kind: "ipv4", start: match.index, end, detail: `IPv4 address (${ipv4Scope(match[0])})` });
  }
  return findings;
}

const IPV6_CANDIDATE =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;

/**
 * Validated with node:net. Candidates without any decimal digit are rejected, because code such as
 * `Bad::Dead` or `cafe::face` is syntactically a valid IPv6 address and real addresses almost always
 * contain a digit.
 */
export function detectIpv6(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of matches(text, IPV6_CANDIDATE)) {
    const candidate = match[0];
    const groups = candidate.split(":").filter((group) => group !== "").length;
    if (groups >= 2 && /\d/.test(candidate) && isIPv6(candidate)) {
      findings.push({
        kind: "ipv6",
        start: match.index,
        end: match.index + candidate.length,
        detail: "IPv6 address",
      });
    }
  }
  return findings;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes: requiring one cuts the 1-in-10 Luhn false-positive rate on arbitrary numbers. */
function cardNetwork(digits: string): string | undefined {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith("4") && [13, 16, 19].includes(digits.length)) return "Visa";
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && digits.length === 16)
    return "Mastercard";
  if ((two === 34 || two === 37) && digits.length === 15) return "American Express";
  if ((digits.startsWith("6011") || two === 65) && digits.length >= 16) return "Discover";
  if (two === 35 && digits.length >= 16) return "JCB";
  if ((two === 36 || two === 38 || (two === 30 && Number(digits[2]) <= 5)) && digits.length === 14)
    return "Diners Club";
  return undefined;
}

const CARD_CANDIDATE = /(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d]|[.,-]\d)/g;

export function detectCreditCards(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of matches(text, CARD_CANDIDATE)) {
    const digits = match[0].replace(/\D/g, "");
    const network = cardNetwork(digits);
    if (network && !/^(\d)\1+$/.test(digits) && luhnValid(digits)) {
      findings.push({
        kind: "credit_card",
        start: match.index,
        end: match.index + match[0].length,
        detail: `${network}-like card number (Luhn-valid, ends ${digits.slice(-4)})`,
      });
    }
  }
  return findings;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const KEYED_SECRETS: ReadonlyArray<[RegExp, string]> = [
  [/(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g, "AWS access key id"],
  [/(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])/g, "GitHub token"],
  [/(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,255}(?![A-Za-z0-9_])/g, "GitHub fine-grained token"],
  [/(?<![A-Za-z0-9])xox[abeoprs]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])/g, "Slack token"],
  [/-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/g, "PEM private key header"],
  [/-----BEGIN PGP PRIVATE KEY BLOCK-----/g, "PGP private key header"],
];

/** `api_key = "..."`, `secret: ...`, `password=...`: the value is the finding. */
const ASSIGNED_SECRET =
  /\b(api[_-]?key|apikey|secret(?:[_-]?key)?|client[_-]?secret|access[_-]?token|auth[_-]?token|password|passwd)\b["']?\s*[:=]\s*["']?([A-Za-z0-9_\-+/=.~!@#$%^&*]{16,})/gi;
const MIN_SECRET_ENTROPY = 3.5;

export function detectSecrets(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const [pattern, label] of KEYED_SECRETS) {
    for (const match of matches(text, pattern)) {
      findings.push({
        kind: "secret",
        start: match.index,
        end: match.index + match[0].length,
        detail: label,
      });
    }
  }
  for (const match of matches(text, ASSIGNED_SECRET)) {
    const [whole, name, value] = match as unknown as [string, string, string];
    // Placeholders ("your_api_key_here") and references ("process.env.KEY") are low-entropy or digit-free.
    if (!/\d/.test(value) || shannonEntropy(value) < MIN_SECRET_ENTROPY) continue;
    const start = match.index + whole.length - value.length;
    const overlapsKeyed = findings.some((found) => start < found.end && found.start < start + value.length);
    if (!overlapsKeyed) {
      findings.push({
        kind: "secret",
        start,
        end: start + value.length,
        detail: `high-entropy value assigned to ${name.toLowerCase()}`,
      });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}
