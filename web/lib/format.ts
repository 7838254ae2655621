const UNITS = ["", "K", "M", "G", "T", "P"];

/** 5910528 -> "5.91M"; keeps three significant digits. */
export function formatCount(value: number): string {
  let unit = 0;
  let scaled = Math.abs(value);
  while (scaled >= 1000 && unit < UNITS.length - 1) {
    scaled /= 1000;
    unit++;
  }
  const digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  return `${value < 0 ? "-" : ""}${scaled.toFixed(unit === 0 ? 0 : digits)}${UNITS[unit]}`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  let scaled = Math.abs(bytes);
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${bytes < 0 ? "-" : ""}${scaled.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatSigned(value: number, format: (v: number) => string): string {
  return value > 0 ? `+${format(value)}` : value < 0 ? `-${format(-value)}` : "±0";
}

export const formatPercent = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)}%`;

export const shortHash = (hash: string) => hash.slice(0, 10);
