// Runs terminal-frames.js and terminal-messages.js on the cases given on stdin, for TerminalScriptsTest.
// argv[2], argv[3]: file URLs of copies of the two modules. stdin: {"encode": [{"fn", "args"}], "decode": [hex],
// "closes": [[code, reason, opened]], "clocks": [seconds]}; an argument {"hex": "..."} stands for those bytes.
const frames = await import(process.argv[2]);
const messages = await import(process.argv[3]);

let input = "";
for await (const piece of process.stdin) input += piece;
const cases = JSON.parse(input);

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const bytes = (text) => Uint8Array.from(Buffer.from(text, "hex"));
const argument = (a) => (a !== null && typeof a === "object" ? bytes(a.hex) : a);

const encoded = cases.encode.map(({ fn, args }) => {
  try {
    return hex(frames[fn](...args.map(argument)));
  } catch (error) {
    return error.name;
  }
});
const decoded = cases.decode.map((message) => {
  const frame = frames.decode(bytes(message).buffer);
  return frame.type === "output" ? { type: "output", data: hex(frame.data) } : frame;
});
const closes = cases.closes.map(([code, reason, opened]) => messages.describeClose(code, reason, opened));
const clocks = cases.clocks.map((seconds) => messages.clock(seconds));
process.stdout.write(JSON.stringify({ encoded, decoded, closes, clocks, offered: frames.SUBPROTOCOLS }));
