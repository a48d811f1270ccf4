// The shared package's single entry (the one barrel STYLE.md allows).
import './zod-zh';

export * from './roles';
export * from './org';
export * from './time';
export * from './password';
export * from './schemas';
export * from './trace-labels';
export * from './field-labels';
export * from './views';
export * from './matter-enums';
export * from './matter-lifecycle';
export * from './matter-schemas';
export * from './calendar';
export * from './calendar-data';
export * from './calendar-import';
export * from './matter-facts';
export * from './planned-progress';
export * from './warning';
export * from './warning-colours';
export * from './warning-reasons';
export * from './warning-thresholds';
export * from './category-schemas';
export * from './workbench';
