import { strict as assert } from 'node:assert';
import { MAX_PAGE_TEXT, parsePageMessage } from '../../../src/webview/protocol';

describe('webview/protocol: messages and state from the page are checked for type and shape', () => {
  const accepted: [string, unknown][] = [
    ['ready', { type: 'ready' }],
    ['changed', { type: 'changed', text: '{}', dirty: true }],
    ['save', { type: 'save', text: '{"Version":"2012-10-17"}' }],
    ['makeDefault', { type: 'makeDefault' }],
    ['catalog services', { type: 'catalog', id: 0, method: 'services', params: {} }],
    ['catalog service', { type: 'catalog', id: 3, method: 'service', params: { prefix: 's3' } }],
    ['catalog conditionKey', { type: 'catalog', id: 4, method: 'conditionKey', params: { key: 'aws:SourceIp' } }],
    ['testResult', { type: 'testResult', id: 1, snapshot: { text: '' } }],
  ];
  for (const [title, raw] of accepted) {
    it(`accepts ${title}`, () => {
      assert.deepEqual(parsePageMessage(raw), raw);
    });
  }

  const refused: [unknown, RegExp][] = [
    [null, /not an object/],
    ['save', /not an object/],
    [[], /not an object/],
    [{}, /no type/],
    [{ type: 'delete' }, /unknown type "delete"/],
    // Revert is VS Code's own (Revert File): the page cannot ask for it.
    [{ type: 'revert' }, /unknown type "revert"/],
    [{ type: 'save', text: 42 }, /"save" without a text string/],
    [{ type: 'save', text: 'x'.repeat(MAX_PAGE_TEXT + 1) }, /"save" without a text string/],
    [{ type: 'changed', text: 'x' }, /without a dirty flag/],
    [{ type: 'changed', text: {}, dirty: false }, /"changed" without a text string/],
    [{ type: 'catalog', id: -1, method: 'services', params: {} }, /without a numeric id/],
    [{ type: 'catalog', id: 1.5, method: 'services', params: {} }, /without a numeric id/],
    [{ type: 'catalog', id: 1, method: 'constructor', params: {} }, /unknown method/],
    [{ type: 'catalog', id: 1, method: '__proto__', params: {} }, /unknown method/],
    [{ type: 'catalog', id: 1, method: 'service', params: { prefix: 1 } }, /malformed parameters/],
    [{ type: 'catalog', id: 1, method: 'service', params: null }, /malformed parameters/],
    [{ type: 'testResult', id: 1 }, /without an id and a snapshot/],
  ];
  for (const [raw, why] of refused) {
    it(`refuses ${JSON.stringify(raw)?.slice(0, 60) ?? String(raw)}`, () => {
      const result = parsePageMessage(raw);
      assert.equal(typeof result, 'string');
      assert.match(result as string, why);
    });
  }
});
