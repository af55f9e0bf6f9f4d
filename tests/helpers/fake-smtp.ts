import net from "node:net";

/**
 * Just enough of an SMTP server to receive messages in plain text, on loopback. `greetingDelayMs`
 * slows each delivery down (the client waits for the greeting) so that deliverers in several
 * processes really overlap.
 */
export function fakeSmtp({ greetingDelayMs = 0 }: { greetingDelayMs?: number } = {}) {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = "";
    let inData = false;
    const greet = () => socket.write("220 fake.test ESMTP\r\n");
    if (greetingDelayMs > 0) setTimeout(greet, greetingDelayMs);
    else greet();
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 2.0.0 queued\r\n");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250-fake.test\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 OK\r\n");
      }
    });
  });
  return { server, messages };
}
