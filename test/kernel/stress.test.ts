import * as assert from 'assert';
import { useKernel, resultText } from './client_driver';
import { stressCells } from './stress_cells';

/** How many bad cells, and the seed that draws them (SCOPEFLOW_STRESS_SEED replays another mix). */
const CELLS = 300;
const SEED = Number(process.env.SCOPEFLOW_STRESS_SEED ?? 16);

describe('kernel stress: a seeded mix of bad cells', function () {
  this.timeout(600000);
  const kernel = useKernel();

  it(`survives ${CELLS} bad cells of every kind (seed ${SEED}), answering 1+1 after each`, async () => {
    const deaths: string[] = [];
    const started = Date.now();
    for (const [index, cell] of stressCells(SEED, CELLS).entries()) {
      const where = `cell ${index} (${cell.kind}): ${cell.code.slice(0, 120)}`;
      let problem: string | undefined;
      try {
        const result = await kernel.client.execute(cell.code, { stop_on_error: false, timeout: 30 });
        if (!['ok', 'error'].includes(String(result.reply.content.status))) problem = `status ${String(result.reply.content.status)}`;
        const check = await kernel.client.execute('1+1', { timeout: 30 });
        if (resultText(check) !== '2') problem = `1+1 gave ${resultText(check)} (${JSON.stringify(check.reply.content).slice(0, 300)})`;
      } catch (e) {
        problem = String(e).split('\n')[0];
      }
      if (problem === undefined) continue;
      deaths.push(`${where}\n  ${problem}`);
      // Go on counting with a fresh kernel.
      await kernel.client.call('restart');
    }
    const seconds = (Date.now() - started) / 1000;
    assert.deepStrictEqual(deaths, [], `${deaths.length} deaths in ${seconds.toFixed(0)} s:\n${deaths.join('\n')}`);
  });
});
