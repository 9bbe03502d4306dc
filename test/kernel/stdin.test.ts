import * as assert from 'assert';
import { useKernel, Message, RequestResult, outputsOf, resultText, streamText } from './client_driver';

type InputResult = RequestResult & { input_requests: Message[] };

/** input() / password() in cells: input_request and input_reply on the stdin channel, through jupyter_client. */
describe('kernel stdin through jupyter_client', function () {
  this.timeout(60000);
  const kernel = useKernel();

  function run(code: string, answers: string[], options: Record<string, unknown> = {}): Promise<InputResult> {
    return kernel.client.call<InputResult>('execute_input', { code, answers, ...options });
  }

  it('asks with input_request and resumes the cell with the reply', async () => {
    const result = await run('const who = await input("Your name? ");\nconsole.log(`hello ${who}`);\nwho.length', ['Ada']);
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.strictEqual(result.input_requests.length, 1);
    const request = result.input_requests[0];
    assert.strictEqual(request.msg_type, 'input_request');
    assert.deepStrictEqual(request.content, { prompt: 'Your name? ', password: false });
    // The input request is a child of the execute request, like every output of the cell.
    assert.strictEqual(request.parent_msg_id, result.reply.parent_msg_id);
    assert.strictEqual(streamText(result), 'hello Ada\n');
    assert.strictEqual(resultText(result), '3');
    // The value stays a typed string in later cells.
    assert.strictEqual(resultText(await kernel.client.execute('who.toUpperCase()')), "'ADA'");
  });

  it('asks for a password with password: true', async () => {
    const result = await run('const secret = await password("Secret: ");\nsecret.split("").reverse().join("")', ['s3cret']);
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.deepStrictEqual(result.input_requests.map((m) => m.content), [{ prompt: 'Secret: ', password: true }]);
    assert.strictEqual(resultText(result), "'terc3s'");
  });

  it('takes replies without a parent header (jupyter_client kc.input), in order, with an empty default prompt', async () => {
    const code = 'const first = await input();\nconst second = await input("again> ");\n`${first}|${second}`';
    const result = await run(code, ['one', 'two words '], { with_parent: false });
    assert.strictEqual(result.reply.content.status, 'ok', JSON.stringify(result.reply.content));
    assert.deepStrictEqual(result.input_requests.map((m) => m.content.prompt), ['', 'again> ']);
    assert.strictEqual(resultText(result), "'one|two words '");
  });

  it('sends text printed before the prompt first', async () => {
    const result = await run('console.log("before"); const answer = await input("? "); console.log("after", answer)', ['x']);
    assert.strictEqual(streamText(result), 'before\nafter x\n');
  });

  it('raises StdinNotImplementedError when the front end does not allow stdin', async () => {
    const result = await run('const never = await input("nobody answers: ")', ['unused'], { allow_stdin: false });
    assert.strictEqual(result.input_requests.length, 0);
    assert.strictEqual(result.reply.content.status, 'error');
    assert.strictEqual(result.reply.content.ename, 'StdinNotImplementedError');
    assert.match(String(result.reply.content.evalue), /does not support input requests.*allow_stdin: false/);
    // A cell can catch it and fall back.
    const fallback = await run('let chosen = "default";\ntry { chosen = await input("? "); } catch (e) { chosen = `${(e as Error).name}: fallback`; }\nchosen', [], { allow_stdin: false });
    assert.strictEqual(resultText(fallback), "'StdinNotImplementedError: fallback'");
    assert.strictEqual(resultText(await kernel.client.execute('"alive"')), "'alive'");
  });

  it('is typed: input() resolves to a string', async () => {
    const result = await run('const n: number = await input("number? ")', ['1']);
    assert.strictEqual(result.reply.content.ename, 'TSError');
    assert.strictEqual(result.input_requests.length, 0, 'a cell with a type error never runs');
    const badPrompt = await run('await input(42)', []);
    assert.strictEqual(badPrompt.reply.content.ename, 'TSError');
  });

  it('stops a cell waiting for input when interrupted, and answers the next cell', async () => {
    const result = await run('const late = await input("waiting: ")', [], { interrupt_when_asked: true });
    assert.strictEqual(result.input_requests.length, 1);
    assert.strictEqual(result.reply.content.ename, 'KeyboardInterrupt', JSON.stringify(result.reply.content));
    const next = await run('await input("next: ")', ['fresh']);
    assert.strictEqual(resultText(next), "'fresh'");
  });

  it('refuses input requested after the cell finished', async () => {
    const setup = await run('(globalThis as any).lateInput = new Promise((resolve) => setTimeout(() => input("late? ").then(resolve, (e: Error) => resolve(`${e.name}: ${e.message}`)), 50)); 0', []);
    assert.strictEqual(setup.reply.content.status, 'ok');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const late = await kernel.client.execute('await (globalThis as any).lateInput');
    assert.match(String(resultText(late)), /StdinNotImplementedError: input\(\) was called after its cell finished/);
  });

  it('ignores an input_reply nobody asked for', async () => {
    await kernel.client.call('raw_message', {
      header: (await kernel.client.call<{ json: string }>('header', { msg_type: 'input_reply' })).json,
      content: JSON.stringify({ value: 'stray' }), channel: 'stdin',
    });
    const result = await run('await input("fresh? ")', ['mine']);
    assert.strictEqual(resultText(result), "'mine'");
    assert.strictEqual(outputsOf(result, 'error').length, 0);
  });
});
