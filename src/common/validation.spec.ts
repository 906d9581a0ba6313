import * as fs from 'node:fs';
import * as path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { flattenValidationErrors, labelOf } from './validation';

/** Every request DTO of the API (src/**\/*.dto.ts), loaded so their validation rules are registered. */
async function loadAllDtos(dir: string): Promise<void> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await loadAllDtos(full);
    else if (entry.name.endsWith('.dto.ts')) await import(full);
  }
}

describe('validation messages', () => {
  it('name every validated field of every request by its Chinese label, as the forms do', async () => {
    await loadAllDtos(path.join(__dirname, '..'));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { propertyName: string }[]> };
    const fields = new Set<string>();
    for (const list of storage.validationMetadatas.values()) for (const m of list) fields.add(m.propertyName);
    expect(fields.size).toBeGreaterThan(50);
    expect([...fields].filter((field) => labelOf(field) === field).sort()).toEqual([]);
  });

  it('writes the label without the API name, but names a field the request may not have as sent', () => {
    const errors = flattenValidationErrors([
      { property: 'unitId', constraints: { isInt: 'unitId must be an integer number' }, children: [] },
      { property: 'colour', constraints: { whitelistValidation: 'property colour should not exist' }, children: [] },
    ]);
    expect(errors).toEqual([
      { field: 'unitId', message: '单位必须是整数' },
      { field: 'colour', message: '不支持字段 colour，请删除它' },
    ]);
  });
});
