/**
 * The load: autocannon in a process of its own (forked by bench/run.ts), so that making
 * requests never costs the measured processes CPU. It takes one round at a time over IPC and
 * answers with what it saw: completed requests, each one's latency, and the answers that were
 * not a clean GraphQL answer (a non-2xx status, a socket error or timeout, or `errors` in the body).
 */
import autocannon from 'autocannon';

export interface Round {
  url: string;
  /** One caller per connection, in turn: the connections are that many parties asking at once. */
  tokens: string[];
  body: string;
  connections: number;
  durationSeconds: number;
}

export interface RoundResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Latency of each completed request, ms. */
  latencies: number[];
  /** What the errors were: `extensions.code` of an answer's first error, or `HTTP <status>`. */
  kinds: Record<string, number>;
}

function run(round: Round): Promise<RoundResult> {
  const latencies: number[] = [];
  let errors = 0;
  const kinds: Record<string, number> = {};
  let nextCaller = 0;
  const count = (kind: string) => (kinds[kind] = (kinds[kind] ?? 0) + 1);
  const started = performance.now();
  // A GraphQL answer with errors is an error here, whatever its status.
  const onResponse = (status: number, body: string) => {
    const failed = status < 200 || status >= 300;
    if (!failed && !body.includes('"errors"')) return;
    if (!failed) errors++;
    let code: unknown;
    try {
      code = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions?.code;
    } catch {}
    count(typeof code === 'string' ? code : `HTTP ${status}`);
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: round.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: round.body,
        connections: round.connections,
        duration: round.durationSeconds,
        timeout: 30,
        // One caller per connection for the whole round: autocannon resets a request's context
        // after every request of a one-request sequence, so a token chosen in setupRequest moved
        // from connection to connection, and one analyst could have three reports in hand at
        // once (RATE_LIMITED by the report gate's one running and one waiting per caller).
        setupClient: (client: { setRequests(requests: object[]): void }) => {
          const token = round.tokens[nextCaller++ % round.tokens.length];
          client.setRequests([{ headers: { authorization: `Bearer ${token}` }, onResponse }]); // merged with the headers above
        },
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: latencies.length,
          errors: errors + result.non2xx + result.errors, // result.errors counts timeouts too
          seconds: (performance.now() - started) / 1000,
          latencies,
          kinds,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}

process.on('message', (round: Round) => {
  run(round).then(
    (result) => process.send!({ result }),
    (error: Error) => process.send!({ error: error.message }),
  );
});
