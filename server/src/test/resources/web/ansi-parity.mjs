// Runs ansi.js's LogParser on the cases given on stdin, as LogParserParityTest runs LogParser.java on them.
// argv[2]: the path of a copy of ansi.js. stdin: {"cases": [{"chunks": [{"data": base64, "at": n|null}]}]}
const { LogParser } = await import(process.argv[2]);

let input = "";
for await (const piece of process.stdin) input += piece;
const { cases } = JSON.parse(input);

const results = cases.map(({ chunks }) => {
  const parser = new LogParser();
  const events = [];
  const previews = [];
  for (const chunk of chunks) {
    events.push(...parser.push(Uint8Array.from(Buffer.from(chunk.data, "base64")), chunk.at));
    previews.push(parser.preview());
  }
  const state = parser.state();
  events.push(...parser.finish());
  return { events, previews, state };
});
process.stdout.write(JSON.stringify(results));
