// The CLI's version (shared by --version and tools that report it, e.g. SARIF output).
export const VERSION = '0.1.0';
