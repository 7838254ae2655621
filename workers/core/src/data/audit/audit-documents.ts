import { type TextDocument } from "../document";
import { exactDuplicateKey, type MinHashOptions, NearDuplicateIndex } from "./duplicates";
import { FINDING_KINDS, type Finding, type FindingKind } from "./finding";
import {
  detectCreditCards,
  detectEmails,
  detectIpv4,
  detectIpv6,
  detectPhoneNumbers,
  detectSecrets,
} from "./pii-detectors";
import { createProfanityDetector } from "./profanity";

export interface AuditFinding extends Finding {
  documentId: string;
}

export interface AuditReport {
  documents: number;
  findings: AuditFinding[];
  /** Findings per kind. */
  counts: Record<FindingKind, number>;
  /** Documents with at least one finding of the kind. */
  documentsWithFinding: Record<FindingKind, number>;
  /** documentsWithFinding / documents, per kind (0 for an empty dataset). */
  rates: Record<FindingKind, number>;
}

export interface AuditOptions {
  minHash?: MinHashOptions;
  /** Replaces the packaged profanity list. */
  profanityWords?: readonly string[];
}

/** Every span detector, findings sorted by position. */
export function createTextDetector(profanityWords?: readonly string[]): (text: string) => Finding[] {
  const detectProfanity = createProfanityDetector(profanityWords);
  return (text: string): Finding[] =>
    [
      ...detectEmails(text),
      ...detectPhoneNumbers(text),
      ...detectIpv4(text),
      ...detectIpv6(text),
      ...detectCreditCards(text),
      ...detectSecrets(text),
      ...detectProfanity(text),
    ].sort((a, b) => a.start - b.start || a.end - b.end);
}

function zeroPerKind(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as Record<FindingKind, number>;
}

/**
 * Runs all detectors over the documents, in order. A duplicate is reported on the later copy, spanning
 * its whole text; an exact duplicate is not reported again as a near duplicate.
 */
export function auditDocuments(documents: Iterable<TextDocument>, options: AuditOptions = {}): AuditReport {
  const detectText = createTextDetector(options.profanityWords);
  const firstByKey = new Map<string, string>();
  const nearDuplicates = new NearDuplicateIndex(options.minHash);
  const findings: AuditFinding[] = [];
  const counts = zeroPerKind();
  const documentsWithFinding = zeroPerKind();
  let documentCount = 0;

  for (const document of documents) {
    documentCount += 1;
    const documentFindings: Finding[] = detectText(document.text);
    const key = exactDuplicateKey(document.text);
    const original = firstByKey.get(key);
    if (original === undefined) {
      firstByKey.set(key, document.id);
      const near = nearDuplicates.add(document.id, document.text);
      if (near) {
        documentFindings.push({
          kind: "near_duplicate",
          start: 0,
          end: document.text.length,
          detail: `near duplicate of ${near.of} (estimated Jaccard ${near.estimatedJaccard.toFixed(2)})`,
        });
      }
    } else {
      documentFindings.push({
        kind: "exact_duplicate",
        start: 0,
        end: document.text.length,
        detail: `duplicate of ${original}`,
      });
    }
    const kindsSeen = new Set<FindingKind>();
    for (const finding of documentFindings) {
      findings.push({ documentId: document.id, ...finding });
      counts[finding.kind] += 1;
      kindsSeen.add(finding.kind);
    }
    for (const kind of kindsSeen) documentsWithFinding[kind] += 1;
  }

  const rates = zeroPerKind();
  for (const kind of FINDING_KINDS)
    rates[kind] = documentCount === 0 ? 0 : documentsWithFinding[kind] / documentCount;
  return { documents: documentCount, findings, counts, documentsWithFinding, rates };
}
