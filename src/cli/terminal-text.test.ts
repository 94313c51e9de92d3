import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeBlock, escapeForTerminal, shown, terminalSafeJson } from './terminal-text.js'

/** What must never reach a terminal raw: controls, format characters (bidi, zero-width), separators, lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 })
const anyText = fc.oneof(anyUtf16, fc.string({ unit: 'binary', maxLength: 40 }))

describe('escapeForTerminal', () => {
  it('shows every character that could drive the terminal or hide text as a visible escape', () => {
    expect(escapeForTerminal('Bank\u001b]0;pwned\u0007\u001b[2K')).toBe('Bank\\x1b]0;pwned\\x07\\x1b[2K')
    expect(escapeForTerminal('a\u009b31mb\u007f')).toBe('a\\x9b31mb\\x7f')
    expect(escapeForTerminal('line\r\nnext\tcol\u0000')).toBe('line\\r\\nnext\\tcol\\x00')
    expect(escapeForTerminal('https://bank.example/\u202efdp.exe')).toBe('https://bank.example/\\u202efdp.exe')
    expect(escapeForTerminal('\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c')).toBe(
      '\\u2066\\u2067\\u2068\\u2069\\u202a\\u202b\\u202c\\u202d\\u200e\\u200f\\u061c'
    )
    expect(escapeForTerminal('pay\u200bpal\u00ad\ufeff\u2028\u2029')).toBe('pay\\u200bpal\\xad\\ufeff\\u2028\\u2029')
    expect(escapeForTerminal('tag\u{e0041}')).toBe('tag\\u{e0041}')
    expect(escapeForTerminal('lone \ud800 and \udfff')).toBe('lone \\ud800 and \\udfff')
  })

  it('leaves ordinary text of any script alone', () => {
    for (const text of ['Example Bank', 'Crédit Agricole', 'Банк', 'بنك', '銀行', 'emoji 🏦 ok', 'C:\\path\\x1b', 'did:key:z6Mk']) {
      expect(escapeForTerminal(text)).toBe(text)
    }
  })

  it('never lets an unsafe character through, whatever the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(escapeForTerminal(text)).not.toMatch(UNSAFE)
      })
    )
  })
})

describe('shown``', () => {
  it('escapes each interpolated value, line breaks included, and keeps the literal parts', () => {
    const name = 'Evil\nINVALID signature? no: valid\u001b[1A'
    expect(shown`Request from ${name} <${'https://x.example'}>\n`).toBe(
      'Request from Evil\\nINVALID signature? no: valid\\x1b[1A <https://x.example>\n'
    )
    expect(shown`${42} and ${undefined}`).toBe('42 and undefined')
  })
})

describe('escapeBlock', () => {
  it('keeps line feeds (the block is ours) and escapes everything else unsafe', () => {
    expect(escapeBlock('one\ntwo\r\u001b[2J\u202e\n')).toBe('one\ntwo\\r\\x1b[2J\\u202e\n')
    fc.assert(
      fc.property(anyText, (text) => {
        expect(escapeBlock(text).replaceAll('\n', '')).not.toMatch(UNSAFE)
      })
    )
  })
})

describe('terminalSafeJson', () => {
  it('stays JSON that parses back to the very same value, with nothing unsafe left raw', () => {
    fc.assert(
      fc.property(fc.dictionary(anyText, anyText), (value) => {
        const safe = terminalSafeJson(JSON.stringify(value, null, 2))
        expect(JSON.parse(safe)).toEqual(value)
        expect(safe.replaceAll('\n', '')).not.toMatch(UNSAFE)
      })
    )
    expect(terminalSafeJson(JSON.stringify({ url: 'x\u202ey\u0085\u{e0041}' }))).toBe('{"url":"x\\u202ey\\u0085\\udb40\\udc41"}')
  })
})
