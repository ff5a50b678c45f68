import { describe, expect, it } from 'vitest';
import { evaluateStories, parseStoryPairs, pearson, splitTitle } from './stories.js';

const BRIDGE_A = 'Northhaven closes harbour bridge  The Northhaven council closed the harbour bridge after inspectors found corroded steel supports; repairs will take eighteen months.';
const BRIDGE_B = 'Harbour bridge shut in Northhaven  Corroded supports under the harbour bridge forced Northhaven councillors to shut it for eighteen months of repairs.';
const FLOOD = 'Valley floods after storm  Heavy rain flooded farms in the lower valley near Caldmoor and the water board opened two spillways overnight.';
const ROCKET = 'Rocket launch delayed  A private rocket launch was postponed by high winds over the coastal spaceport, the operator said, with a new window on Friday.';

const csv = [
  'Unnamed: 0,pair_id,lang1,lang2,text1,text2,Geography,Entities,Time,Narrative,Overall,Style,Tone',
  `0,1_2,en,en,"${BRIDGE_A}","${BRIDGE_B}",1,1,1,1,1.0,1,1`,
  `1,1_3,en,en,"${BRIDGE_A}","${FLOOD}",3,4,1,4,4.0,2,2`,
  `2,3_4,en,en,"${FLOOD}","${ROCKET.replace('said', '""said""')}",4,4,2,4,3.5,2,2`,
  `3,2_4,en,en,"${BRIDGE_B}","line one\nline two ${ROCKET}",4,4,2,4,2.0,2,2`,
].join('\n');

describe('eval stories', () => {
  it('reads SemEval-style rows with quoted newlines and doubled quotes, and splits the headline at two spaces', () => {
    const rows = parseStoryPairs(csv);
    expect(rows).toHaveLength(4);
    expect(rows[2]!.text2).toContain('"said"');
    expect(rows[3]!.text2).toContain('line one\nline two');
    expect(splitTitle(BRIDGE_A)).toEqual({ title: 'Northhaven closes harbour bridge', body: expect.stringMatching(/^The Northhaven council/) });
    expect(() => parseStoryPairs('a,b\n1,2')).toThrow(/pair_id, lang1, lang2, text1, text2, Overall/);
  });

  it('scores the same story above different ones, with Pearson signed so that higher is better', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    const r = evaluateStories(parseStoryPairs(csv), { threshold: 0.3 });
    expect(r.all).toMatchObject({ pairs: 4, same: 1, different: 2, middle: 1, tp: 1, fp: 0 });
    expect(r.all.pearson).toBeGreaterThan(0.5);
    expect(r.byLanguage.map((g) => g.languages)).toEqual(['en-en']);
  });
});
