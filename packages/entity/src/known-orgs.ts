/**
 * Intergovernmental organisations and groupings, written for this project: news names them all
 * the time and no data package lists them.
 */
export const INTERGOVERNMENTAL: readonly string[] = [
  'G7', 'G8', 'G20', 'G-7', 'G-8', 'G-20', 'APEC', 'ASEAN', 'OPEC', 'NATO', 'United Nations', 'UN', 'U.N.', 'European Union', 'EU',
  'African Union', 'Arab League', 'BRICS', 'OECD', 'IMF', 'International Monetary Fund', 'World Bank', 'WTO',
  'World Trade Organization', 'WHO', 'World Health Organization', 'UNESCO', 'UNICEF', 'UNHCR', 'Interpol', 'OSCE',
  'Council of Europe', 'Commonwealth', 'Mercosur', 'Shanghai Cooperation Organisation', 'SCO', 'Gulf Cooperation Council',
  'GCC', 'Security Council', 'General Assembly', 'European Commission', 'European Parliament', 'European Central Bank', 'ECB',
  'IAEA', 'International Atomic Energy Agency', 'Red Cross', 'International Criminal Court', 'ICC', 'Eurasian Economic Union',
];

