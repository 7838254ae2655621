const stamp = () => new Date().toISOString();

export const log = {
  info: (message: string) => console.log(`${stamp()} [worker] ${message}`),
  warn: (message: string) => console.warn(`${stamp()} [worker] WARN ${message}`),
  error: (message: string) => console.error(`${stamp()} [worker] ERROR ${message}`),
};
