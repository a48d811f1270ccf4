// The numbering helper lives in lib/numbering.ts (matters, notices, reports and the new modules share it).
export { nextNumber } from '../../lib/numbering';
