import { it } from 'vitest';
import { startStack } from './stack.js';
it('probe', async () => {
  const stack = await startStack();
  const token = await stack.token({ role: 'CASE_WORKER', subject: 'cw-0001', municipalityCode: '205' });
  stack.systems.vouchers.setFaults({ failureRate: 1 });
  const res: any = await stack.query('{ client(id: "cl-00001") { firstName currentPlan { status services { serviceType { name } } budget { total { amount } } } vouchers { id } } }', {}, token);
  console.log('RESULT ' + JSON.stringify(res.errors));
  await stack.close();
});
