import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateCatalogFile as validateSchema } from '../schema/validators.ts';
import type { Catalog } from '../model/catalog.ts';
import { checkCatalogInvariants } from './catalog.ts';
import { DataFileError } from './errors.ts';

/** Checks a parsed catalog file against schemas/catalog.schema.json and the catalog invariants; throws DataFileError. */
export function loadCatalog(json: unknown, file = 'catalog.json'): Catalog {
  if (!validateSchema(json)) throw new DataFileError(file, formatSchemaErrors(validateSchema.errors, file));
  return checkCatalogInvariants(json as unknown as Catalog, file);
}
