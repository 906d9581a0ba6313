/**
 * The shape of the code base (issue #18), measured by scripts/structure-report.js: no cycle
 * between module folders (a module may use another's exports only in one direction, and shared
 * plumbing — common, config, database, queue — uses no domain module), and data access only
 * through repositories: outside `*.repository.ts`, entities and src/database no file imports
 * DataSource, EntityManager, Repository or a query builder from typeorm, or injects one.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { report } = require('../../scripts/structure-report.js') as { report: () => { folderCycles: string[][]; plumbingToDomain: string[]; directDataAccess: string[] } };

describe('module graph', () => {
  it('has no cycle between module folders', () => {
    expect(report().folderCycles).toEqual([]);
  });

  it('keeps shared plumbing free of domain modules', () => {
    expect(report().plumbingToDomain).toEqual([]);
  });

  it('keeps TypeORM data access inside repositories and the database module', () => {
    expect(report().directDataAccess).toEqual([]);
  });
});
