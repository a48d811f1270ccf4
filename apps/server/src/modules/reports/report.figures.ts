export type { ReportFigures, ReportSections } from '@duban/shared';
