export type ReportFigures = Record<string, unknown>;
export type ReportSections = Record<string, unknown>;
