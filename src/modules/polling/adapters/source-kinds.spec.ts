import { platformRegistry } from '../../platforms/platform-registry';
import { SOURCE_KINDS } from './types';

describe('source kinds named by the platform registry', () => {
  it('are kinds the polling module knows, and feeds and manual imports apply to every platform', () => {
    for (const platform of platformRegistry.listEntries()) {
      for (const kind of platform.sourceKinds) expect(SOURCE_KINDS).toContain(kind);
      expect(platform.sourceKinds).toEqual(expect.arrayContaining(['feed', 'manual']));
    }
  });
});
