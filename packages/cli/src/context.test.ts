import { describe, expect, it } from 'vitest';
import { escapeJsonText, jsonText, terminalCell, terminalSafe } from './context.js';

describe('terminalSafe', () => {
  it.each([
    ['OSC 0 window title, BEL-terminated', 'a\x1b]0;pwned\x07b', 'ab'],
    ['OSC 52 clipboard write', 'a\x1b]52;c;ZXZpbA==\x07b', 'ab'],
    ['OSC 8 link, ST-terminated: the link text stays', '\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['8-bit OSC ended by 8-bit ST', 'a\u009d0;t\u009cb', 'ab'],
    ['CSI colour, 7-bit and 8-bit', '\x1b[1;31mred\x1b[0m \u009b31mred', 'red red'],
    ['CSI with private parameters', '\x1b[?1049hx', 'x'],
    ['DCS, APC, PM and SOS strings', '\x1bPq#0\x1b\\a\x1b_apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d', 'abcd'],
    ['two-character and designator escapes', '\x1bcA\x1b(BB\x1b7C', 'ABC'],
    ['an unterminated OSC stops at the line break', 'x\x1b]0;title\nnext line', 'x\nnext line'],
    ['a lone ESC at the end', 'end\x1b', 'end'],
    ['CR (overwrites the line), BS, DEL and C1', 'a\rb\bc\x7fd\u0085e', 'abcde'],
    ['bidi override and isolate', 'abc\u202edef\u2066g\u2069', 'abcdefg'],
    ['tab and line feed are kept', 'a\tb\nc', 'a\tb\nc'],
    ['ordinary text, accents and RTL script untouched', 'Zürich — «ok» שלום', 'Zürich — «ok» שלום'],
  ])('%s', (_what, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('leaves no ESC behind when removing one sequence forms another', () => {
    expect(terminalSafe('\x1b\x1b[0m]0;pwned\x07')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('turns tabs and line breaks into spaces in a table cell', () => {
    expect(terminalCell('a\tb\nc\x1b[31m')).toBe('a b c');
  });
});

describe('jsonText', () => {
  it('escapes DEL, C1, bidi controls and line separators as well as C0, and parses back to the same value', () => {
    const value = { t: 'a\x1b]0;x\x07\u009b31m\x7f\u202e\u2028z' };
    const text = jsonText(value);
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(text).toContain('\\u009b31m');
    expect(JSON.parse(text)).toEqual(value);
    expect(escapeJsonText('"plain"')).toBe('"plain"');
  });
});
