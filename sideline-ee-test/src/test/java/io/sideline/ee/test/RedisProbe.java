package io.sideline.ee.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Asks a Redis one inline command over a plain socket (RESP), so the kit's tests need no client library. */
final class RedisProbe {

    private RedisProbe() {
    }

    /** The reply: a status line ({@code +PONG}) or the text of a bulk string. */
    static String command(String url, String command) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (!first.startsWith("$")) {
                return first;
            }
            int length = Integer.parseInt(first.substring(1));
            return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code CONFIG GET} value. */
    static String configValue(String url, String name) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("CONFIG GET " + name + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            line(in); // *2
            line(in); // $n
            line(in); // the name
            int length = Integer.parseInt(line(in).substring(1));
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection after: " + line);
            }
            line.append((char) c);
        }
        in.read(); // \n
        return line.toString();
    }
}
