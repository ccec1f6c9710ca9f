/**
 * Preloaded (`node --import`) into a process under test: appends every TCP connection attempt
 * and every host-name lookup it makes to the file named by RECORD_OUTBOUND_FILE, one JSON line
 * each. It only watches, never changes what the process does.
 *
 * Why at the socket layer, not with a proxy alone: the libraries that call out (Apollo's usage
 * reporting over node-fetch, OpenTelemetry's exporter and cloud resource detectors over
 * node:http) do not honour HTTP(S)_PROXY, so only the socket layer sees every attempt.
 */
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import net from 'node:net';

const file = process.env.RECORD_OUTBOUND_FILE;
const record = (kind, target) => {
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, kind, ...target })}\n`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const target =
    typeof first === 'object' && first !== null
      ? { host: first.host ?? 'localhost', port: first.port, path: first.path }
      : typeof first === 'string' && !/^\d+$/.test(first)
        ? { path: first }
        : { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  record('connect', target);
  return connect.apply(this, args);
};

for (const api of [dns, dns.promises]) {
  const lookup = api.lookup;
  api.lookup = function (hostname, ...rest) {
    record('lookup', { host: hostname });
    return lookup.call(this, hostname, ...rest);
  };
}
