/**
 * The shape of the code base (issue #18), measured by scripts/structure-report.js: no cycle
 * between module folders (a module may use another's exports only in one direction, and shared
 * plumbing — common, config, database, queue — uses no domain module).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { report } = require('../../scripts/structure-report.js') as { report: () => { folderCycles: string[][]; plumbingToDomain: string[] } };

describe('module graph', () => {
  it('has no cycle between module folders', () => {
    expect(report().folderCycles).toEqual([]);
  });

  it('keeps shared plumbing free of domain modules', () => {
    expect(report().plumbingToDomain).toEqual([]);
  });
});
