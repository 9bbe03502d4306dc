import * as assert from 'assert';
import { useKernel, Message, RequestResult, outputsOf } from './client_driver';

/** 200 bad cells of varied kinds: each must come back as an error (or a bounded output), never a dead kernel. */
function badCells(): { code: string; expect: 'error' | 'ok' }[] {
  const cells: { code: string; expect: 'error' | 'ok' }[] = [];
  const kinds: ((i: number) => { code: string; expect: 'error' | 'ok' })[] = [
    (i) => ({ code: `const broken${i} = (;`, expect: 'error' }),                       // syntax error
    (i) => ({ code: `let typed${i}: number = "text ${i}";`, expect: 'error' }),          // type error
    (i) => ({ code: `undefinedName${i}.call()`, expect: 'error' }),                      // unknown name
    (i) => ({ code: `throw ${JSON.stringify(`plain string ${i}`)}`, expect: 'error' }),  // non-Error throws
    (i) => ({ code: `throw ${i}`, expect: 'error' }),
    () => ({ code: 'throw null', expect: 'error' }),
    () => ({ code: 'throw undefined', expect: 'error' }),
    (i) => ({ code: `throw { code: ${i}, toString() { throw new Error("nested") } }`, expect: 'error' }),
    (i) => ({ code: `throw Symbol("s${i}")`, expect: 'error' }),
    (i) => ({ code: `await Promise.reject(new Error("rejected ${i}"))`, expect: 'error' }),
    (i) => ({ code: `await Promise.reject("rejected with a string ${i}")`, expect: 'error' }),
    (i) => ({ code: `Promise.reject(new Error("never awaited ${i}")); "${i}"`, expect: 'ok' }),
    (i) => ({ code: `setTimeout(() => { throw new Error("thrown later ${i}") }, 0); ${i}`, expect: 'ok' }),
    () => ({ code: 'function recurse(n: number): number { return recurse(n + 1) + 1 }\nrecurse(0)', expect: 'error' }),
    () => ({ code: 'null as unknown as { x: number }).x', expect: 'error' }),
    () => ({ code: '(null as unknown as { x: number }).x', expect: 'error' }),
    () => ({ code: 'const cyclic: Record<string, unknown> = {}; cyclic.self = cyclic; cyclic', expect: 'ok' }),
    () => ({ code: '"y".repeat(3_000_000)', expect: 'ok' }),                             // huge value
    () => ({ code: 'console.log("z".repeat(2_000_000))', expect: 'ok' }),                // huge stream
    () => ({ code: 'for (let k = 0; k < 5000; k++) console.log(k)', expect: 'ok' }),     // many writes
    () => ({ code: '({ [Symbol.for("Jupyter.display")]() { throw new Error("bad display") } })', expect: 'error' }),
    () => ({ code: '({ [Symbol.for("Jupyter.display")]() { return 42 } })', expect: 'ok' }),
    () => ({ code: 'display(1, { raw: true })', expect: 'error' }),
    () => ({ code: 'import { nothing } from "no-such-module-anywhere"', expect: 'error' }),
    () => ({ code: 'require("no-such-module-anywhere")', expect: 'error' }),
  ];
  for (let i = 0; cells.length < 200; i++) cells.push(kinds[i % kinds.length](i));
  return cells;
}

describe('kernel with bad input', function () {
  this.timeout(180000);
  const kernel = useKernel();

  it('answers 200 bad cells, each with an error reply or a bounded output, and stays alive', async () => {
    const cells = badCells();
    for (const [index, cell] of cells.entries()) {
      const result = await kernel.client.execute(cell.code, { stop_on_error: false });
      const where = `cell ${index}: ${cell.code.slice(0, 80)}`;
      assert.strictEqual(result.reply.content.status, cell.expect, `${where}\n${JSON.stringify(result.reply.content).slice(0, 500)}`);
      if (cell.expect === 'error') {
        const error = outputsOf(result, 'error')[0];
        assert.ok(error, `${where}: no error message on iopub`);
        assert.ok(String(error.content.ename).length > 0, `${where}: empty ename`);
        assert.strictEqual(typeof error.content.evalue, 'string');
      }
      const published = result.iopub.reduce((n, m) => n + JSON.stringify(m.content).length, 0);
      assert.ok(published < 12 * 1024 * 1024, `${where}: ${published} characters published`);
    }
    const alive = await kernel.client.execute('"still here"');
    assert.strictEqual(alive.reply.content.status, 'ok');
  });

  async function rawRequest(parts: { header?: string; parent_header?: string; metadata?: string; content?: string }): Promise<Message[]> {
    const header = parts.header ?? (await kernel.client.call<{ json: string }>('header', { msg_type: 'execute_request' })).json;
    await kernel.client.call('raw_message', { header, parent_header: parts.parent_header ?? '{}', metadata: parts.metadata ?? '{}', content: parts.content ?? '{}', signature: 'valid' });
    return (await kernel.client.call<{ replies: Message[] }>('collect_replies', { timeout: 0.7 })).replies;
  }

  it('answers signed messages with bad JSON, missing fields or wrong types with an error reply', async () => {
    const cases: { name: string; parts: Parameters<typeof rawRequest>[0]; ename: string }[] = [
      { name: 'content not JSON', parts: { content: '{"code": ' }, ename: 'MalformedMessage' },
      { name: 'content an array', parts: { content: '[1, 2]' }, ename: 'MalformedMessage' },
      { name: 'metadata not JSON', parts: { metadata: 'nope', content: '{"code": "1"}' }, ename: 'MalformedMessage' },
      { name: 'parent_header a string', parts: { parent_header: '"x"', content: '{"code": "1"}' }, ename: 'MalformedMessage' },
      { name: 'code missing', parts: { content: '{"silent": false}' }, ename: 'BadRequest' },
      { name: 'code a number', parts: { content: '{"code": 5}' }, ename: 'BadRequest' },
      { name: 'silent a string', parts: { content: '{"code": "1", "silent": "yes"}' }, ename: 'BadRequest' },
      { name: 'user_expressions a list', parts: { content: '{"code": "1", "user_expressions": [1]}' }, ename: 'BadRequest' },
    ];
    for (const c of cases) {
      const replies = await rawRequest(c.parts);
      assert.strictEqual(replies.length, 1, `${c.name}: ${JSON.stringify(replies)}`);
      assert.strictEqual(replies[0].msg_type, 'execute_reply', c.name);
      assert.strictEqual(replies[0].content.status, 'error', c.name);
      assert.strictEqual(replies[0].content.ename, c.ename, c.name);
    }
    for (const [msgType, content] of [['complete_request', '{"code": 1}'], ['inspect_request', '{"code": "x", "cursor_pos": "end"}'], ['history_request', '{"hist_access_type": "everything"}'], ['no_such_request', '{}']] as const) {
      const header = (await kernel.client.call<{ json: string }>('header', { msg_type: msgType })).json;
      const replies = await rawRequest({ header, content });
      assert.strictEqual(replies.length, 1, msgType);
      assert.strictEqual(replies[0].msg_type, msgType.replace(/_request$/, '_reply'));
      assert.strictEqual(replies[0].content.status, 'error', msgType);
    }
    const alive: RequestResult = await kernel.client.execute('1 + 1');
    assert.strictEqual(alive.reply.content.status, 'ok');
  });

  it('drops frames it cannot trust (no delimiter, too few frames, unparseable header) and stays alive', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    await kernel.client.call('raw', { frames_b64: [b64('garbage')] });
    await kernel.client.call('raw', { frames_b64: [b64('<IDS|MSG>'), b64('sig')] });
    await kernel.client.call('raw_message', { header: '{not json', signature: 'valid' });
    await kernel.client.call('raw_message', { header: '{"msg_id": 1}', signature: 'valid' });
    const replies = await kernel.client.call<{ replies: Message[] }>('collect_replies', { timeout: 0.7 });
    assert.deepStrictEqual(replies.replies, []);
    assert.strictEqual((await kernel.client.execute('"alive"')).reply.content.status, 'ok');
  });
});
