import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@duban/shared';
import { landingSection, landsOnCockpit, landsOnGridPhone } from './landing';

describe('where the workbench lands', () => {
  it('opens the first tab with something waiting, not an empty 待签收', () => {
    const office = [
      { key: 'to_sign' as const, count: 0 },
      { key: 'to_report' as const, count: 0 },
      { key: 'to_review_completion' as const, count: 40 },
      { key: 'to_approve_extension' as const, count: 13 },
    ];
    expect(landingSection(office)).toBe('to_review_completion');
    expect(landingSection([{ key: 'to_sign', count: 2 }, { key: 'overdue', count: 9 }])).toBe('to_sign');
    expect(landingSection([{ key: 'to_sign', count: 0 }, { key: 'to_report', count: 0 }])).toBe('to_sign');
    expect(landingSection([])).toBeUndefined();
  });

  it('sends a reader of the cockpit with no workbench cards to the cockpit', () => {
    const cards = ['matter.handle', 'matter.manage', 'org.manage'] as const;
    expect(landsOnCockpit(['org.read', 'matter.read', 'cockpit.read'], cards)).toBe(true);
    expect(landsOnCockpit(['matter.read', 'matter.manage', 'cockpit.read'], cards)).toBe(false);
    expect(landsOnCockpit(['matter.read', 'matter.handle'], cards)).toBe(false);
  });

  it('sends a 网格长 with nothing on the workbench to the phone page; a 网格长 who is also a liaison keeps the workbench', () => {
    const cards = ['matter.handle', 'matter.manage', 'org.manage'] as const;
    expect(landsOnGridPhone(['grid_leader'], ROLE_PERMISSIONS.grid_leader, cards)).toBe(true);
    expect(landsOnGridPhone(['grid_leader', 'liaison'], [...ROLE_PERMISSIONS.grid_leader, ...ROLE_PERMISSIONS.liaison], cards)).toBe(false);
    expect(landsOnGridPhone(['handler'], ROLE_PERMISSIONS.handler, cards)).toBe(false);
  });
});
