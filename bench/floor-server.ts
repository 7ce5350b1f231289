/**
 * The API benchmark's floor: the least a Node HTTP server can do per create — parse the JSON body
 * and insert it into SQLite (WAL, group commit per event-loop turn, like the kts store) — run as
 * its own process, loaded by the same client as kts. Usage: node floor-server.js <db> <port>
 */
import { createServer } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';

const [dbPath, port] = process.argv.slice(2) as [string, string];
const db = new BetterSqlite3(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS objects (id INTEGER PRIMARY KEY, name TEXT UNIQUE, body BLOB)');
const insert = db.prepare('INSERT INTO objects (name, body) VALUES (?, ?)');
let pending: { name: string; body: string; done: (id: number) => void }[] = [];
const commit = db.transaction((batch: typeof pending) => batch.map((p) => Number(insert.run(p.name, p.body).lastInsertRowid)));

function flush(): void {
  const batch = pending;
  pending = [];
  commit(batch).forEach((id, i) => batch[i]!.done(id));
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const object = JSON.parse(body) as { metadata: { name: string } };
    if (pending.length === 0) setImmediate(flush);
    pending.push({
      name: object.metadata.name,
      body,
      done: (id) => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: String(id) } }));
      },
    });
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
