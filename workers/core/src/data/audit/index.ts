export { FINDING_KINDS, type Finding, type FindingKind } from "./finding";
export {
  detectCreditCards,
  detectEmails,
  detectIpv4,
  detectIpv6,
  detectPhoneNumbers,
  detectSecrets,
  luhnValid,
  shannonEntropy,
} from "./pii-detectors";
export { createProfanityDetector, profanityWordList } from "./profanity";
export {
  type MinHashOptions,
  type NearDuplicateMatch,
  NearDuplicateIndex,
  duplicateKeyText,
  estimatedJaccard,
  exactDuplicateKey,
  shingleHashes,
} from "./duplicates";
export {
  type AuditFinding,
  type AuditOptions,
  type AuditReport,
  auditDocuments,
  createTextDetector,
} from "./audit-documents";
export { auditReportToCsv, auditReportToJson, csvField } from "./report-export";
