// A job's log as events: lines of styled text and GitLab's collapsible sections. The same machine as the server's
// LogParser.java, rule for rule, so that lines appended live look exactly like lines the server rendered; change
// both together (LogParserParityTest runs both on the same bytes). No DOM here: job-log.js draws the events.
//
// Events: {type: "start", name, time, collapsed, hideDuration}, {type: "end", name, time},
//         {type: "line", number, segments: [{text, classes, css}], at, stamp, header}

const MARKER = /section_(start|end):(\d{1,15}):([A-Za-z0-9_.-]+)(?:\[([^\]\r\n]*)\])?\r\u001b\[0?K/y;
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) [0-9a-fA-F]{2}[OE][+ ]/;
const ESC = "\u001b";

export const START = Object.freeze({
  style: { fg: -1, bg: -1, bold: false, italic: false, underline: false },
  sections: [],
  lines: 0,
});

export class LogParser {
  /** state: what carries between lines, as LogParser.State on the server (the page gets it as JSON). */
  constructor(state = START) {
    this.decoder = new TextDecoder("utf-8");
    const style = state.style;
    this.fg = style.fg;
    this.bg = style.bg;
    this.bold = style.bold;
    this.italic = style.italic;
    this.underline = style.underline;
    this.sections = state.sections.map((s) => ({ name: s.name, time: s.time }));
    this.lines = state.lines;
    this.pending = "";
    this.pendingAt = null;
    this.segments = [];
    this.carriageReturn = false;
    this.headerPending = false;
    this.hadMarker = false;
  }

  state() {
    return {
      style: { fg: this.fg, bg: this.bg, bold: this.bold, italic: this.italic, underline: this.underline },
      sections: this.sections.map((s) => ({ name: s.name, time: s.time })),
      lines: this.lines,
    };
  }

  /** Bytes (Uint8Array) that arrived at `at` (epoch ms, or null); returns the events of the lines they complete. */
  push(bytes, at) {
    return this.pushText(this.decoder.decode(bytes, { stream: true }), at);
  }

  pushText(text, at) {
    const events = [];
    if (text.length === 0) return events;
    if (this.pending.length === 0) this.pendingAt = at;
    this.pending += text;
    let newline;
    while ((newline = this.pending.indexOf("\n")) >= 0) {
      const line = this.pending.substring(0, newline);
      this.pending = this.pending.substring(newline + 1);
      this.parseLine(line, this.pendingAt, events);
      this.pendingAt = this.pending.length === 0 ? null : at;
    }
    return events;
  }

  /** The end of the log: the unfinished last line is parsed as it is. */
  finish() {
    const events = this.pushText(this.decoder.decode(), this.pendingAt);
    if (this.pending.length > 0) {
      const line = this.pending;
      this.pending = "";
      this.parseLine(line, this.pendingAt, events);
    }
    return events;
  }

  /** The lines the unfinished last line would make if the log ended now, without consuming it. */
  preview() {
    if (this.pending.length === 0) return [];
    const copy = new LogParser(this.state());
    const events = [];
    copy.parseLine(this.pending, this.pendingAt, events);
    return events.filter((e) => e.type === "line");
  }

  parseLine(raw, at, events) {
    let stamp = null;
    const stamped = STAMP.exec(raw);
    if (stamped) {
      stamp = stamped[1];
      raw = raw.substring(stamped[0].length);
    }
    this.segments = [];
    this.carriageReturn = false;
    this.headerPending = false;
    this.hadMarker = false;
    let text = "";
    const flush = () => {
      if (text.length > 0) this.addText(text);
      text = "";
    };
    let i = 0;
    const n = raw.length;
    while (i < n) {
      const c = raw[i];
      let marker = null;
      if (c === "s" && raw.startsWith("section_", i)) {
        MARKER.lastIndex = i;
        marker = MARKER.exec(raw);
      }
      if (marker) {
        flush();
        this.onMarker(marker, at, stamp, events);
        i = i + marker[0].length;
      } else if (c === ESC) {
        flush();
        i = this.escape(raw, i);
      } else if (c === "\r") {
        flush();
        this.carriageReturn = true;
        i++;
      } else if (c === "\t" || (c >= " " && c !== "\u007f")) {
        if (this.carriageReturn) {
          text = "";
          this.segments = [];
          this.carriageReturn = false;
        }
        text += c;
        i++;
      } else {
        i++; // other control characters: nothing to show
      }
    }
    flush();
    if (this.headerPending || this.segments.length > 0 || !this.hadMarker) {
      this.emitLine(at, stamp, events);
    }
  }

  onMarker(marker, at, stamp, events) {
    const start = marker[1] === "start";
    const time = Number(marker[2]);
    const name = marker[3];
    if (this.headerPending || this.segments.length > 0) this.emitLine(at, stamp, events);
    this.hadMarker = true;
    if (start) {
      const options = marker[4] === undefined ? "" : marker[4];
      events.push({
        type: "start", name, time,
        collapsed: option(options, "collapsed"), hideDuration: option(options, "hide_duration"),
      });
      this.sections.push({ name, time });
      this.headerPending = true;
    } else {
      let open = -1;
      for (let k = this.sections.length - 1; k >= 0; k--) {
        if (this.sections[k].name === name) {
          open = k;
          break;
        }
      }
      while (open >= 0 && this.sections.length > open) {
        const closed = this.sections.pop();
        events.push({ type: "end", name: closed.name, time });
      }
    }
  }

  emitLine(at, stamp, events) {
    this.lines++;
    events.push({
      type: "line", number: this.lines, segments: this.segments, at, stamp, header: this.headerPending,
    });
    this.segments = [];
    this.carriageReturn = false;
    this.headerPending = false;
  }

  /** Parses the escape sequence at i; returns where the text after it starts. */
  escape(raw, i) {
    const n = raw.length;
    if (i + 1 >= n) return n;
    const kind = raw[i + 1];
    if (kind === "[") {
      let j = i + 2;
      while (j < n && raw.charCodeAt(j) >= 0x30 && raw.charCodeAt(j) <= 0x3f) j++;
      const params = raw.substring(i + 2, j);
      while (j < n && raw.charCodeAt(j) >= 0x20 && raw.charCodeAt(j) <= 0x2f) j++;
      if (j >= n || raw.charCodeAt(j) < 0x40 || raw.charCodeAt(j) > 0x7e) {
        return j >= n ? n : j; // unfinished or broken: drop what was read
      }
      const command = raw[j];
      if (command === "m") this.sgr(params);
      else if (command === "K") this.erase(params);
      return j + 1;
    }
    if (kind === "]") {
      for (let j = i + 2; j < n; j++) {
        if (raw[j] === "\u0007") return j + 1;
        if (raw[j] === ESC && j + 1 < n && raw[j + 1] === "\\") return j + 2;
      }
      return n;
    }
    if (kind === "(" || kind === ")" || kind === "*" || kind === "+") return Math.min(n, i + 3);
    return i + 2;
  }

  erase(params) {
    if (params === "2" || (this.carriageReturn && (params === "" || params === "0"))) {
      this.segments = [];
      this.carriageReturn = false;
    }
  }

  sgr(params) {
    const codes = params.split(/[;:]/).map(number);
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k];
      if (code === 0) {
        this.fg = -1;
        this.bg = -1;
        this.bold = false;
        this.italic = false;
        this.underline = false;
      } else if (code === 1) this.bold = true;
      else if (code === 3) this.italic = true;
      else if (code === 4) this.underline = true;
      else if (code === 22) this.bold = false;
      else if (code === 23) this.italic = false;
      else if (code === 24) this.underline = false;
      else if (code >= 30 && code <= 37) this.fg = code - 30;
      else if (code === 39) this.fg = -1;
      else if (code >= 40 && code <= 47) this.bg = code - 40;
      else if (code === 49) this.bg = -1;
      else if (code >= 90 && code <= 97) this.fg = code - 90 + 8;
      else if (code >= 100 && code <= 107) this.bg = code - 100 + 8;
      else if (code === 38 || code === 48) {
        let colour = -2;
        if (k + 2 < codes.length && codes[k + 1] === 5) {
          colour = codes[k + 2] >= 0 && codes[k + 2] <= 255 ? codes[k + 2] : -2;
          k += 2;
        } else if (k + 4 < codes.length && codes[k + 1] === 2) {
          colour = 0x1000000 + channel(codes[k + 2]) * 65536 + channel(codes[k + 3]) * 256 + channel(codes[k + 4]);
          k += 4;
        } else {
          k = codes.length; // malformed: ignore the rest
        }
        if (colour !== -2) {
          if (code === 38) this.fg = colour;
          else this.bg = colour;
        }
      }
    }
  }

  addText(text) {
    const classes = this.classes();
    const css = this.css();
    const last = this.segments[this.segments.length - 1];
    if (last && last.classes === classes && last.css === css) {
      last.text += text;
    } else {
      this.segments.push({ text, classes, css });
    }
  }

  classes() {
    const names = [];
    if (this.fg >= 0 && this.fg < 16) names.push("t-fg" + this.fg);
    if (this.bg >= 0 && this.bg < 16) names.push("t-bg" + this.bg);
    if (this.bold) names.push("t-b");
    if (this.italic) names.push("t-i");
    if (this.underline) names.push("t-u");
    return names.join(" ");
  }

  css() {
    const rules = [];
    if (this.fg >= 16) rules.push("color:" + hex(this.fg));
    if (this.bg >= 16) rules.push("background-color:" + hex(this.bg));
    return rules.join(";");
  }
}

function option(options, name) {
  return options.split(",").some((o) => o === name + "=true");
}

function channel(value) {
  return Math.max(0, Math.min(value, 255));
}

/** A parameter's value: empty is 0; anything else that is not a number is ignored as an unknown code. */
function number(text) {
  if (text.length === 0) return 0;
  if (text.length > 6) return 999999;
  if (!/^[0-9]+$/.test(text)) return -1;
  return parseInt(text, 10);
}

/** The xterm palette above the 16 basic colours: a 6×6×6 cube and 24 greys; or a true colour. */
export function hex(colour) {
  let rgb;
  if (colour >= 0x1000000) {
    rgb = colour - 0x1000000;
  } else if (colour < 232) {
    const index = colour - 16;
    const levels = [0, 95, 135, 175, 215, 255];
    rgb = levels[Math.floor(index / 36)] * 65536 + levels[Math.floor(index / 6) % 6] * 256 + levels[index % 6];
  } else {
    const grey = 8 + (colour - 232) * 10;
    rgb = grey * 65536 + grey * 256 + grey;
  }
  return "#" + rgb.toString(16).padStart(6, "0");
}
