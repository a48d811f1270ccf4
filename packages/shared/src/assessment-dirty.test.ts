import { describe, expect, it } from 'vitest';
import { periodsTouched } from './assessment-dirty';

describe('periodsTouched', () => {
  it('an event touches its own quarter and year', () => {
    expect(periodsTouched('2026-11-20')).toEqual(['2026Q4', '2026']);
    expect(periodsTouched('2026-01-01')).toEqual(['2026Q1', '2026']);
  });

  it('an extension reaches back to the earlier deadline, across a year', () => {
    expect(periodsTouched('2027-01-05', '2026-09-30', '2027-03-31')).toEqual(['2026Q3', '2026Q4', '2027Q1', '2026', '2027']);
  });

  it('dates after the event and missing dates change nothing', () => {
    expect(periodsTouched('2026-05-10', '2026-12-31', null, undefined)).toEqual(['2026Q2', '2026']);
  });
});
