import { describe, expect, it } from "vitest";
import { type Finding } from "./finding";
import {
  detectCreditCards,
  detectEmails,
  detectIpv4,
  detectIpv6,
  detectPhoneNumbers,
  detectSecrets,
  luhnValid,
  shannonEntropy,
} from "./pii-detectors";
import { createProfanityDetector, profanityWordList } from "./profanity";

const spans = (text: string, findings: Finding[]) =>
  findings.map((finding) => text.slice(finding.start, finding.end));

describe("email", () => {
  it("finds addresses with exact spans", () => {
    const text = "Write to jane.doe+forge@mail.example.co.uk, or (HHBODE@DOSUNI1.BITNET).";
    expect(spans(text, detectEmails(text))).toEqual([
      "jane.doe+forge@mail.example.co.uk",
      "HHBODE@DOSUNI1.BITNET",
    ]);
    expect(detectEmails(text)[0]?.detail).toBe("email address at mail.example.co.uk");
  });

  it("ignores handles, hostless addresses and decorators", () => {
    expect(detectEmails("@handle user@localhost a@b.c @Component() foo@bar")).toEqual([]);
  });
});

describe("phone numbers", () => {
  it("finds international and North American formats", () => {
    const text =
      "Call +44 20 7946 0958 or +1-202-555-0143, Paris +33 1 23 45 67 89, mobile +4915112345678; " +
      "US (412) 268-4387, 979 238 2102, 1-800-555-0199 and 202.555.0143.";
    expect(spans(text, detectPhoneNumbers(text))).toEqual([
      "+44 20 7946 0958",
      "+1-202-555-0143",
      "+33 1 23 45 67 89",
      "+4915112345678",
      "(412) 268-4387",
      "979 238 2102",
      "1-800-555-0199",
      "202.555.0143",
    ]);
  });

  it("leaves years, ranges, dates, ids, ISBNs, SSN-shaped and citation numbers alone", () => {
    const text =
      "In 1999 and 2004, during 1861-1865, on 2020-01-15, order 2025550143 and id 123456789012, " +
      "ISBN 978-3-16-148410-0, 123-45-6789, DFARS 252.227-7015, version 10.2.3, pages 100-200, $1,234,567.";
    expect(detectPhoneNumbers(text)).toEqual([]);
  });
});

describe("IP addresses", () => {
  it("finds IPv4 and classifies its scope", () => {
    const text = "hosts 192.168.1.20, 8.8.8.8 and 127.0.0.1.";
    expect(spans(text, detectIpv4(text))).toEqual(["192.168.1.20", "8.8.8.8", "127.0.0.1"]);
    expect(detectIpv4(text).map((finding) => finding.detail)).toEqual([
      "IPv4 address (private)",
      "IPv4 address (public)",
      "IPv4 address (loopback)",
    ]);
  });

  it("rejects out-of-range octets, longer dotted runs and section numbers", () => {
    expect(detectIpv4("999.1.1.1 and 1.2.3.4.5 and v1.2.3.4x and 256.0.0.1")).toEqual([]);
    expect(detectIpv4("2.1.1.1. As a Result of Contributions")).toEqual([]);
  });

  it("finds full and compressed IPv6, not times or C++ scopes", () => {
    const text = "v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334, fe80::1ff:fe23:4567:890a and 2001:db8::1.";
    expect(spans(text, detectIpv6(text))).toEqual([
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
      "fe80::1ff:fe23:4567:890a",
      "2001:db8::1",
    ]);
    expect(detectIpv6("at 10:30:45, std::vector, Bad::Dead, a::b, ::")).toEqual([]);
  });
});

describe("credit cards", () => {
  it("finds Luhn-valid numbers of known networks in common layouts", () => {
    const text = "Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, Amex 378282246310005.";
    expect(spans(text, detectCreditCards(text))).toEqual([
      "4111 1111 1111 1111",
      "5500-0000-0000-0004",
      "378282246310005",
    ]);
    expect(detectCreditCards(text)[0]?.detail).toBe("Visa-like card number (Luhn-valid, ends 1111)");
  });

  it("rejects Luhn failures, unknown prefixes and repeated digits", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(
      detectCreditCards("4111 1111 1111 1112 and 9999999999999995 and 0000000000000000 and 1234567890123"),
    ).toEqual([]);
  });
});

describe("secrets", () => {
  it("finds provider tokens and PEM headers", () => {
    const text = [
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      `token ghp_${"a1B2c3D4e5".repeat(3)}abcdef`,
      "slack xoxb-123456789012-abcdefABCDEF",
      "-----BEGIN RSA PRIVATE KEY-----",
      "-----BEGIN OPENSSH PRIVATE KEY-----",
    ].join("\n");
    expect(detectSecrets(text).map((finding) => finding.detail)).toEqual([
      "AWS access key id",
      "GitHub token",
      "Slack token",
      "PEM private key header",
      "PEM private key header",
    ]);
  });

  it("finds high-entropy assigned values and reports only the value's span", () => {
    const text = 'config: api_key="q8Zr2LmX9vT4kW7pN3sB" and SECRET: 9f86d081884c7d659a2feaa0c55ad015';
    expect(spans(text, detectSecrets(text))).toEqual([
      "q8Zr2LmX9vT4kW7pN3sB",
      "9f86d081884c7d659a2feaa0c55ad015",
    ]);
    expect(detectSecrets(text).every((finding) => !finding.detail.includes("q8Zr"))).toBe(true);
  });

  it("ignores placeholders, references, low-entropy values and public keys", () => {
    const text = [
      'api_key = "your_api_key_here_please"',
      "secret = process.env.FORGE_SECRET_VALUE",
      "password: aaaaaaaaaaaaaaaa1111",
      "-----BEGIN PUBLIC KEY-----",
      "AKIA1234 is too short",
    ].join("\n");
    expect(detectSecrets(text)).toEqual([]);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });
});

describe("profanity", () => {
  const detect = createProfanityDetector();

  it("uses the packaged list and matches whole words case-insensitively, phrases included", () => {
    expect(profanityWordList().length).toBeGreaterThan(300);
    const text = "What the Fuck, you bitch. A blow job joke; sh!t happens";
    expect(spans(text, detect(text))).toEqual(["Fuck", "bitch", "blow job", "sh!t"]);
  });

  it("does not match inside words or context-dependent words", () => {
    expect(
      detect("Scunthorpe class assessment, cocktail, Dickens; the Nazi regime; Almighty God; cum laude"),
    ).toEqual([]);
  });
});
