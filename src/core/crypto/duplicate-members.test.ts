import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findDuplicateMember } from './duplicate-members.js'

describe('findDuplicateMember', () => {
  it('finds a name given twice, at the top level and at any depth, and says where', () => {
    expect(findDuplicateMember('{"purpose":"a","purpose":"b"}')).toEqual({ name: 'purpose', where: '' })
    expect(findDuplicateMember('{"requester":{"name":"A","url":"x","name":"B"}}')).toEqual({ name: 'name', where: 'requester' })
    expect(findDuplicateMember('{"fields":[{"path":"a.b"},{"path":"c.d","path":"e.f"}]}')).toEqual({ name: 'path', where: 'fields[1]' })
    expect(findDuplicateMember('[[1],{"a":{"b":[0,{"c":1,"c":2}]}}]')).toEqual({ name: 'c', where: '[1].a.b[1]' })
  })

  it('compares decoded names: an escape does not make a new name', () => {
    expect(findDuplicateMember('{"purpose":"a","\\u0070urpose":"b"}')).toEqual({ name: 'purpose', where: '' })
    expect(findDuplicateMember('{"a\\"b":1,"a\\u0022b":2}')).toEqual({ name: 'a"b', where: '' })
  })

  it('is not fooled by names inside strings, escaped quotes, or the same name in sibling objects', () => {
    expect(findDuplicateMember('{"a":"{\\"a\\":1,\\"a\\":2}","b":"\\\\","c":"\\\\\\""}')).toBeUndefined()
    expect(findDuplicateMember('{"x":{"a":1},"y":{"a":1},"z":[{"a":1},{"a":2}]}')).toBeUndefined()
    expect(findDuplicateMember('{"a":{},"b":[],"c":[{}],"d":"a"}')).toBeUndefined()
    expect(findDuplicateMember(' { "a" : 1 , "b" : { "a" : 2 } } ')).toBeUndefined()
  })

  it('finds nothing in any JSON.stringify output, and always finds a member repeated on purpose', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findDuplicateMember(JSON.stringify(value, null, 1))).toBeUndefined()
      })
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.jsonValue(), (object, other) => {
        const text = JSON.stringify(object)
        const name = Object.keys(object)[0]!
        // the same object, nested, with its first member given once more at the end
        const doubled = `{"outer":[${text.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(other)}}]}`
        expect(findDuplicateMember(doubled)).toEqual({ name, where: 'outer[0]' })
      })
    )
  })
})
